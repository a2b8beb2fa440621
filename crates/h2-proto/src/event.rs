//! What the peer did: the events `receive_data` returns (SPEC §3).
//!
//! One [`Event`] variant per event type of Python h2, each a struct with the
//! same fields. When one frame causes several events, the first (primary)
//! event carries copies of the related ones in its `stream_ended` and
//! `priority_updated` fields, and the related events also follow it in the
//! list, in the order primary, [`StreamEnded`], [`PriorityUpdated`] (SPEC
//! EVT-19). Handle each event once: either through the list or through the
//! fields.

use bytes::Bytes;
use h2_frame::{ErrorCode, StreamId, Unknown};
use h2_hpack::HeaderField;
use h2_settings::ChangedSetting;

use crate::Priority;

/// Something the peer did, as reported by
/// [`Connection::receive_data`](crate::Connection::receive_data).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// See [`RequestReceived`].
    RequestReceived(RequestReceived),
    /// See [`ResponseReceived`].
    ResponseReceived(ResponseReceived),
    /// See [`TrailersReceived`].
    TrailersReceived(TrailersReceived),
    /// See [`InformationalResponseReceived`].
    InformationalResponseReceived(InformationalResponseReceived),
    /// See [`DataReceived`].
    DataReceived(DataReceived),
    /// See [`WindowUpdated`].
    WindowUpdated(WindowUpdated),
    /// See [`RemoteSettingsChanged`].
    RemoteSettingsChanged(RemoteSettingsChanged),
    /// See [`PingReceived`].
    PingReceived(PingReceived),
    /// See [`PingAckReceived`].
    PingAckReceived(PingAckReceived),
    /// See [`StreamEnded`].
    StreamEnded(StreamEnded),
    /// See [`StreamReset`].
    StreamReset(StreamReset),
    /// See [`PushedStreamReceived`].
    PushedStreamReceived(PushedStreamReceived),
    /// See [`SettingsAcknowledged`].
    SettingsAcknowledged(SettingsAcknowledged),
    /// See [`PriorityUpdated`].
    PriorityUpdated(PriorityUpdated),
    /// See [`ConnectionTerminated`].
    ConnectionTerminated(ConnectionTerminated),
    /// See [`AlternativeServiceAvailable`].
    AlternativeServiceAvailable(AlternativeServiceAvailable),
    /// See [`UnknownFrameReceived`].
    UnknownFrameReceived(UnknownFrameReceived),
    /// See [`PriorityUpdateReceived`].
    PriorityUpdateReceived(PriorityUpdateReceived),
    /// See [`OriginReceived`].
    OriginReceived(OriginReceived),
}

impl Event {
    /// The stream the event is about, if it is about one. For
    /// [`PushedStreamReceived`] it is the promised stream; for
    /// [`WindowUpdated`] and [`PriorityUpdated`] stream 0 is returned as is.
    pub fn stream_id(&self) -> Option<StreamId> {
        Some(match self {
            Self::RequestReceived(e) => e.stream_id,
            Self::ResponseReceived(e) => e.stream_id,
            Self::TrailersReceived(e) => e.stream_id,
            Self::InformationalResponseReceived(e) => e.stream_id,
            Self::DataReceived(e) => e.stream_id,
            Self::WindowUpdated(e) => e.stream_id,
            Self::StreamEnded(e) => e.stream_id,
            Self::StreamReset(e) => e.stream_id,
            Self::PushedStreamReceived(e) => e.pushed_stream_id,
            Self::PriorityUpdated(e) => e.stream_id,
            Self::UnknownFrameReceived(e) => e.frame.stream_id,
            Self::PriorityUpdateReceived(e) => e.stream_id,
            Self::RemoteSettingsChanged(_)
            | Self::PingReceived(_)
            | Self::PingAckReceived(_)
            | Self::SettingsAcknowledged(_)
            | Self::ConnectionTerminated(_)
            | Self::AlternativeServiceAvailable(_)
            | Self::OriginReceived(_) => return None,
        })
    }
}

macro_rules! event_from {
    ($($name:ident),* $(,)?) => {
        $(impl From<$name> for Event {
            fn from(event: $name) -> Self {
                Self::$name(event)
            }
        })*
    };
}

event_from!(
    RequestReceived,
    ResponseReceived,
    TrailersReceived,
    InformationalResponseReceived,
    DataReceived,
    WindowUpdated,
    RemoteSettingsChanged,
    PingReceived,
    PingAckReceived,
    StreamEnded,
    StreamReset,
    PushedStreamReceived,
    SettingsAcknowledged,
    PriorityUpdated,
    ConnectionTerminated,
    AlternativeServiceAvailable,
    UnknownFrameReceived,
    PriorityUpdateReceived,
    OriginReceived,
);

/// The peer opened a stream with a request header block (SPEC EVT-1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestReceived {
    /// The new stream.
    pub stream_id: StreamId,
    /// The request's header fields, pseudo-header fields first.
    pub headers: Vec<HeaderField>,
    /// Set when the block carried END_STREAM (a request without a body).
    pub stream_ended: Option<StreamEnded>,
    /// Set when the HEADERS frame carried RFC 7540 priority fields, unless
    /// we advertised SETTINGS_NO_RFC7540_PRIORITIES = 1.
    pub priority_updated: Option<PriorityUpdated>,
    /// The request's RFC 9218 priority: from a PRIORITY_UPDATE that arrived
    /// while the stream was idle, else from its `priority` header field;
    /// `None` when neither said anything (the defaults, urgency 3 and not
    /// incremental, apply: [`Priority::default`]). A field that does not
    /// parse is ignored (RFC 9218 §4).
    pub priority: Option<Priority>,
}

/// The final response arrived on a stream we opened, or on a pushed stream
/// (SPEC EVT-2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseReceived {
    /// The stream.
    pub stream_id: StreamId,
    /// The response's header fields, `:status` first.
    pub headers: Vec<HeaderField>,
    /// Set when the block carried END_STREAM (a response without a body).
    pub stream_ended: Option<StreamEnded>,
    /// Set when the HEADERS frame carried priority fields.
    pub priority_updated: Option<PriorityUpdated>,
}

/// A trailer section arrived after the request or the final response (SPEC
/// EVT-3). It always ends the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailersReceived {
    /// The stream.
    pub stream_id: StreamId,
    /// The trailer fields; never pseudo-header fields.
    pub headers: Vec<HeaderField>,
    /// Always set: trailers end the stream.
    pub stream_ended: Option<StreamEnded>,
    /// Set when the HEADERS frame carried priority fields.
    pub priority_updated: Option<PriorityUpdated>,
}

/// A 1xx response arrived before the final one (SPEC EVT-4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InformationalResponseReceived {
    /// The stream.
    pub stream_id: StreamId,
    /// The header fields, `:status` first.
    pub headers: Vec<HeaderField>,
    /// Set when the HEADERS frame carried priority fields.
    pub priority_updated: Option<PriorityUpdated>,
}

/// DATA arrived (SPEC EVT-5).
///
/// Give `flow_controlled_length`, not `data.len()`, to
/// [`Connection::acknowledge_received_data`](crate::Connection::acknowledge_received_data):
/// padding counts against the window too.
#[derive(Clone, PartialEq, Eq)]
pub struct DataReceived {
    /// The stream.
    pub stream_id: StreamId,
    /// The payload without padding: a slice of the received bytes, not a copy.
    pub data: Bytes,
    /// What the frame cost in flow control: the payload plus padding plus
    /// the pad length octet when the frame was padded (SPEC FC-1).
    pub flow_controlled_length: u32,
    /// Set when the frame carried END_STREAM.
    pub stream_ended: Option<StreamEnded>,
}

impl core::fmt::Debug for DataReceived {
    /// Shows at most the first 20 octets of the payload (SPEC RH-58).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let shown = &self.data[..self.data.len().min(20)];
        f.debug_struct("DataReceived")
            .field("stream_id", &self.stream_id)
            .field("data", &Bytes::copy_from_slice(shown))
            .field("data_len", &self.data.len())
            .field("flow_controlled_length", &self.flow_controlled_length)
            .field("stream_ended", &self.stream_ended)
            .finish()
    }
}

/// The peer gave us more send window, on a stream or (stream 0) on the
/// connection (SPEC EVT-6). Re-check
/// [`Connection::local_flow_control_window`](crate::Connection::local_flow_control_window):
/// the window may still be closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowUpdated {
    /// The stream, or 0 for the connection window.
    pub stream_id: StreamId,
    /// The increment.
    pub delta: u32,
}

/// The peer sent SETTINGS; they are applied and acknowledged already (SPEC
/// EVT-7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteSettingsChanged {
    /// Every entry of the frame in order, with the value it replaced (`None`
    /// when the setting had no value before).
    pub changed_settings: Vec<ChangedSetting>,
}

/// The peer sent PING; the PING ACK is queued already (SPEC EVT-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PingReceived {
    /// The opaque data.
    pub ping_data: [u8; 8],
}

/// The peer answered a PING (SPEC EVT-9). It is not matched against the
/// PINGs we sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PingAckReceived {
    /// The opaque data echoed back.
    pub ping_data: [u8; 8],
}

/// The peer set END_STREAM: it will send nothing more on the stream (SPEC
/// EVT-10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamEnded {
    /// The stream.
    pub stream_id: StreamId,
}

/// A stream was reset (SPEC EVT-11): by the peer's RST_STREAM
/// (`remote_reset`), or by us because the peer broke a stream-level rule
/// (the RST_STREAM is queued already). Never reported for the user's own
/// [`reset_stream`](crate::Connection::reset_stream).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamReset {
    /// The stream.
    pub stream_id: StreamId,
    /// The error code of the reset.
    pub error_code: ErrorCode,
    /// True when the peer reset the stream, false when we did.
    pub remote_reset: bool,
}

/// The peer promised a pushed response (SPEC EVT-12); only clients see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedStreamReceived {
    /// The promised stream, now reserved (remote).
    pub pushed_stream_id: StreamId,
    /// The stream the promise arrived on.
    pub parent_stream_id: StreamId,
    /// The promised request's header fields.
    pub headers: Vec<HeaderField>,
}

/// The peer acknowledged our oldest unacknowledged SETTINGS frame, whose
/// values are now in force (SPEC EVT-13).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsAcknowledged {
    /// The entries that took effect, with the values they replaced. Empty
    /// for the preamble sent by `initiate_connection` when it only carries
    /// values already in force (SPEC Appendix C).
    pub changed_settings: Vec<ChangedSetting>,
}

/// RFC 7540 priority information arrived, in a PRIORITY frame or on a
/// HEADERS frame (SPEC EVT-14). Advisory only; it never creates a stream.
/// Not reported once we advertised SETTINGS_NO_RFC7540_PRIORITIES = 1: we
/// told the peer we ignore these signals (RFC 9218 §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriorityUpdated {
    /// The stream.
    pub stream_id: StreamId,
    /// The weight, 1 to 256 (the wire value plus one).
    pub weight: u16,
    /// The stream it depends on.
    pub depends_on: StreamId,
    /// The exclusive flag.
    pub exclusive: bool,
}

/// The peer sent GOAWAY (SPEC EVT-15). Streams we opened above
/// `last_stream_id` were not processed and are closed; the others may still
/// complete (RFC 9113 §6.8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionTerminated {
    /// Why: NO_ERROR for a graceful shutdown.
    pub error_code: ErrorCode,
    /// The highest stream id of ours the peer may have processed.
    pub last_stream_id: StreamId,
    /// The debug data, `None` when empty.
    pub additional_data: Option<Bytes>,
}

/// The server advertised an alternative service (RFC 7838, SPEC EVT-16);
/// only clients see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlternativeServiceAvailable {
    /// The origin it applies to: the frame's own (on stream 0), or the
    /// `:authority` we sent on the stream; `None` when that is unknown.
    pub origin: Option<Bytes>,
    /// The Alt-Svc field value, unparsed.
    pub field_value: Bytes,
}

/// A frame of a type we do not know arrived (SPEC EVT-17); it has no other
/// effect (RFC 9113 §5.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFrameReceived {
    /// The frame as received.
    pub frame: Unknown,
}

/// A client changed the RFC 9218 priority of a stream with a
/// PRIORITY_UPDATE frame (RFC 9218 §7.1); only servers see it. Advisory:
/// scheduling is the application's. Reported for a request stream that is
/// open or half-closed (remote), and for a push stream we have not finished;
/// an update for a stream still idle is kept and reported as
/// [`RequestReceived::priority`] instead, and one for a stream we are done
/// with is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriorityUpdateReceived {
    /// The prioritized stream.
    pub stream_id: StreamId,
    /// Its new priority; parameters the frame leaves out take their
    /// defaults (RFC 9218 §7: an update replaces the earlier parameters).
    pub priority: Priority,
}

/// The server listed the origins it is authoritative for in an ORIGIN frame
/// (RFC 8336); only clients see it. Each frame adds to the connection's
/// Origin Set, which the application keeps (RFC 8336 §2.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginReceived {
    /// The ASCII serialised origins, as received (`https://example.com`),
    /// not checked: slices of the received bytes.
    pub origins: Vec<Bytes>,
}
