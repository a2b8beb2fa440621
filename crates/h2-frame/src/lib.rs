//! HTTP/2 frame codec (RFC 9113 §4–§6), without I/O.
//!
//! This crate turns bytes into typed frames and frames into bytes. It knows
//! nothing about HPACK (a header block is opaque bytes here), streams, or flow
//! control; those live in the crates above it. It never reads a clock and
//! never touches a socket.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

extern crate alloc;

mod macros;

mod error_code;
mod kind;
mod setting_id;
mod side;
mod stream_id;

pub use error_code::ErrorCode;
pub use kind::FrameKind;
pub use setting_id::{Setting, SettingId};
pub use side::Side;
pub use stream_id::StreamId;
