//! What can be wrong with received framing, and what the RFC says to do about it.

use crate::{ErrorCode, FrameKind, StreamId};

/// Whether an error ends one stream or the whole connection (RFC 9113 §5.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorScope {
    /// A connection error: send GOAWAY with the code and close (§5.4.1).
    Connection,
    /// A stream error: send RST_STREAM on this stream with the code (§5.4.2);
    /// the connection goes on.
    Stream(StreamId),
}

/// A violation of the framing rules of RFC 9113 §4–§6 (and of the extension
/// frames' RFCs) found while decoding.
///
/// Each variant is one rule. [`FrameError::code`] and [`FrameError::scope`]
/// are the single table of consequences: which error code to send and whether
/// it is a stream or a connection error.
///
/// ```
/// use bytes::Bytes;
/// use h2_frame::{ErrorCode, ErrorScope, Flags, Frame, FrameError, FrameHeader, FrameKind, StreamId};
/// let header = FrameHeader { length: 7, kind: FrameKind::PING, flags: Flags::EMPTY, stream_id: StreamId::ZERO };
/// let err = Frame::parse(header, Bytes::from_static(&[0; 7])).unwrap_err();
/// assert_eq!(err, FrameError::PingLength { length: 7 });
/// assert_eq!(err.code(), ErrorCode::FRAME_SIZE_ERROR);
/// assert_eq!(err.scope(), ErrorScope::Connection);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The first octets from a client were not the connection preface (§3.4).
    #[error("the client connection preface does not match at octet {offset}")]
    BadPreface {
        /// Index in the 24-octet preface of the first octet that differs.
        offset: usize,
    },
    /// The length field exceeds the receiver's SETTINGS_MAX_FRAME_SIZE (§4.2).
    #[error("{kind} frame of {length} octets exceeds the maximum frame size {max}")]
    FrameTooLarge {
        /// Type of the oversized frame.
        kind: FrameKind,
        /// Stream of the oversized frame.
        stream_id: StreamId,
        /// Its announced payload length.
        length: u32,
        /// The maximum frame size in force.
        max: u32,
    },
    /// A frame type that belongs to a stream arrived on stream 0.
    #[error("{kind} frame on stream 0")]
    MissingStreamId {
        /// Type of the frame.
        kind: FrameKind,
    },
    /// A frame type that belongs to the connection arrived on a stream.
    #[error("{kind} frame on stream {stream_id}, expected stream 0")]
    UnexpectedStreamId {
        /// Type of the frame.
        kind: FrameKind,
        /// The stream it named.
        stream_id: StreamId,
    },
    /// The PADDED flag is set but the payload has no room for the pad length.
    #[error("{kind} frame on stream {stream_id} is PADDED but its payload is empty")]
    PadLengthMissing {
        /// DATA, HEADERS or PUSH_PROMISE.
        kind: FrameKind,
        /// Stream of the frame.
        stream_id: StreamId,
    },
    /// The padding is longer than the room left in the payload (§6.1, §6.2, §6.6).
    #[error("{kind} frame on stream {stream_id} has {pad_length} octets of padding but only {room} octets of room")]
    PaddingTooLong {
        /// DATA, HEADERS or PUSH_PROMISE.
        kind: FrameKind,
        /// Stream of the frame.
        stream_id: StreamId,
        /// The pad length field.
        pad_length: u8,
        /// Octets left after the pad length and the fixed fields.
        room: u32,
    },
    /// HEADERS with the PRIORITY flag is too short for the priority fields.
    #[error("HEADERS frame on stream {stream_id} of {length} octets is too short for its flags")]
    HeadersTooShort {
        /// Stream of the frame.
        stream_id: StreamId,
        /// Its payload length.
        length: u32,
    },
    /// A PRIORITY frame whose length is not 5 (§6.3).
    #[error("PRIORITY frame on stream {stream_id} is {length} octets, expected 5")]
    PriorityLength {
        /// Stream of the frame.
        stream_id: StreamId,
        /// Its payload length.
        length: u32,
    },
    /// A PRIORITY frame that makes a stream depend on itself (RFC 7540 §5.3.1).
    #[error("PRIORITY frame makes stream {stream_id} depend on itself")]
    PrioritySelfDependency {
        /// The stream.
        stream_id: StreamId,
    },
    /// A RST_STREAM frame whose length is not 4 (§6.4).
    #[error("RST_STREAM frame on stream {stream_id} is {length} octets, expected 4")]
    RstStreamLength {
        /// Stream of the frame.
        stream_id: StreamId,
        /// Its payload length.
        length: u32,
    },
    /// A SETTINGS frame whose length is not a multiple of 6 (§6.5).
    #[error("SETTINGS frame of {length} octets is not a multiple of 6")]
    SettingsLength {
        /// Its payload length.
        length: u32,
    },
    /// A SETTINGS frame with ACK and a payload (§6.5).
    #[error("SETTINGS ACK frame carries {length} octets, expected none")]
    SettingsAckWithPayload {
        /// Its payload length.
        length: u32,
    },
    /// A PUSH_PROMISE frame too short for its promised stream id (§6.6).
    #[error("PUSH_PROMISE frame on stream {stream_id} of {length} octets is too short")]
    PushPromiseTooShort {
        /// Stream of the frame.
        stream_id: StreamId,
        /// Its payload length.
        length: u32,
    },
    /// A PUSH_PROMISE frame that promises stream 0 (§5.1.1).
    #[error("PUSH_PROMISE frame on stream {stream_id} promises stream 0")]
    ZeroPromisedStreamId {
        /// Stream of the frame.
        stream_id: StreamId,
    },
    /// A PING frame whose length is not 8 (§6.7).
    #[error("PING frame is {length} octets, expected 8")]
    PingLength {
        /// Its payload length.
        length: u32,
    },
    /// A GOAWAY frame shorter than 8 octets (§6.8).
    #[error("GOAWAY frame is {length} octets, expected at least 8")]
    GoAwayTooShort {
        /// Its payload length.
        length: u32,
    },
    /// A WINDOW_UPDATE frame whose length is not 4 (§6.9).
    #[error("WINDOW_UPDATE frame on stream {stream_id} is {length} octets, expected 4")]
    WindowUpdateLength {
        /// Stream of the frame.
        stream_id: StreamId,
        /// Its payload length.
        length: u32,
    },
    /// A WINDOW_UPDATE frame with an increment of 0 (§6.9).
    #[error("WINDOW_UPDATE frame on stream {stream_id} has an increment of 0")]
    ZeroWindowIncrement {
        /// Stream of the frame; 0 for the connection window.
        stream_id: StreamId,
    },
    /// An ALTSVC frame shorter than its 2-octet origin length (RFC 7838 §4).
    #[error("ALTSVC frame on stream {stream_id} is {length} octets, expected at least 2")]
    AltSvcTooShort {
        /// Stream of the frame.
        stream_id: StreamId,
        /// Its payload length.
        length: u32,
    },
    /// An ALTSVC frame whose origin runs past the end of the payload (RFC 7838 §4).
    #[error("ALTSVC frame on stream {stream_id} announces a {origin_length}-octet origin but has {available} octets left")]
    AltSvcOriginOverrun {
        /// Stream of the frame.
        stream_id: StreamId,
        /// The origin length field.
        origin_length: u16,
        /// Octets after the length field.
        available: u32,
    },
    /// An ORIGIN frame whose Origin-Entry runs past the end of the payload (RFC 8336 §2).
    #[error("ORIGIN frame entry at offset {offset} runs past the end of the payload")]
    OriginEntryOverrun {
        /// Offset of the truncated entry in the payload.
        offset: u32,
    },
    /// A PRIORITY_UPDATE frame shorter than its 4-octet stream id (RFC 9218 §7.1).
    #[error("PRIORITY_UPDATE frame is {length} octets, expected at least 4")]
    PriorityUpdateTooShort {
        /// Its payload length.
        length: u32,
    },
    /// A PRIORITY_UPDATE frame that names stream 0 (RFC 9218 §7.1).
    #[error("PRIORITY_UPDATE frame prioritizes stream 0")]
    ZeroPrioritizedStreamId,
}

impl FrameError {
    /// The error code to send to the peer, in RST_STREAM or GOAWAY.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Self::FrameTooLarge { .. }
            | Self::PadLengthMissing { .. }
            | Self::HeadersTooShort { .. }
            | Self::PriorityLength { .. }
            | Self::RstStreamLength { .. }
            | Self::SettingsLength { .. }
            | Self::SettingsAckWithPayload { .. }
            | Self::PushPromiseTooShort { .. }
            | Self::PingLength { .. }
            | Self::GoAwayTooShort { .. }
            | Self::WindowUpdateLength { .. }
            | Self::AltSvcTooShort { .. }
            | Self::AltSvcOriginOverrun { .. }
            | Self::OriginEntryOverrun { .. }
            | Self::PriorityUpdateTooShort { .. } => ErrorCode::FRAME_SIZE_ERROR,
            Self::BadPreface { .. }
            | Self::MissingStreamId { .. }
            | Self::UnexpectedStreamId { .. }
            | Self::PaddingTooLong { .. }
            | Self::PrioritySelfDependency { .. }
            | Self::ZeroPromisedStreamId { .. }
            | Self::ZeroWindowIncrement { .. }
            | Self::ZeroPrioritizedStreamId => ErrorCode::PROTOCOL_ERROR,
        }
    }

    /// Whether the error resets one stream or ends the connection.
    ///
    /// Only three rules are stream errors; all concern frames that cannot
    /// change connection state: a PRIORITY frame of the wrong length (§6.3)
    /// or that depends on its own stream (RFC 7540 §5.3.1), and a
    /// WINDOW_UPDATE of 0 on a stream (§6.9). Errors on frames that carry a header block are
    /// always connection errors, since skipping a fragment would desynchronise
    /// HPACK (§4.2, §4.3).
    pub const fn scope(&self) -> ErrorScope {
        match self {
            Self::PriorityLength { stream_id, .. } | Self::PrioritySelfDependency { stream_id } => {
                ErrorScope::Stream(*stream_id)
            }
            Self::ZeroWindowIncrement { stream_id } if !stream_id.is_zero() => {
                ErrorScope::Stream(*stream_id)
            }
            _ => ErrorScope::Connection,
        }
    }

    /// Whether this is a connection error ([`ErrorScope::Connection`]).
    pub const fn is_connection_error(&self) -> bool {
        matches!(self.scope(), ErrorScope::Connection)
    }
}
