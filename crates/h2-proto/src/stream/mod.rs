//! One stream: its RFC 9113 §5.1 state, its two flow-control windows, and
//! what the connection must remember about the HTTP message on it.

pub(crate) mod fsm;
pub(crate) mod message;
pub(crate) mod store;

use bytes::Bytes;
use h2_settings::{RecvWindow, Window};

pub use fsm::{ClosedBy, StreamState};
pub(crate) use message::{Content, RequestMethod};

/// A live (not yet closed) stream.
#[derive(Debug)]
pub(crate) struct Stream {
    /// Where it is in RFC 9113 §5.1.
    pub(crate) state: StreamState,
    /// What we may still send on it.
    pub(crate) send_window: Window,
    /// What the peer may still send on it.
    pub(crate) recv_window: RecvWindow,
    /// The header blocks we sent so far.
    pub(crate) sent: Phase,
    /// The header blocks the peer sent so far.
    pub(crate) received: Phase,
    /// The method of the request on this stream (RFC 9110 §9.3.2, §9.3.6;
    /// SPEC HDR-63).
    pub(crate) method: RequestMethod,
    /// A 2xx response to CONNECT went by: the stream is a tunnel, whose
    /// DATA is not message content and which carries no more header blocks
    /// (RFC 9113 §8.5).
    pub(crate) tunnel: bool,
    /// The `:authority` of the request on this stream, for ALTSVC origins.
    pub(crate) authority: Option<Bytes>,
    /// The content of the message we are sending.
    pub(crate) sent_content: Content,
    /// The content of the message the peer is sending.
    pub(crate) received_content: Content,
}

impl Stream {
    /// A stream in `state` with windows of the given initial sizes.
    pub(crate) fn new(state: StreamState, send_initial: u32, recv_initial: u32) -> Self {
        Self {
            state,
            send_window: Window::stream(send_initial),
            recv_window: RecvWindow::stream(recv_initial),
            sent: Phase::Nothing,
            received: Phase::Nothing,
            method: RequestMethod::Other,
            tunnel: false,
            authority: None,
            sent_content: Content::default(),
            received_content: Content::default(),
        }
    }
}

/// How far one direction of an HTTP exchange has got, in header blocks
/// (RFC 9113 §8.1: "zero or more HEADERS frames ... containing the message
/// headers of informational (1xx) HTTP responses", "one HEADERS frame ...
/// containing the message headers", "optionally, one HEADERS frame ...
/// containing the trailer section").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// No header block yet.
    Nothing,
    /// One or more 1xx responses, no final one yet.
    Informational,
    /// The request or the final response.
    Headers,
    /// The trailer section.
    Trailers,
}

impl Phase {
    /// Whether the request or final response has gone by.
    pub(crate) fn has_headers(self) -> bool {
        matches!(self, Self::Headers | Self::Trailers)
    }
}
