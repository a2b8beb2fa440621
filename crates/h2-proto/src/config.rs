//! What a [`Connection`](crate::Connection) is told when it is made: its
//! role, its header rules, the settings it advertises and its limits
//! (SPEC CFG-1..CFG-9).

use h2_frame::{Setting, SettingId, Side};
use h2_settings::Settings;

use crate::Limits;

/// The configuration of one connection, Python h2's `H2Configuration` plus
/// the settings to advertise and the denial-of-service [`Limits`].
///
/// Every field is public and can be changed before the connection is made;
/// the connection keeps its own copy ([`Connection::config`]).
///
/// Python's `header_encoding` has no counterpart: header names and values
/// are always bytes ([`Bytes`](bytes::Bytes)), and a caller that wants text
/// converts with `std::str::from_utf8`, so a decoding failure can never
/// escape as a stray error (SPEC CFG-3, quirk Q-10). Logging goes through
/// the `log` facade when the crate's `log` feature is on (target
/// `h2_proto`), and costs nothing when it is off (SPEC CFG-8).
///
/// ```
/// use h2_frame::{Setting, SettingId, Side};
/// use h2_proto::Config;
///
/// let mut config = Config::server();
/// config.validate_inbound_headers = true;
/// config.local_settings = config
///     .local_settings
///     .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 250))
///     .unwrap();
/// assert_eq!(config.side, Side::Server);
/// assert_eq!(config.local_settings.max_concurrent_streams(), Some(250));
/// ```
///
/// [`Connection::config`]: crate::Connection::config
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Client or server (SPEC CFG-2): whether the preface is sent or
    /// expected, which stream ids are ours, who may push.
    pub side: Side,
    /// Check the header blocks we send against RFC 9113 §8 (SPEC CFG-4).
    pub validate_outbound_headers: bool,
    /// Lowercase names, strip surrounding whitespace, drop connection-specific
    /// fields and mark credentials never-indexed before sending (SPEC CFG-5).
    pub normalize_outbound_headers: bool,
    /// Split a `cookie` field into one field per crumb before sending, for
    /// better compression (RFC 9113 §8.2.3; Python h2 4.2.0's option).
    pub split_outbound_cookies: bool,
    /// Check received header blocks against RFC 9113 §8; a malformed block
    /// resets its stream (SPEC CFG-6).
    pub validate_inbound_headers: bool,
    /// Join received `cookie` fields into one (SPEC CFG-7).
    pub normalize_inbound_headers: bool,
    /// The settings `initiate_connection` advertises, in this order (SPEC
    /// API-10). Its side must be [`side`](Self::side). The default is RFC
    /// 9113's initial values for the side plus MAX_CONCURRENT_STREAMS 100
    /// and MAX_HEADER_LIST_SIZE 65,536, which are enforced from the first
    /// byte (SPEC API-3). A server adds SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
    /// to accept extended CONNECT (RFC 8441, WebSockets over HTTP/2); either
    /// side adds SETTINGS_NO_RFC7540_PRIORITIES = 1 to stop hearing of RFC
    /// 7540 priority signals (RFC 9218 §2.1; it can only be set here, in the
    /// first SETTINGS frame).
    pub local_settings: Settings,
    /// The denial-of-service limits.
    pub limits: Limits,
}

impl Config {
    /// The default configuration for `side`: every header switch on except
    /// cookie splitting, Python h2's settings, default [`Limits`].
    pub fn new(side: Side) -> Self {
        Self {
            side,
            validate_outbound_headers: true,
            normalize_outbound_headers: true,
            split_outbound_cookies: false,
            validate_inbound_headers: true,
            normalize_inbound_headers: true,
            local_settings: default_local_settings(side),
            limits: Limits::DEFAULT,
        }
    }

    /// `Config::new(Side::Client)`.
    pub fn client() -> Self {
        Self::new(Side::Client)
    }

    /// `Config::new(Side::Server)`.
    pub fn server() -> Self {
        Self::new(Side::Server)
    }
}

impl Default for Config {
    /// A client, as `H2Configuration()` (SPEC API-1).
    fn default() -> Self {
        Self::client()
    }
}

/// The maximum number of concurrent streams we allow by default (SPEC DOS-1).
pub(crate) const DEFAULT_MAX_CONCURRENT_STREAMS: u32 = 100;
/// The header list size we allow by default (SPEC DOS-2).
pub(crate) const DEFAULT_MAX_HEADER_LIST_SIZE: u32 = 65_536;

fn default_local_settings(side: Side) -> Settings {
    let mut settings = Settings::new(side);
    // Both values are valid for either side, so this cannot fail.
    let _ = settings.apply(&[
        Setting::new(
            SettingId::MAX_CONCURRENT_STREAMS,
            DEFAULT_MAX_CONCURRENT_STREAMS,
        ),
        Setting::new(
            SettingId::MAX_HEADER_LIST_SIZE,
            DEFAULT_MAX_HEADER_LIST_SIZE,
        ),
    ]);
    settings
}
