//! Setting identifiers (RFC 9113 §6.5.2 and extensions).

use crate::macros::open_code;

open_code! {
    /// The 16-bit identifier of a setting carried in a SETTINGS frame.
    ///
    /// "An endpoint that receives a SETTINGS frame with any unknown or
    /// unsupported identifier MUST ignore that setting" (RFC 9113 §6.5.2), so
    /// unknown identifiers are kept, not rejected.
    pub struct SettingId(u16);
    /// SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2).
    HEADER_TABLE_SIZE = 0x1;
    /// SETTINGS_ENABLE_PUSH (RFC 9113 §6.5.2).
    ENABLE_PUSH = 0x2;
    /// SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2).
    MAX_CONCURRENT_STREAMS = 0x3;
    /// SETTINGS_INITIAL_WINDOW_SIZE (RFC 9113 §6.5.2).
    INITIAL_WINDOW_SIZE = 0x4;
    /// SETTINGS_MAX_FRAME_SIZE (RFC 9113 §6.5.2).
    MAX_FRAME_SIZE = 0x5;
    /// SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2).
    MAX_HEADER_LIST_SIZE = 0x6;
    /// SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3).
    ENABLE_CONNECT_PROTOCOL = 0x8;
    /// SETTINGS_NO_RFC7540_PRIORITIES (RFC 9218 §2.1).
    NO_RFC7540_PRIORITIES = 0x9;
}

/// One `(identifier, value)` pair of a SETTINGS frame, as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Setting {
    /// Which setting.
    pub id: SettingId,
    /// Its value, not yet validated (validation belongs to `h2-settings`).
    pub value: u32,
}

impl Setting {
    /// A setting pair.
    pub const fn new(id: SettingId, value: u32) -> Self {
        Self { id, value }
    }
}
