//! The HTTP message on a stream, as far as the connection must track it:
//! which kind a header block is, and how much content must follow. The
//! header rules themselves live in `crate::http`.

use h2_frame::{Side, StreamId};
use h2_hpack::HeaderField;

use crate::http::{self, BlockInfo, BlockKind, HeaderError, InboundRules};
use crate::stream::{Content, Phase, RequestMethod, Stream};
use crate::{Error, UsageError};

/// What a received header block is, from where it sits on its stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InboundKind {
    /// Opens a stream at a server.
    Request,
    /// The request carried by PUSH_PROMISE.
    PushRequest,
    /// A final response.
    Response,
    /// A 1xx response.
    Informational,
    /// A block after the request or the final response.
    Trailers,
}

impl From<InboundKind> for BlockKind {
    fn from(kind: InboundKind) -> Self {
        match kind {
            InboundKind::Request => Self::Request,
            InboundKind::PushRequest => Self::PushRequest,
            InboundKind::Response => Self::Response,
            InboundKind::Informational => Self::Informational,
            InboundKind::Trailers => Self::Trailers,
        }
    }
}

/// The kind of a block received on a stream that already exists: a block
/// after the request or final response is a trailer section (RFC 9113
/// §8.1); before it, a server receives the request, a client a 1xx or the
/// final response.
pub(crate) fn inbound_kind(
    side: Side,
    _stream_id: StreamId,
    received: Phase,
    fields: &[HeaderField],
) -> InboundKind {
    if received.has_headers() {
        InboundKind::Trailers
    } else if side.is_server() {
        InboundKind::Request
    } else if http::is_informational(fields) {
        InboundKind::Informational
    } else {
        InboundKind::Response
    }
}

/// Runs the inbound header rules on a received block.
pub(crate) fn check_inbound(
    fields: Vec<HeaderField>,
    kind: InboundKind,
    rules: InboundRules,
) -> Result<(Vec<HeaderField>, BlockInfo), HeaderError> {
    http::check_inbound(fields, kind.into(), &rules)
}

/// What a final response means for the rest of the exchange: the content
/// it announces, and whether it turns the stream into a tunnel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ResponseContent {
    /// The content length to enforce.
    pub(crate) length: Option<u64>,
    /// A 2xx response to CONNECT: the stream is now a tunnel.
    pub(crate) tunnel: bool,
}

/// The content a final response must carry (RFC 9110 §6.4.1: "A response to
/// a HEAD request or a response with a status code of 204 or 304 ...
/// contains no content"), or the tunnel a 2xx response to CONNECT opens,
/// whose content-length a client "MUST ignore" (RFC 9110 §9.3.6); otherwise
/// its content-length, if any.
pub(crate) fn response_content(method: RequestMethod, info: &BlockInfo) -> ResponseContent {
    let status = info.status.unwrap_or(0);
    if method == RequestMethod::Connect && (200..300).contains(&status) {
        return ResponseContent {
            length: None,
            tunnel: true,
        };
    }
    let length = if method == RequestMethod::Head || matches!(status, 204 | 304) {
        Some(0)
    } else {
        info.content_length
    };
    ResponseContent {
        length,
        tunnel: false,
    }
}

/// The content a request announces. A CONNECT request has none: "A CONNECT
/// request message does not have content" (RFC 9110 §9.3.6), and the DATA
/// that follows it is tunnel data that no content-length frames.
pub(crate) fn request_content_length(method: RequestMethod, info: &BlockInfo) -> Option<u64> {
    match method {
        RequestMethod::Connect => None,
        _ => info.content_length,
    }
}

/// The message state of one direction of a stream after a header block:
/// worked out (and checked) before anything changes, applied once the
/// block is sent or accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Exchange {
    /// The request method (set by the request block).
    pub(crate) method: RequestMethod,
    /// The content of the direction the block travels in.
    pub(crate) content: Content,
    /// The stream is a CONNECT tunnel.
    pub(crate) tunnel: bool,
}

impl Exchange {
    /// The state before a block: the stream's, or a new stream's.
    fn before(stream: Option<&Stream>, sent: bool) -> Self {
        stream.map_or(
            Self {
                method: RequestMethod::Other,
                content: Content::default(),
                tunnel: false,
            },
            |s| Self {
                method: s.method,
                content: if sent {
                    s.sent_content
                } else {
                    s.received_content
                },
                tunnel: s.tunnel,
            },
        )
    }

    /// The state after a block of `kind` with `info`.
    fn after(mut self, kind: BlockKind, info: &BlockInfo) -> Self {
        match kind {
            BlockKind::Request | BlockKind::PushRequest => {
                self.method = RequestMethod::of(info.method.as_deref());
                self.content.length = request_content_length(self.method, info);
            }
            BlockKind::Response => {
                let response = response_content(self.method, info);
                self.content.length = response.length;
                self.tunnel = response.tunnel;
            }
            BlockKind::Informational | BlockKind::Trailers => {}
        }
        self
    }

    /// Records a block we sent.
    pub(crate) fn apply_sent(self, stream: &mut Stream) {
        stream.method = self.method;
        stream.sent_content = self.content;
        stream.tunnel = self.tunnel;
    }

    /// Records a block we received.
    pub(crate) fn apply_received(self, stream: &mut Stream) {
        stream.method = self.method;
        stream.received_content = self.content;
        stream.tunnel = self.tunnel;
    }
}

/// The exchange after a block we are asked to send on stream `id`
/// (`stream` is `None` when the block opens it). With `check`, a block that
/// would make the message malformed is refused (SPEC HDR-60..HDR-80 on the
/// sending side).
///
/// # Errors
///
/// [`UsageError::HeadersOnTunnel`] for a block on a CONNECT tunnel,
/// [`HeaderError::ContentLengthNotAllowed`] for a content-length in a 2xx
/// response to CONNECT, [`UsageError::ContentLengthMismatch`] for
/// END_STREAM before the announced content is complete.
pub(crate) fn after_sent_block(
    stream: Option<&Stream>,
    id: StreamId,
    kind: BlockKind,
    info: &BlockInfo,
    end_stream: bool,
    check: bool,
) -> Result<Exchange, Error> {
    let before = Exchange::before(stream, true);
    let after = before.after(kind, info);
    if !check {
        return Ok(after);
    }
    // "Frame types other than DATA or stream management frames
    // (RST_STREAM, WINDOW_UPDATE, and PRIORITY) MUST NOT be sent on a
    // connected stream" (RFC 9113 §8.5).
    if before.tunnel {
        return Err(UsageError::HeadersOnTunnel { stream_id: id }.into());
    }
    // "A server MUST NOT send any Transfer-Encoding or Content-Length header
    // fields in a 2xx (Successful) response to CONNECT" (RFC 9110 §9.3.6).
    if after.tunnel && info.content_length.is_some() {
        return Err(HeaderError::ContentLengthNotAllowed {
            status: info.status.unwrap_or(200),
        }
        .into());
    }
    if end_stream {
        check_sent_end(id, after.content, after.content.counted)?;
    }
    Ok(after)
}

/// The exchange after a block the peer sent to us as `side`, or `Err` when
/// it makes the message malformed: a stream error PROTOCOL_ERROR (RFC 9113
/// §8.1.1).
pub(crate) fn after_received_block(
    stream: Option<&Stream>,
    side: Side,
    kind: BlockKind,
    info: &BlockInfo,
    end_stream: bool,
) -> Result<Exchange, ()> {
    let before = Exchange::before(stream, false);
    // "Frame types other than DATA or stream management frames ... MUST be
    // treated as a stream error (Section 5.4.2) if received" on a
    // connected stream (RFC 9113 §8.5). Only a client can tell: the server
    // sent its 2xx before the block, whereas a client's block may have left
    // before the 2xx arrived, on a stream not yet connected for it.
    if before.tunnel && side.is_client() {
        return Err(());
    }
    let after = before.after(kind, info);
    // With END_STREAM the content is complete: "A request or response is
    // also malformed if the value of a content-length header field does not
    // equal the sum of the DATA frame payload lengths" (§8.1.1).
    if end_stream && !after.content.complete_at(after.content.counted) {
        return Err(());
    }
    Ok(after)
}

/// Refuses to end our message at `total` octets when it announced another
/// length (RFC 9113 §8.1.1).
pub(crate) fn check_sent_end(id: StreamId, content: Content, total: u64) -> Result<(), Error> {
    if content.complete_at(total) {
        return Ok(());
    }
    Err(UsageError::ContentLengthMismatch {
        stream_id: id,
        content_length: content.length.unwrap_or(0),
        sent: total,
    }
    .into())
}
