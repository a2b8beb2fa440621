//! HTTP/2 settings and flow-control windows (RFC 9113 §6.5, §6.9), without I/O.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
