//! A sans-IO HTTP/2 connection (RFC 9113): bytes in, events out; actions
//! in, bytes out. The Rust counterpart of Python's `h2` (`H2Connection`),
//! following RFC 9113 where the two differ (`docs/decisions.md`).
//!
//! A [`Connection`] holds the whole protocol state of one HTTP/2 connection.
//! It does no I/O and reads no clock, so it works unchanged under tokio, mio,
//! a blocking loop or an embedded executor. The contract, in one screen:
//!
//! - **Make it** with [`Connection::new`] and a [`Config`] (client or
//!   server, header rules, the settings to advertise, [`Limits`]); call
//!   [`initiate_connection`](Connection::initiate_connection) first.
//! - **Inputs**: give every byte the transport delivers to
//!   [`receive_data`](Connection::receive_data) (or
//!   [`receive_data_into`](Connection::receive_data_into), which reuses your
//!   `Vec`). You get back [`Event`]s in order. A stream error resets only its
//!   stream ([`StreamReset`] event); a connection error is an `Err`
//!   ([`ReceiveError`]) that still carries the events before it, with the
//!   GOAWAY already queued.
//! - **Actions**: [`send_headers`](Connection::send_headers),
//!   [`send_data`](Connection::send_data), [`end_stream`](Connection::end_stream),
//!   [`reset_stream`](Connection::reset_stream),
//!   [`push_stream`](Connection::push_stream), [`ping`](Connection::ping),
//!   [`send_priority_update`](Connection::send_priority_update),
//!   [`update_settings`](Connection::update_settings),
//!   [`close_connection`](Connection::close_connection), the flow-control
//!   calls. Each either succeeds and queues frames, or fails and changes
//!   nothing.
//! - **Outputs**: after every input and every batch of actions, write
//!   [`data_to_send`](Connection::data_to_send) to the transport.
//! - **Getters**: windows, frame sizes, stream counts and states, settings.
//! - **HTTP semantics** (RFC 9113 §8): header blocks are normalised and
//!   checked both ways as [`Config`] says; each stream's content is checked
//!   against its content-length, HEAD/204/304 responses carry none, 1xx and
//!   trailers come in their place, CONNECT and extended CONNECT (RFC 8441)
//!   streams become tunnels. A received breach resets only its stream; one
//!   we are asked to send is refused. Priority signals (RFC 7540 and RFC
//!   9218), ALTSVC and ORIGIN are reported as events; scheduling is yours.
//!
//! ```
//! use h2_proto::{Config, Connection, Event, HeaderField};
//!
//! let mut client = Connection::new(Config::client());
//! let mut server = Connection::new(Config::server());
//! client.initiate_connection()?;
//! server.initiate_connection()?;
//!
//! // The client sends a request with a body.
//! let id = client.get_next_available_stream_id()?;
//! client.send_headers(
//!     id,
//!     [(":method", "POST"), (":scheme", "https"), (":authority", "example.com"), (":path", "/echo")],
//!     false,
//! )?;
//! client.send_data(id, b"hello", true, None)?;
//!
//! // Bytes travel: here in memory, normally over a socket.
//! let mut events = server.receive_data(&client.data_to_send())?;
//! client.receive_data(&server.data_to_send())?; // SETTINGS and ACKs
//! events.extend(server.receive_data(&client.data_to_send())?);
//!
//! // The server answers once the request has ended, echoing the body.
//! let mut body = Vec::new();
//! for event in events {
//!     match event {
//!         Event::DataReceived(data) => {
//!             body.extend_from_slice(&data.data);
//!             server.acknowledge_received_data(data.flow_controlled_length, data.stream_id)?;
//!         }
//!         Event::StreamEnded(ended) => {
//!             server.send_headers(ended.stream_id, [HeaderField::new(":status", "200")], false)?;
//!             server.send_data(ended.stream_id, &body, true, None)?;
//!         }
//!         _ => {}
//!     }
//! }
//! let events = client.receive_data(&server.data_to_send())?;
//! assert!(matches!(&events[0], Event::ResponseReceived(r) if r.stream_id == id));
//! assert!(matches!(&events[1], Event::DataReceived(d) if d.data == "hello"));
//! assert!(matches!(events[2], Event::StreamEnded(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The stream state machine (RFC 9113 §5.1) and the connection's life
//! cycle are explicit transition tables, checked in as `docs/fsm/*.txt`.
//! Nothing a peer does makes the connection hold an unbounded amount of
//! state: see [`Limits`]. With the `log` feature, state changes and frames
//! are logged through the `log` facade (target `h2_proto`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod config;
mod connection;
mod error;
mod event;
mod http;
mod limits;
mod log;
mod stream;

#[cfg(test)]
mod fsm_table;

pub use config::Config;
pub use connection::{Connection, ConnectionState, StreamPriority, UpgradeRequest};
pub use error::{Error, ProtocolError, ReceiveError, UsageError};
pub use event::*;
pub use http::{Base64UrlError, FieldPart, HeaderError, Priority};
pub use limits::{Limit, Limits};
pub use stream::{ClosedBy, StreamState};

pub use bytes::Bytes;
pub use h2_frame::{ErrorCode, Setting, SettingId, Side, StreamId, PREFACE};
pub use h2_hpack::HeaderField;
pub use h2_settings::{ChangedSetting, LocalSettings, Settings};
