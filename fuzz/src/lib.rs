//! Bodies of the fuzz targets, one function per target.
//!
//! Each `fuzz_targets/<name>.rs` is a one-line call into this library (as in
//! rustls), so the same bodies can be replayed on stable over the checked-in
//! corpora by `tests/replay.rs`. Every body checks an oracle, not only "no
//! panic".
#![forbid(unsafe_code)]
