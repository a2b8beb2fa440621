//! Test support for the h2 crates. Single-threaded, no sockets, no sleeps.
//!
//! - [`Pair`]: a client and a server [`Connection`] wired back to back.
//!   [`Pair::drive`] moves each side's output into the other's input until
//!   both are quiet, collecting events per side; transfers can be cut into
//!   1-byte or random chunks ([`Chunking`]), and frames in flight can be
//!   dropped or rewritten ([`Pair::drive_altered`]).
//! - [`RawPeer`]: one [`Connection`] under test, facing a scripted peer
//!   built from `h2-frame` and `h2-hpack` alone, so a test can send what no
//!   correct stack would and assert the exact GOAWAY or RST_STREAM back.
//! - [`fields`]: header lists for requests, responses and trailers.
//! - [`memory`]: a heap meter for test binaries that install the counting
//!   allocator, and [`RawPeer::flood`], which feeds an attack the way a
//!   socket would and samples what the connection buffers.
//!
//! ```
//! use h2_testkit::{fields, Pair};
//! use h2_proto::{Event, StreamId};
//!
//! let mut pair = Pair::new();
//! let id = pair.client.get_next_available_stream_id().unwrap();
//! pair.client.send_headers(id, fields::request("GET", "/"), true).unwrap();
//! pair.drive();
//! let events = pair.take_server_events();
//! assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == id));
//! pair.server.send_headers(id, fields::response(200), true).unwrap();
//! pair.drive();
//! assert!(matches!(&pair.take_client_events()[0], Event::ResponseReceived(_)));
//! assert_eq!(id, StreamId::new(1));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod fields;
pub mod memory;
mod pair;
mod raw_peer;

pub use pair::{Chunking, Direction, DriveError, Pair};
pub use raw_peer::{Flood, HeadersBuilder, RawPeer};

pub use h2_proto::Connection;

/// Bytes from a hex string; whitespace is skipped.
///
/// # Panics
///
/// On a character that is not a hex digit, or an odd number of digits.
pub fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => panic!("not a hex digit: {:?}", b as char),
        })
        .collect();
    assert!(digits.len() % 2 == 0, "odd number of hex digits");
    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
}
