//! HPACK: header compression for HTTP/2 (RFC 7541), without I/O.
//!
//! This crate turns header lists into header blocks and back. It knows
//! nothing of frames, streams or sockets: the caller hands the [`Decoder`] one
//! complete header block (the payloads of a HEADERS or PUSH_PROMISE frame and
//! its CONTINUATION frames, joined) and gets the fields back; the [`Encoder`]
//! writes one block for a header list into a buffer the caller owns.
//!
//! - **Zero-copy decoding.** A literal that is not Huffman-coded and not added
//!   to the dynamic table is returned as a slice of the block. Huffman-coded
//!   strings are decoded (a byte-at-a-time state machine) into a shared buffer,
//!   so a block costs at most a handful of allocations, not one per string.
//! - **Bounded memory.** The decoder checks the header list size while it
//!   decodes, so a block that references one large entry thousands of times
//!   (the "HPACK bomb", CVE-2016-6581) is refused without growing; dynamic
//!   table entries are copied into table-owned storage, so they never pin the
//!   caller's receive buffers.
//! - **Typed errors** that say whether the connection must fail with
//!   COMPRESSION_ERROR or only the header list was refused
//!   ([`DecodeError::kind`]).
//! - **An encoder with a real indexing strategy**: O(1) exact and name lookups
//!   in both tables, Huffman only where it is shorter, never-indexed literals
//!   for sensitive fields (and, by default, for credentials and short cookies),
//!   and a cap on the dynamic table size it will use.
//!
//! `no_std` (with `alloc`) when the default `std` feature is off. The
//! `arbitrary` feature implements `arbitrary::Arbitrary` for [`HeaderField`].
//!
//! # Example
//!
//! ```
//! use bytes::BytesMut;
//! use h2_hpack::{Decoder, Encoder, HeaderField};
//!
//! let fields = [
//!     HeaderField::new(":method", "GET"),
//!     HeaderField::new(":path", "/index.html"),
//!     HeaderField::new("user-agent", "example/1.0"),
//!     HeaderField::sensitive("authorization", "Bearer secret"),
//! ];
//!
//! let mut encoder = Encoder::new();
//! let mut block = BytesMut::new();
//! encoder.encode(&fields, &mut block);
//!
//! let mut decoder = Decoder::new();
//! let mut decoded = Vec::new();
//! decoder.decode(&block.freeze(), &mut decoded)?;
//! assert_eq!(decoded, fields);
//! # Ok::<(), h2_hpack::DecodeError>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

extern crate alloc;

mod arena;
mod decoder;
mod encoder;
mod error;
mod field;
mod hash;
mod huffman;
mod integer;
mod string;
mod table;

pub use decoder::{Decoder, DEFAULT_MAX_HEADER_LIST_SIZE, DEFAULT_MAX_STRING_LENGTH};
pub use encoder::Encoder;
pub use error::{DecodeError, DecodeErrorKind};
pub use field::HeaderField;

/// The dynamic table size both sides start with (RFC 7541 §4.2, RFC 9113
/// §6.5.2: the initial value of SETTINGS_HEADER_TABLE_SIZE).
pub const DEFAULT_TABLE_SIZE: usize = 4096;
