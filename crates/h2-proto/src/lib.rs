//! A sans-IO HTTP/2 connection (RFC 9113): bytes in, events out; actions in, bytes out.
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
pub use connection::{Connection, ConnectionState, StreamPriority};
pub use error::{Error, ProtocolError, ReceiveError, UsageError};
pub use event::*;
pub use http::{Base64UrlError, FieldPart, HeaderError, Priority};
pub use limits::{Limit, Limits};
pub use stream::{ClosedBy, StreamState};

pub use bytes::Bytes;
pub use h2_frame::{ErrorCode, Setting, SettingId, Side, StreamId};
pub use h2_hpack::HeaderField;
pub use h2_settings::{ChangedSetting, LocalSettings, Settings};
