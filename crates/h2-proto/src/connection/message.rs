//! The HTTP message on a stream, as far as the connection must track it:
//! which kind a header block is, and how much content must follow. The
//! header rules themselves live in `crate::http`.

use h2_frame::{Side, StreamId};
use h2_hpack::HeaderField;

use crate::http::{self, BlockInfo, BlockKind, HeaderError, InboundRules};
use crate::stream::Phase;

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

/// Whether the request's method is HEAD, whose response has no content
/// (RFC 9110 §9.3.2; SPEC HDR-63).
pub(crate) fn is_head(info: &BlockInfo) -> bool {
    info.method.as_deref() == Some(b"HEAD".as_slice())
}

/// The content a final response must carry: none for a response to HEAD or
/// with status 204 or 304 ("A response to a HEAD request or a response with
/// a status code of 204 or 304 ... contains no content", RFC 9110 §6.4.1),
/// otherwise its content-length, if any.
pub(crate) fn expected_response_length(head_request: bool, info: &BlockInfo) -> Option<u64> {
    if head_request || matches!(info.status, Some(204 | 304)) {
        Some(0)
    } else {
        info.content_length
    }
}
