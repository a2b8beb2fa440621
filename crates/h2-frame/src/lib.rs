//! HTTP/2 frame codec (RFC 9113 §4–§6), without I/O.
//!
//! This crate turns bytes into typed frames and frames into bytes. It knows
//! nothing about HPACK (a header block is opaque bytes here), streams, or flow
//! control; those live in the crates above it. It never reads a clock and
//! never touches a socket.
//!
//! - [`FrameDecoder`] splits frames off a byte stream that arrives in chunks
//!   of any size, expects the client connection preface on the server side,
//!   and rejects an oversized frame as soon as its 9-octet header is in.
//! - [`Frame`] is every frame type of RFC 9113 §6 plus ALTSVC (RFC 7838),
//!   ORIGIN (RFC 8336) and PRIORITY_UPDATE (RFC 9218); other types are kept
//!   as [`Unknown`]. Parsing is zero-copy: payloads are [`Bytes`](bytes::Bytes)
//!   slices of the input. [`Frame::encode`] writes the exact wire bytes.
//! - Every framing rule the RFCs set is checked; a violation is a
//!   [`FrameError`] that knows its error code ([`FrameError::code`]) and
//!   whether it is a stream or a connection error ([`FrameError::scope`]).
//! - [`write_header_block`] splits an encoded header block into HEADERS or
//!   PUSH_PROMISE plus CONTINUATION frames under a maximum frame size.
//!
//! ```
//! use bytes::BytesMut;
//! use h2_frame::{ErrorScope, Frame, FrameDecoder, Side, PREFACE};
//!
//! // What a server receives: the preface, an empty SETTINGS, a PING.
//! let mut buf = BytesMut::new();
//! buf.extend_from_slice(PREFACE);
//! buf.extend_from_slice(&[0, 0, 0, 0x4, 0, 0, 0, 0, 0]);
//! buf.extend_from_slice(&[0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
//!
//! let mut decoder = FrameDecoder::for_side(Side::Server);
//! loop {
//!     match decoder.decode(&mut buf) {
//!         Ok(Some(frame)) => println!("{:?} on stream {}", frame.kind(), frame.stream_id()),
//!         Ok(None) => break, // need more bytes
//!         Err(err) if err.scope() == ErrorScope::Connection => {
//!             panic!("GOAWAY {:?}: {err}", err.code())
//!         }
//!         Err(err) => println!("RST_STREAM {:?}: {err}", err.code()),
//!     }
//! }
//! assert!(buf.is_empty());
//! ```
//!
//! # Panics
//!
//! Decoding never panics, whatever the input: every malformed frame is a
//! [`FrameError`]. Encoding panics in one case only: a frame its caller
//! built that the wire cannot express, because its payload passes the 24-bit
//! length field (2^24-1 octets) or an ALTSVC or ORIGIN origin passes its
//! 16-bit length (65,535 octets). That is a caller bug, like an index out of
//! bounds: the frame types have public fields, so no constructor can refuse
//! such a frame, and any frame within the peer's SETTINGS_MAX_FRAME_SIZE
//! (which the sender must respect anyway, RFC 9113 §4.2) is far from it. The
//! check runs before the first octet is written, so `dst` is never left
//! holding half a frame. `h2-proto` checks every size against the peer's
//! maximum before it encodes.
//!
//! Features: `std` (default; without it the crate is `no_std` + `alloc`),
//! `arbitrary` (derives `arbitrary::Arbitrary` for the frame types,
//! generating only valid frames, so that they round-trip).
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

extern crate alloc;

mod macros;

#[cfg(feature = "arbitrary")]
mod arb;
mod decoder;
mod error;
mod error_code;
mod flags;
mod frame;
mod header;
mod header_block;
mod kind;
mod padding;
mod preface;
mod setting_id;
mod side;
mod stream_id;

pub use decoder::FrameDecoder;
pub use error::{ErrorScope, FrameError};
pub use error_code::ErrorCode;
pub use flags::Flags;
pub use frame::{
    AltSvc, Continuation, Data, Frame, GoAway, Headers, Origin, Ping, Priority, PrioritySpec,
    PriorityUpdate, PushPromise, RstStream, Settings, Unknown, WindowUpdate,
};
pub use header::FrameHeader;
pub use header_block::{write_header_block, HeaderBlockStart, InvalidMaxFrameSize};
pub use kind::FrameKind;
pub use preface::PREFACE;
pub use setting_id::{Setting, SettingId};
pub use side::Side;
pub use stream_id::StreamId;
