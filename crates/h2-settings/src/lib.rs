//! HTTP/2 settings and flow-control windows (RFC 9113 §6.5, §6.9), without
//! I/O.
//!
//! The negotiation state both ends of a connection keep: what each side has
//! asked for, what is in force, and how much each side may still send. This
//! crate never reads a clock, opens a socket or builds a frame; the
//! connection layer (`h2-proto`) feeds it the SETTINGS and WINDOW_UPDATE
//! values it decodes and sends what it returns.
//!
//! ```text
//!  peer's SETTINGS ──► Settings::apply ──► Vec<ChangedSetting> (send the ACK)
//!  our change ───────► LocalSettings::update ──► payload to send (queued)
//!  peer's ACK ───────► LocalSettings::acknowledge ──► oldest frame applied
//!  DATA sent / WINDOW_UPDATE received ──► Window::consume / increase
//!  DATA received / processed ──► RecvWindow::receive / acknowledge ──► WINDOW_UPDATE?
//!  INITIAL_WINDOW_SIZE changed ──► apply_initial_window_delta(all stream windows)
//! ```
//!
//! - [`Settings`]: the values one side has in force, with the RFC 9113
//!   initial values and typed getters. [`Settings::apply`] takes a SETTINGS
//!   frame from the peer, all or nothing, and reports every entry as a
//!   [`ChangedSetting`].
//! - [`validate`]: each value's rule and the RFC error code it calls for
//!   ([`SettingsError::code`]).
//! - [`LocalSettings`]: our settings and the bounded queue of SETTINGS frames
//!   awaiting the peer's ACK, one frame applied per ACK (RFC 9113 §6.5.3).
//! - [`Window`]: a signed window that may go negative after an
//!   INITIAL_WINDOW_SIZE decrease and refuses to grow past 2^31-1
//!   ([`WindowError`], which knows stream from connection).
//! - [`RecvWindow`]: a receive window with Python h2's automatic
//!   WINDOW_UPDATE strategy (SPEC FC-7), a configurable threshold and an
//!   optional larger target.
//!
//! Every operation is transactional: when it fails, nothing has changed.
//!
//! ```
//! use h2_frame::{ErrorCode, Setting, SettingId};
//! use h2_settings::{apply_initial_window_delta, Settings, Window};
//!
//! // A client's view of the server, and its windows for sending.
//! let mut remote = Settings::server();
//! let mut streams = vec![Window::stream(remote.initial_window_size())];
//! streams[0].consume(60_000)?;
//!
//! // The server lowers INITIAL_WINDOW_SIZE: every stream window shifts.
//! for change in remote.apply(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, 16_384)])? {
//!     if let Some(delta) = change.window_delta() {
//!         apply_initial_window_delta(streams.iter_mut(), delta)?;
//!     }
//! }
//! assert_eq!(streams[0].available(), -43_616);
//!
//! // A value the RFC forbids comes back with its error code.
//! let err = remote.apply(&[Setting::new(SettingId::ENABLE_PUSH, 1)]).unwrap_err();
//! assert_eq!(err.code(), ErrorCode::PROTOCOL_ERROR);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

extern crate alloc;

mod error;
mod local;
mod recv_window;
mod settings;
mod validate;
mod window;

pub use error::{SettingsError, WindowError};
pub use local::LocalSettings;
pub use recv_window::RecvWindow;
pub use settings::{ChangedSetting, Settings};
pub use validate::validate;
pub use window::{apply_initial_window_delta, AdjustableWindow, Window, WindowScope};

/// The largest flow-control window and INITIAL_WINDOW_SIZE, 2^31-1 (RFC 9113
/// §6.9.1).
pub const MAX_WINDOW_SIZE: u32 = (1 << 31) - 1;

/// The initial size of every window, 65,535 octets (RFC 9113 §6.9.2).
pub const DEFAULT_WINDOW_SIZE: u32 = 65_535;

/// The initial SETTINGS_HEADER_TABLE_SIZE, 4096 octets (RFC 9113 §6.5.2).
pub const DEFAULT_HEADER_TABLE_SIZE: u32 = 4_096;

/// The initial SETTINGS_MAX_FRAME_SIZE, 2^14 octets, which is also the
/// smallest allowed (RFC 9113 §6.5.2).
pub const DEFAULT_MAX_FRAME_SIZE: u32 = 1 << 14;

/// The largest SETTINGS_MAX_FRAME_SIZE, 2^24-1 (RFC 9113 §6.5.2).
pub const MAX_FRAME_SIZE_LIMIT: u32 = (1 << 24) - 1;
