//! HTTP semantics over header lists (RFC 9113 §8, RFC 8441, RFC 9218): pure
//! functions, no connection state.
//!
//! The connection calls two functions at fixed points:
//!
//! - [`check_inbound`] on every decoded header block (a stream error
//!   `PROTOCOL_ERROR` on `Err`: RFC 9113 §8.1.1);
//! - [`prepare_outbound`] on every block the user sends (the call fails and
//!   nothing is queued on `Err`).
//!
//! Both return the fields to pass on and a [`BlockInfo`] with what the
//! connection keeps per stream. [`is_informational`] picks the response kind
//! before either runs. The rest are helpers: the RFC 9218 [`Priority`] field
//! and base64url for `HTTP2-Settings` ([`base64url`]).
//!
//! Decisions where this departs from Python h2 4.1.0 are listed in
//! `docs/decisions.md`, "HTTP semantics".

mod authority;
pub(crate) mod base64url;
mod charset;
mod content_length;
mod error;
mod field_syntax;
mod normalize;
mod priority;
mod pseudo;
mod structured_field;
mod validate;

#[cfg(test)]
mod tests;

use bytes::Bytes;
use h2_hpack::HeaderField;

pub use base64url::Base64UrlError;
pub use error::{FieldPart, HeaderError};
pub use priority::Priority;

use validate::Direction;

/// What a header block is, from where it sits on its stream (SPEC HDR-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum BlockKind {
    /// The first block on a stream: received by a server or sent by a client.
    Request,
    /// The request block carried by PUSH_PROMISE.
    PushRequest,
    /// A final response (status not 1xx).
    Response,
    /// An interim (1xx) response; see [`is_informational`].
    Informational,
    /// A later block that ends the stream.
    Trailers,
}

impl BlockKind {
    /// A request or a promised request.
    pub(crate) const fn is_request(self) -> bool {
        matches!(self, Self::Request | Self::PushRequest)
    }
}

/// How received blocks are treated (SPEC CFG-6, CFG-7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InboundRules {
    /// Check every rule (`validate_inbound_headers`, default on).
    pub(crate) validate: bool,
    /// Join cookie crumbs (`normalize_inbound_headers`, default on).
    pub(crate) normalize: bool,
    /// We sent SETTINGS_ENABLE_CONNECT_PROTOCOL=1 and the peer acknowledged
    /// it, so extended CONNECT requests (RFC 8441) are allowed.
    pub(crate) connect_protocol_enabled: bool,
}

impl Default for InboundRules {
    fn default() -> Self {
        Self {
            validate: true,
            normalize: true,
            connect_protocol_enabled: false,
        }
    }
}

/// How blocks to send are treated (SPEC CFG-4, CFG-5; upstream 4.2.0's
/// `split_outbound_cookies`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OutboundRules {
    /// Check every rule (`validate_outbound_headers`, default on).
    pub(crate) validate: bool,
    /// Lowercase, strip, drop connection-specific fields, mark secrets
    /// never-indexed (`normalize_outbound_headers`, default on).
    pub(crate) normalize: bool,
    /// Send each cookie crumb as its own field (default off).
    pub(crate) split_cookies: bool,
    /// The peer sent SETTINGS_ENABLE_CONNECT_PROTOCOL=1, so we may send
    /// extended CONNECT requests (RFC 8441 §3).
    pub(crate) connect_protocol_enabled: bool,
}

impl Default for OutboundRules {
    fn default() -> Self {
        Self {
            validate: true,
            normalize: true,
            split_cookies: false,
            connect_protocol_enabled: false,
        }
    }
}

/// What the connection needs to remember from a block.
///
/// Values are `Bytes` handles on the block's own fields: reading them does not
/// copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BlockInfo {
    /// `:method` of a request or promised request.
    pub(crate) method: Option<Bytes>,
    /// `:authority` of a request, or `host` when there is no `:authority`
    /// (the implicit origin of ALTSVC, SPEC ).
    pub(crate) authority: Option<Bytes>,
    /// `:protocol` of an extended CONNECT request (RFC 8441).
    pub(crate) protocol: Option<Bytes>,
    /// `:status` of a response, 100 to 999.
    pub(crate) status: Option<u16>,
    /// The `content-length` of a request or final response: the number of
    /// DATA octets that must follow, unless the response has no content
    /// (a response to HEAD, 204, 304: RFC 9113 §8.1.1). Always `None` for
    /// interim responses and trailers, where it frames nothing.
    pub(crate) content_length: Option<u64>,
    /// The RFC 9218 `priority` field, parsed; `None` when absent or
    /// malformed (a malformed field is ignored, RFC 8941 §4.2).
    pub(crate) priority: Option<Priority>,
}

/// Whether a response block is an interim (1xx) one: its leading run of
/// pseudo-header fields holds a `:status` starting with `1` (SPEC HDR-52).
///
/// Call it on the raw fields, before [`check_inbound`] or
/// [`prepare_outbound`], to choose between [`BlockKind::Informational`] and
/// [`BlockKind::Response`]. A malformed status such as `1x` still counts, so
/// the check that follows rejects it.
pub(crate) fn is_informational(fields: &[HeaderField]) -> bool {
    fields
        .iter()
        .take_while(|f| f.name.first() == Some(&b':'))
        .any(|f| &f.name[..] == b":status" && f.value.first() == Some(&b'1'))
}

/// Check a received block: validate it (if `rules.validate`), then join its
/// cookie crumbs (if `rules.normalize`), and read its [`BlockInfo`].
///
/// Validation runs before joining (SPEC Q-21), so a crumb out of place is
/// still seen. With validation off the `content-length` must still parse and
/// agree, because it frames the body (SPEC HDR-60).
///
/// Only the cookie join allocates; a block without split cookies is passed
/// back as it came.
///
/// # Errors
///
/// [`HeaderError`]: the block is malformed (RFC 9113 §8.1.1). The caller
/// treats it as a stream error of type `PROTOCOL_ERROR` ([`HeaderError::code`]):
/// it sends RST_STREAM on the stream and reports the reset; the connection
/// goes on, and HPACK state is unaffected (the block was decoded).
/// On a PUSH_PROMISE the reset goes on the promised stream (RFC 9113 §8.4.1).
pub(crate) fn check_inbound(
    fields: Vec<HeaderField>,
    kind: BlockKind,
    rules: &InboundRules,
) -> Result<(Vec<HeaderField>, BlockInfo), HeaderError> {
    let info = if rules.validate {
        validate::validate(
            &fields,
            kind,
            rules.connect_protocol_enabled,
            Direction::Inbound,
        )?
    } else {
        validate::extract(&fields, kind, true)?
    };
    let mut fields = fields;
    if rules.normalize {
        normalize::join_cookies(&mut fields);
    }
    Ok((fields, info))
}

/// Prepare a block to send: normalise it (if `rules.normalize`), split its
/// cookies (if `rules.split_cookies`), validate it (if `rules.validate`), and
/// read its [`BlockInfo`].
///
/// Validation applies every rule inbound validation applies, and a few
/// sender-only ones (SPEC Q-22), so a block that passes is one a strict peer
/// accepts. Normalisation copies only names that need lowercasing; cookie
/// splitting allocates one new list, only when a cookie has several crumbs.
///
/// # Errors
///
/// [`HeaderError`]: the block breaks a rule. The caller returns it to the
/// user and changes nothing: no frame queued, no HPACK or stream state
/// touched.
pub(crate) fn prepare_outbound(
    fields: Vec<HeaderField>,
    kind: BlockKind,
    rules: &OutboundRules,
) -> Result<(Vec<HeaderField>, BlockInfo), HeaderError> {
    let mut fields = fields;
    if rules.normalize {
        normalize::normalize_outbound(&mut fields);
    }
    if rules.split_cookies {
        fields = normalize::split_cookies(fields, rules.normalize);
    }
    let info = if rules.validate {
        validate::validate(
            &fields,
            kind,
            rules.connect_protocol_enabled,
            Direction::Outbound,
        )?
    } else {
        validate::extract(&fields, kind, false)?
    };
    Ok((fields, info))
}
