//! The errors of this crate, each knowing the RFC error code it calls for.

use h2_frame::{ErrorCode, Setting, SettingId};

use crate::window::WindowScope;

/// A setting value the RFCs forbid, or a misuse of the pending-ACK queue.
///
/// Every variant knows its RFC error code ([`code`](Self::code)). The value
/// errors are connection errors (RFC 9113 §6.5: "A badly formed or incomplete
/// SETTINGS frame MUST be treated as a connection error"); the offending pair
/// is available from [`setting`](Self::setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// SETTINGS_ENABLE_PUSH was neither 0 nor 1 (RFC 9113 §6.5.2).
    #[error("SETTINGS_ENABLE_PUSH must be 0 or 1, got {value}")]
    EnablePushNotBoolean {
        /// The value received or requested.
        value: u32,
    },
    /// A server sent SETTINGS_ENABLE_PUSH = 1 (RFC 9113 §6.5.2).
    #[error("a server must not send SETTINGS_ENABLE_PUSH = 1")]
    PushEnabledByServer,
    /// SETTINGS_INITIAL_WINDOW_SIZE was above 2^31-1 (RFC 9113 §6.5.2).
    #[error("SETTINGS_INITIAL_WINDOW_SIZE {value} is above 2^31-1")]
    InitialWindowSizeTooLarge {
        /// The value received or requested.
        value: u32,
    },
    /// SETTINGS_MAX_FRAME_SIZE was outside 2^14..=2^24-1 (RFC 9113 §6.5.2).
    #[error("SETTINGS_MAX_FRAME_SIZE {value} is outside 16384..=16777215")]
    MaxFrameSizeOutOfRange {
        /// The value received or requested.
        value: u32,
    },
    /// SETTINGS_ENABLE_CONNECT_PROTOCOL was neither 0 nor 1 (RFC 8441 §3).
    #[error("SETTINGS_ENABLE_CONNECT_PROTOCOL must be 0 or 1, got {value}")]
    EnableConnectProtocolNotBoolean {
        /// The value received or requested.
        value: u32,
    },
    /// SETTINGS_ENABLE_CONNECT_PROTOCOL went back from 1 to 0 (RFC 8441 §3).
    #[error("SETTINGS_ENABLE_CONNECT_PROTOCOL went back from 1 to 0")]
    ConnectProtocolWithdrawn,
    /// SETTINGS_NO_RFC7540_PRIORITIES was neither 0 nor 1 (RFC 9218 §2.1).
    #[error("SETTINGS_NO_RFC7540_PRIORITIES must be 0 or 1, got {value}")]
    NoRfc7540PrioritiesNotBoolean {
        /// The value received or requested.
        value: u32,
    },
    /// SETTINGS_NO_RFC7540_PRIORITIES changed after it was first sent
    /// (RFC 9218 §2.1).
    #[error("SETTINGS_NO_RFC7540_PRIORITIES changed from {previous} to {value}")]
    NoRfc7540PrioritiesChanged {
        /// The value sent earlier.
        previous: u32,
        /// The new, different value.
        value: u32,
    },
    /// [`LocalSettings::update`](crate::LocalSettings::update) was called
    /// while `limit` SETTINGS frames already await the peer's ACK. Nothing
    /// was queued.
    #[error("{limit} SETTINGS frames already await acknowledgement")]
    TooManyPending {
        /// The configured bound on unacknowledged SETTINGS frames.
        limit: usize,
    },
    /// A SETTINGS ACK arrived while no SETTINGS frame of ours awaited one.
    #[error("SETTINGS ACK received with no SETTINGS frame awaiting acknowledgement")]
    UnexpectedAck,
}

impl SettingsError {
    /// The RFC error code to send in GOAWAY if this ends the connection.
    ///
    /// FLOW_CONTROL_ERROR for an oversized INITIAL_WINDOW_SIZE (RFC 9113
    /// §6.5.2), PROTOCOL_ERROR for every other bad value and for an
    /// unexpected ACK, and SETTINGS_TIMEOUT for [`Self::TooManyPending`]: the
    /// code RFC 9113 §6.5.3 gives an endpoint that stops waiting for the
    /// peer's acknowledgements.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Self::InitialWindowSizeTooLarge { .. } => ErrorCode::FLOW_CONTROL_ERROR,
            Self::TooManyPending { .. } => ErrorCode::SETTINGS_TIMEOUT,
            Self::EnablePushNotBoolean { .. }
            | Self::PushEnabledByServer
            | Self::MaxFrameSizeOutOfRange { .. }
            | Self::EnableConnectProtocolNotBoolean { .. }
            | Self::ConnectProtocolWithdrawn
            | Self::NoRfc7540PrioritiesNotBoolean { .. }
            | Self::NoRfc7540PrioritiesChanged { .. }
            | Self::UnexpectedAck => ErrorCode::PROTOCOL_ERROR,
        }
    }

    /// The offending `(identifier, value)` pair, for the value errors;
    /// `None` for [`Self::TooManyPending`] and [`Self::UnexpectedAck`].
    pub const fn setting(&self) -> Option<Setting> {
        let (id, value) = match *self {
            Self::EnablePushNotBoolean { value } => (SettingId::ENABLE_PUSH, value),
            Self::PushEnabledByServer => (SettingId::ENABLE_PUSH, 1),
            Self::InitialWindowSizeTooLarge { value } => (SettingId::INITIAL_WINDOW_SIZE, value),
            Self::MaxFrameSizeOutOfRange { value } => (SettingId::MAX_FRAME_SIZE, value),
            Self::EnableConnectProtocolNotBoolean { value } => {
                (SettingId::ENABLE_CONNECT_PROTOCOL, value)
            }
            Self::ConnectProtocolWithdrawn => (SettingId::ENABLE_CONNECT_PROTOCOL, 0),
            Self::NoRfc7540PrioritiesNotBoolean { value }
            | Self::NoRfc7540PrioritiesChanged { value, .. } => {
                (SettingId::NO_RFC7540_PRIORITIES, value)
            }
            Self::TooManyPending { .. } | Self::UnexpectedAck => return None,
        };
        Some(Setting::new(id, value))
    }
}

/// A flow-control operation that would break the window's bounds. The window
/// is left exactly as it was.
///
/// [`code`](Self::code) is always FLOW_CONTROL_ERROR;
/// [`is_connection_error`](Self::is_connection_error) says whether RFC 9113
/// calls for GOAWAY or lets the caller reset only the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WindowError {
    /// An increase (WINDOW_UPDATE, or a manual one) would take the window
    /// past 2^31-1 (RFC 9113 §6.9.1).
    #[error("{scope} flow-control window of {available} cannot grow by {increment} past 2^31-1")]
    Overflow {
        /// Which window.
        scope: WindowScope,
        /// The window before the refused increase.
        available: i32,
        /// The refused increment.
        increment: u32,
    },
    /// More flow-controlled octets than the window allows (RFC 9113 §6.9.1).
    #[error("{requested} octets exceed the {scope} flow-control window of {available}")]
    Exceeded {
        /// Which window.
        scope: WindowScope,
        /// The window before the refused consumption.
        available: i32,
        /// The octets that were to be sent or were received.
        requested: u32,
    },
    /// A SETTINGS_INITIAL_WINDOW_SIZE change would take the window past
    /// 2^31-1 (RFC 9113 §6.9.2), or below -(2^31-1), which valid settings
    /// never do.
    #[error("changing the initial window size by {delta} takes the {scope} window of {available} out of range")]
    DeltaOutOfRange {
        /// Which window.
        scope: WindowScope,
        /// The window before the refused change.
        available: i32,
        /// The refused change (new initial size minus old).
        delta: i64,
    },
    /// [`RecvWindow::set_target`](crate::RecvWindow::set_target) was given a
    /// target above 2^31-1, which no window can reach.
    #[error("target {scope} window {target} is above 2^31-1")]
    TargetTooLarge {
        /// Which window.
        scope: WindowScope,
        /// The refused target.
        target: u32,
    },
}

impl WindowError {
    /// The RFC error code: FLOW_CONTROL_ERROR (RFC 9113 §6.9.1, §6.9.2).
    pub const fn code(&self) -> ErrorCode {
        ErrorCode::FLOW_CONTROL_ERROR
    }

    /// Which window the error is about.
    pub const fn scope(&self) -> WindowScope {
        match *self {
            Self::Overflow { scope, .. }
            | Self::Exceeded { scope, .. }
            | Self::DeltaOutOfRange { scope, .. }
            | Self::TargetTooLarge { scope, .. } => scope,
        }
    }

    /// Whether RFC 9113 makes this a connection error (GOAWAY) rather than a
    /// stream error (RST_STREAM).
    ///
    /// True for any error on the connection window, and for
    /// [`Self::DeltaOutOfRange`] on any window: "An endpoint MUST treat a
    /// change to SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control
    /// window to exceed the maximum size as a connection error" (§6.9.2).
    /// An overflowing stream WINDOW_UPDATE resets only that stream (§6.9.1),
    /// and so may an exceeded stream window (§6.9: "a stream error or
    /// connection error"); the caller may still choose to escalate.
    pub const fn is_connection_error(&self) -> bool {
        match self {
            Self::DeltaOutOfRange { .. } => true,
            _ => matches!(self.scope(), WindowScope::Connection),
        }
    }
}
