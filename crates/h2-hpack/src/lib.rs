//! HPACK: header compression for HTTP/2 (RFC 7541), without I/O.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
