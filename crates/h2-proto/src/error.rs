//! Errors: every way a call can fail, each with the RFC 9113 error code it
//! stands for (SPEC §4).

use h2_frame::{ErrorCode, FrameError, FrameKind, StreamId};
use h2_hpack::DecodeError;
use h2_settings::{SettingsError, WindowError};

use crate::http::HeaderError;
use crate::{Event, Limit, StreamState};

/// Why a call failed.
///
/// Returned by [`receive_data`](crate::Connection::receive_data) (inside a
/// [`ReceiveError`]) it is a connection error the peer caused: the GOAWAY
/// with [`code`](Self::code) is queued already and the connection is closed.
/// Stream errors never come back from `receive_data`; they reset their stream
/// and show up as a [`StreamReset`](crate::StreamReset) event.
///
/// Returned by a send-side method it is a mistake of the caller or a state
/// that forbids the action; nothing was queued and nothing changed (calls are
/// transactional).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A frame broke a framing rule (RFC 9113 §4–§6).
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// A header block could not be decompressed: COMPRESSION_ERROR (RFC
    /// 9113 §4.3; Python h2 uses PROTOCOL_ERROR, SPEC Q-11).
    #[error("header block could not be decoded: {0}")]
    Compression(#[from] DecodeError),
    /// A setting value out of range, or a SETTINGS operation refused (SPEC
    /// ERR-11); the code is the setting's (FLOW_CONTROL_ERROR for
    /// INITIAL_WINDOW_SIZE, PROTOCOL_ERROR otherwise).
    #[error("invalid settings: {0}")]
    InvalidSettingsValue(#[from] SettingsError),
    /// A flow-control window would be exceeded or overflow (SPEC ERR-6).
    #[error("flow control on stream {stream_id}: {source}")]
    FlowControl {
        /// The stream, or 0 for the connection window.
        stream_id: StreamId,
        /// What the window refused.
        source: WindowError,
    },
    /// DATA larger than the peer's SETTINGS_MAX_FRAME_SIZE (SPEC ERR-3).
    #[error("{size} octets exceed the maximum frame size {max}")]
    FrameTooLarge {
        /// The flow-controlled size asked for.
        size: usize,
        /// The peer's maximum frame size.
        max: u32,
    },
    /// Opening one more stream would exceed the peer's
    /// SETTINGS_MAX_CONCURRENT_STREAMS (SPEC ERR-5, MCS-1).
    #[error("{open} streams are open, the peer allows {max}")]
    TooManyStreams {
        /// The peer's limit.
        max: u32,
        /// Streams open now.
        open: usize,
    },
    /// A new stream id is not above every id already used in its direction
    /// (SPEC ERR-7).
    #[error("stream id {stream_id} is lower than {max_stream_id}")]
    StreamIdTooLow {
        /// The id asked for.
        stream_id: StreamId,
        /// The highest id used so far.
        max_stream_id: StreamId,
    },
    /// Every stream id of our parity is used (SPEC ERR-8).
    #[error("no stream id is left")]
    NoAvailableStreamId,
    /// The stream was never opened (SPEC ERR-9, X-5).
    #[error("stream {stream_id} does not exist")]
    NoSuchStream {
        /// The stream.
        stream_id: StreamId,
    },
    /// The stream is closed (SPEC ERR-10, X-5).
    #[error("stream {stream_id} is closed")]
    StreamClosed {
        /// The stream.
        stream_id: StreamId,
    },
    /// The peer ran into one of our limits: ENHANCE_YOUR_CALM (SPEC ERR-15).
    #[error("denial-of-service limit reached: {limit:?}")]
    DenialOfService {
        /// Which limit.
        limit: Limit,
    },
    /// A header block breaks an HTTP/2 message rule (RFC 9113 §8).
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// The peer broke a protocol rule (SPEC ERR-2).
    #[error("protocol error: {0:?}")]
    Protocol(ProtocolError),
    /// The caller asked for something the API or the state does not allow
    /// (SPEC ERR-14, ERR-20, and the ProtocolErrors Python raises for the
    /// caller's own mistakes).
    #[error("usage error: {0:?}")]
    Usage(UsageError),
    /// The connection is closed after a connection error; only
    /// `close_connection` and the output methods still work.
    #[error("the connection is closed")]
    ConnectionClosed,
}

impl Error {
    /// The RFC 9113 error code this error stands for, the one a GOAWAY or
    /// RST_STREAM for it carries. `None` for the caller's mistakes
    /// ([`Error::Usage`], [`Error::ConnectionClosed`]), which never reach the
    /// peer.
    pub fn code(&self) -> Option<ErrorCode> {
        Some(match self {
            Self::Frame(e) => e.code(),
            Self::Compression(_) => ErrorCode::COMPRESSION_ERROR,
            Self::InvalidSettingsValue(e) => e.code(),
            Self::FlowControl { .. } => ErrorCode::FLOW_CONTROL_ERROR,
            Self::FrameTooLarge { .. } => ErrorCode::FRAME_SIZE_ERROR,
            Self::TooManyStreams { .. } => ErrorCode::REFUSED_STREAM,
            Self::StreamIdTooLow { .. } | Self::NoAvailableStreamId | Self::NoSuchStream { .. } => {
                ErrorCode::PROTOCOL_ERROR
            }
            Self::StreamClosed { .. } => ErrorCode::STREAM_CLOSED,
            Self::DenialOfService { .. } => ErrorCode::ENHANCE_YOUR_CALM,
            Self::Header(e) => e.code(),
            Self::Protocol(e) => e.code(),
            Self::Usage(_) | Self::ConnectionClosed => return None,
        })
    }
}

impl From<ProtocolError> for Error {
    fn from(e: ProtocolError) -> Self {
        Self::Protocol(e)
    }
}

impl From<UsageError> for Error {
    fn from(e: UsageError) -> Self {
        Self::Usage(e)
    }
}

/// A protocol rule the peer broke, one variant per rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolError {
    /// A frame arrived on a stream whose state forbids it (RFC 9113 §5.1);
    /// `code` is PROTOCOL_ERROR or STREAM_CLOSED as the RFC says.
    StreamState {
        /// The stream.
        stream_id: StreamId,
        /// Its state when the frame arrived.
        state: StreamState,
        /// The code the RFC gives.
        code: ErrorCode,
    },
    /// The peer's first frame was not SETTINGS: its connection preface is
    /// invalid (RFC 9113 §3.4: the preface "MUST be followed by a SETTINGS
    /// frame"; the server's SETTINGS "MUST be the first frame the server
    /// sends").
    SettingsExpected {
        /// The type of the frame that came first.
        received: FrameKind,
    },
    /// A HEADERS frame tried to open a stream the peer may not open: a
    /// stream id of our parity, or a server opening a stream without
    /// PUSH_PROMISE (RFC 9113 §5.1.1, §8.4).
    InvalidStreamId {
        /// The stream.
        stream_id: StreamId,
    },
    /// A header block was interrupted by another frame (RFC 9113 §6.10:
    /// only CONTINUATION on the same stream may follow).
    ContinuationExpected {
        /// The stream whose block is open.
        stream_id: StreamId,
    },
    /// A CONTINUATION arrived outside a header block (RFC 9113 §6.10).
    UnexpectedContinuation {
        /// The stream it named.
        stream_id: StreamId,
    },
    /// A PUSH_PROMISE arrived at a server, or after we disabled push (RFC
    /// 9113 §6.6, §8.4).
    PushNotAllowed,
    /// A PUSH_PROMISE on a stream the server did not get from us, or
    /// promising an id that is not a new server stream (RFC 9113 §6.6).
    InvalidPushPromise {
        /// The parent stream.
        stream_id: StreamId,
        /// The promised stream.
        promised_stream_id: StreamId,
    },
    /// A second GOAWAY raised the last stream id (RFC 9113 §6.8: "Endpoints
    /// MUST NOT increase the value they send").
    GoAwayLastStreamIdIncreased {
        /// The previous value.
        previous: StreamId,
        /// The new, larger value.
        last_stream_id: StreamId,
    },
    /// An INITIAL_WINDOW_SIZE change pushed a stream window past 2^31-1
    /// (RFC 9113 §6.9.2).
    InitialWindowOverflow,
    /// A PRIORITY_UPDATE arrived at a client (RFC 9218 §7.1: "If a client
    /// receives a PRIORITY_UPDATE frame, it MUST respond with a connection
    /// error of type PROTOCOL_ERROR").
    PriorityUpdateToClient,
    /// The Priority Field Value of a PRIORITY_UPDATE is not a Structured
    /// Field Dictionary (RFC 9218 §7: a failure to parse it is a connection
    /// error PROTOCOL_ERROR).
    InvalidPriorityUpdate {
        /// The prioritized stream.
        stream_id: StreamId,
    },
    /// A PRIORITY_UPDATE for a push stream we never promised (RFC 9218
    /// §7.1).
    PriorityUpdateForUnknownPush {
        /// The prioritized stream.
        stream_id: StreamId,
    },
    /// A PRIORITY_UPDATE for an idle stream made the idle prioritized
    /// streams plus the open ones exceed our MAX_CONCURRENT_STREAMS (RFC 9218
    /// §7.1).
    TooManyPrioritizedStreams {
        /// The prioritized stream.
        stream_id: StreamId,
    },
}

impl ProtocolError {
    /// The RFC error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::StreamState { code, .. } => *code,
            Self::InitialWindowOverflow => ErrorCode::FLOW_CONTROL_ERROR,
            _ => ErrorCode::PROTOCOL_ERROR,
        }
    }
}

/// A mistake of the caller, one variant per rule. Nothing was queued and no
/// state changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UsageError {
    /// `initiate_connection` must come first.
    NotInitiated,
    /// `initiate_connection` was called already.
    AlreadyInitiated,
    /// [`Config::local_settings`](crate::Config::local_settings) belong to
    /// the other side.
    SettingsSideMismatch,
    /// Stream 0 is the connection; it cannot be used here.
    StreamIdZero,
    /// We cannot open this stream id: the wrong parity, or a server opening
    /// a stream other than by push (RFC 9113 §5.1.1, §8.4; SPEC Q-06).
    InvalidStreamId {
        /// The stream.
        stream_id: StreamId,
    },
    /// The stream's state does not allow this (RFC 9113 §5.1).
    NotAllowedInState {
        /// The stream.
        stream_id: StreamId,
        /// Its state.
        state: StreamState,
    },
    /// No new stream may be opened once a GOAWAY was sent or received (RFC
    /// 9113 §6.8).
    GoingAway,
    /// A GOAWAY may not raise the last stream id of an earlier one (RFC 9113
    /// §6.8).
    GoAwayLastStreamIdIncreased {
        /// The last stream id already sent.
        previous: StreamId,
    },
    /// Only clients send priority (Python h2's `RFC1122Error`, SPEC ERR-14).
    ServerCannotPrioritize,
    /// A priority weight outside 1..=256.
    InvalidWeight {
        /// The weight given.
        weight: u16,
    },
    /// A stream cannot depend on itself (RFC 9113 §5.3.1).
    SelfDependency {
        /// The stream.
        stream_id: StreamId,
    },
    /// Only servers push, advertise alternative services and send ORIGIN.
    ServerOnly,
    /// The peer disabled push with SETTINGS_ENABLE_PUSH = 0 (RFC 9113 §6.6).
    PushDisabled,
    /// Only a stream the client opened can carry a PUSH_PROMISE (RFC 9113
    /// §8.4).
    InvalidPushParent {
        /// The parent stream given.
        stream_id: StreamId,
    },
    /// A WINDOW_UPDATE increment outside 1..=2^31-1 (RFC 9113 §6.9).
    InvalidWindowIncrement {
        /// The increment given.
        increment: u32,
    },
    /// A trailer section must end the stream (RFC 9113 §8.1).
    TrailersWithoutEndStream,
    /// An informational (1xx) response cannot end the stream, and cannot
    /// follow the final response (RFC 9113 §8.1).
    InvalidInformationalResponse,
    /// `advertise_alternative_service` needs exactly one of a non-empty
    /// origin or a stream (SPEC API-21, Q-28; RFC 7838 §4).
    AltSvcTarget,
    /// ALTSVC on a stream is only possible before the response headers
    /// (SPEC API-21).
    AltSvcAfterResponse,
    /// The HTTP2-Settings header value is not base64url or not a SETTINGS
    /// payload (SPEC API-11).
    InvalidHttp2Settings,
    /// DATA, or the end of the stream, before the request or final response
    /// headers were sent: the message would be malformed (RFC 9113 §8.1;
    /// with `validate_outbound_headers`).
    DataBeforeHeaders {
        /// The stream.
        stream_id: StreamId,
    },
    /// The DATA sent would not add up to the content-length announced (or
    /// to zero, for a response to HEAD and a 204 or 304 response): more than
    /// it, or END_STREAM short of it (RFC 9113 §8.1.1; with
    /// `validate_outbound_headers`).
    ContentLengthMismatch {
        /// The stream.
        stream_id: StreamId,
        /// The content the message announced.
        content_length: u64,
        /// The content octets it would have.
        sent: u64,
    },
    /// A header block on a CONNECT tunnel: once a 2xx response to CONNECT
    /// went by, only DATA and stream management frames may be sent (RFC
    /// 9113 §8.5; with `validate_outbound_headers`).
    HeadersOnTunnel {
        /// The stream.
        stream_id: StreamId,
    },
    /// Only clients send PRIORITY_UPDATE (RFC 9218 §7.1).
    ClientOnly,
}

/// A connection error from [`receive_data`](crate::Connection::receive_data),
/// with the events of the frames processed before it: no event is lost
/// (SPEC EVT-20, quirk Q-31 fixed).
///
/// The GOAWAY carrying [`code`](Self::code) is queued already; send it, then
/// close the transport.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct ReceiveError {
    /// What went wrong.
    #[source]
    pub error: Error,
    /// The events of the frames before the error, in order.
    pub events: Vec<Event>,
}

impl ReceiveError {
    /// The error code of the GOAWAY that was queued; `None` when the call
    /// itself was a mistake (before `initiate_connection`, or after the
    /// connection closed) and nothing was queued.
    pub fn code(&self) -> Option<ErrorCode> {
        self.error.code()
    }
}

impl From<ReceiveError> for Error {
    /// Drops the events.
    fn from(e: ReceiveError) -> Self {
        e.error
    }
}
