//! A sans-IO HTTP/2 connection (RFC 9113): bytes in, events out; actions in, bytes out.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
