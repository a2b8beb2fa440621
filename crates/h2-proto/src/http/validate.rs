//! Validation of a whole header block against the rules of its kind
//! (RFC 9113 §8.1–§8.5, RFC 8441 §4; SPEC §6.3 and §6.5), reading the
//! [`BlockInfo`] the connection needs in the same pass.

use bytes::Bytes;
use h2_hpack::HeaderField;

use super::charset::{is_digit, is_scheme_byte, is_tchar};
use super::error::HeaderError;
use super::priority::FieldLines;
use super::pseudo::{Pseudo, PseudoValues};
use super::{authority, content_length, field_syntax, BlockInfo, BlockKind};

/// Which way the block travels: a few sender-side rules (RFC 9110 "MUST NOT
/// send") are enforced only on blocks we send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Inbound,
    Outbound,
}

/// What the regular (non-pseudo) fields of a block contribute.
#[derive(Default)]
struct RegularFields<'a> {
    host: Option<&'a Bytes>,
    content_length: Option<u64>,
    priority: FieldLines,
}

/// Check every rule for a block of `kind` and return what the connection
/// needs from it.
///
/// `connect_protocol` says whether extended CONNECT (RFC 8441) is allowed:
/// SETTINGS_ENABLE_CONNECT_PROTOCOL=1 was sent by the receiver of the block.
pub(crate) fn validate(
    fields: &[HeaderField],
    kind: BlockKind,
    connect_protocol: bool,
    direction: Direction,
) -> Result<BlockInfo, HeaderError> {
    let mut pseudo = PseudoValues::default();
    let mut regular = RegularFields::default();
    let mut seen_regular = false;
    for field in fields {
        field_syntax::check(field)?;
        if field.name.first() == Some(&b':') {
            check_pseudo_field(field, kind, seen_regular, &mut pseudo)?;
        } else {
            seen_regular = true;
            check_regular_field(field, kind, &mut regular)?;
        }
    }
    let mut info = match kind {
        BlockKind::Request | BlockKind::PushRequest => {
            check_request(&pseudo, &regular, kind, connect_protocol)?
        }
        BlockKind::Response | BlockKind::Informational => {
            check_response(&pseudo, &regular, kind, direction)?
        }
        BlockKind::Trailers => BlockInfo::default(),
    };
    info.priority = regular.priority.finish();
    Ok(info)
}

fn check_pseudo_field<'a>(
    field: &'a HeaderField,
    kind: BlockKind,
    seen_regular: bool,
    pseudo: &mut PseudoValues<'a>,
) -> Result<(), HeaderError> {
    // RFC 9113 §8.1: "Trailers MUST NOT include pseudo-header fields".
    if kind == BlockKind::Trailers {
        return Err(HeaderError::PseudoHeaderInTrailers {
            name: field.name.clone(),
        });
    }
    // RFC 9113 §8.3: "All pseudo-header fields MUST appear in a field block
    // before all regular field lines."
    if seen_regular {
        return Err(HeaderError::PseudoHeaderAfterRegular {
            name: field.name.clone(),
        });
    }
    // RFC 9113 §8.3: "Endpoints MUST treat a request or response that
    // contains undefined or invalid pseudo-header fields as malformed".
    let which = Pseudo::from_name(&field.name).ok_or_else(|| HeaderError::UnknownPseudoHeader {
        name: field.name.clone(),
    })?;
    pseudo.insert(which, &field.value)
}

fn check_regular_field<'a>(
    field: &'a HeaderField,
    kind: BlockKind,
    regular: &mut RegularFields<'a>,
) -> Result<(), HeaderError> {
    match &field.name[..] {
        // RFC 9113 §8.2.2: "Any message containing connection-specific header
        // fields MUST be treated as malformed".
        name if is_connection_specific(name) => Err(HeaderError::ConnectionSpecificField {
            name: field.name.clone(),
        }),
        // RFC 9113 §8.2.2: TE "MUST NOT contain any value other than
        // "trailers"" (a token, so compared without regard to case).
        b"te" if !field.value.eq_ignore_ascii_case(b"trailers") => Err(HeaderError::InvalidTe),
        b"host" if kind.is_request() => {
            // RFC 9110 §7.2 allows one Host; upstream h2 4.4.1 rejects more.
            if regular.host.replace(&field.value).is_some() {
                return Err(HeaderError::DuplicateHost);
            }
            Ok(())
        }
        b"content-length" => {
            regular.content_length = content_length::merge(regular.content_length, &field.value)?;
            Ok(())
        }
        b"priority" => {
            regular.priority.push(&field.value);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The connection-specific fields of RFC 9113 §8.2.2 (SPEC HDR-24): Connection,
/// and those RFC 9110 §7.6.1 lists (Proxy-Connection, Keep-Alive,
/// Transfer-Encoding, Upgrade). Lowercase names only.
pub(crate) fn is_connection_specific(name: &[u8]) -> bool {
    matches!(
        name,
        b"connection" | b"proxy-connection" | b"keep-alive" | b"transfer-encoding" | b"upgrade"
    )
}

fn check_request(
    pseudo: &PseudoValues<'_>,
    regular: &RegularFields<'_>,
    kind: BlockKind,
    connect_protocol: bool,
) -> Result<BlockInfo, HeaderError> {
    // RFC 9113 §8.3: "pseudo-header fields defined for responses MUST NOT
    // appear in requests".
    if pseudo.get(Pseudo::Status).is_some() {
        return Err(HeaderError::ResponsePseudoHeaderInRequest(
            Pseudo::Status.name(),
        ));
    }
    let method = pseudo
        .get(Pseudo::Method)
        .ok_or(HeaderError::MissingPseudoHeader(Pseudo::Method.name()))?;
    // RFC 9110 §9.1: method = token.
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err(HeaderError::InvalidMethod);
    }
    let scheme = pseudo.get(Pseudo::Scheme);
    if let Some(scheme) = scheme {
        // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        let valid = scheme.first().is_some_and(u8::is_ascii_alphabetic)
            && scheme.iter().all(|&b| is_scheme_byte(b));
        if !valid {
            return Err(HeaderError::InvalidScheme);
        }
    }
    let authority = pseudo.get(Pseudo::Authority).filter(|a| !a.is_empty());
    let is_connect = &method[..] == b"CONNECT";
    if is_connect {
        check_connect(pseudo, authority, connect_protocol)?;
    } else {
        // RFC 8441 §4: ":protocol" is only for CONNECT requests.
        if pseudo.get(Pseudo::Protocol).is_some() {
            return Err(HeaderError::ProtocolWithoutConnect);
        }
        // RFC 9113 §8.3.1: "All HTTP/2 requests MUST include exactly one
        // valid value for the ":method", ":scheme", and ":path" pseudo-header
        // fields, unless they are CONNECT requests".
        for required in [Pseudo::Scheme, Pseudo::Path] {
            if pseudo.get(required).is_none() {
                return Err(HeaderError::MissingPseudoHeader(required.name()));
            }
        }
    }
    if let Some(path) = pseudo.get(Pseudo::Path) {
        check_path(path, method)?;
    }
    check_authority(authority, regular.host, scheme)?;
    if kind == BlockKind::PushRequest {
        check_push_request(method, authority, regular.content_length)?;
    }
    Ok(BlockInfo {
        method: Some(method.clone()),
        authority: authority.or(regular.host).cloned(),
        protocol: pseudo.get(Pseudo::Protocol).cloned(),
        content_length: regular.content_length,
        ..BlockInfo::default()
    })
}

/// CONNECT (RFC 9113 §8.5) and extended CONNECT (RFC 8441 §4).
fn check_connect(
    pseudo: &PseudoValues<'_>,
    authority: Option<&Bytes>,
    connect_protocol: bool,
) -> Result<(), HeaderError> {
    if pseudo.get(Pseudo::Protocol).is_some() {
        // RFC 8441 §3: "Upon receipt of SETTINGS_ENABLE_CONNECT_PROTOCOL with
        // a value of 1, a client MAY use the Extended CONNECT"; used "without
        // first receiving" it, "a non-supporting peer would detect a
        // malformed request".
        if !connect_protocol {
            return Err(HeaderError::ProtocolWithoutExtendedConnect);
        }
        // RFC 8441 §4: "On requests that contain the :protocol pseudo-header
        // field, the :scheme and :path pseudo-header fields of the target URI
        // (see Section 5) MUST also be included."
        for required in [Pseudo::Scheme, Pseudo::Path] {
            if pseudo.get(required).is_none() {
                return Err(HeaderError::MissingPseudoHeader(required.name()));
            }
        }
    } else {
        // RFC 9113 §8.5: "The ":scheme" and ":path" pseudo-header fields MUST
        // be omitted."
        if let Some(present) = pseudo.first_present([Pseudo::Scheme, Pseudo::Path]) {
            return Err(HeaderError::PseudoHeaderInConnect(present.name()));
        }
    }
    // RFC 9113 §8.5: "The ":authority" pseudo-header field contains the host
    // and port to connect to"; RFC 8441 §4 keeps it for the target URI.
    if authority.is_none() {
        return Err(HeaderError::MissingPseudoHeader(Pseudo::Authority.name()));
    }
    Ok(())
}

/// RFC 9113 §8.3.1: ":path" "MUST NOT be empty"; it is an absolute path, or
/// '*' for an OPTIONS request in asterisk form.
fn check_path(path: &Bytes, method: &Bytes) -> Result<(), HeaderError> {
    match path.first() {
        None => Err(HeaderError::EmptyPath),
        Some(b'/') => Ok(()),
        Some(b'*') if path.len() == 1 && &method[..] == b"OPTIONS" => Ok(()),
        Some(_) => Err(HeaderError::InvalidPath),
    }
}

fn check_authority(
    authority: Option<&Bytes>,
    host: Option<&Bytes>,
    scheme: Option<&Bytes>,
) -> Result<(), HeaderError> {
    for value in [authority, host].into_iter().flatten() {
        if !authority::is_valid(value) {
            return Err(HeaderError::InvalidAuthority);
        }
    }
    let http_scheme = scheme.is_some_and(|s| authority::default_port(s).is_some());
    if http_scheme {
        // RFC 9110 §4.2.1: "A sender MUST NOT generate an "http" URI with an
        // empty host identifier"; §7.2: a user agent MUST send Host or
        // :authority.
        let host = host.filter(|h| !h.is_empty());
        if authority.is_none() && host.is_none() {
            return Err(HeaderError::MissingAuthority);
        }
        // RFC 9113 §8.3.1: ":authority" MUST NOT include the deprecated
        // userinfo subcomponent for "http" or "https" schemed URIs.
        if [authority, host]
            .into_iter()
            .flatten()
            .any(|v| authority::has_userinfo(v))
        {
            return Err(HeaderError::UserinfoInAuthority);
        }
    }
    // RFC 9113 §8.3.1: "Clients MUST NOT generate a request with a Host header
    // field that differs from the ":authority" pseudo-header field. A server
    // SHOULD treat a request as malformed if it contains a Host header field
    // that identifies an entity that differs from the entity in the
    // ":authority" pseudo-header field."
    if let (Some(authority), Some(host)) = (authority, host) {
        if !authority::same_origin(authority, host, scheme.map(|s| &s[..])) {
            return Err(HeaderError::AuthorityHostMismatch);
        }
    }
    Ok(())
}

/// RFC 9113 §8.4: "Promised requests MUST be safe ... and cacheable ...
/// Promised requests cannot include any content"; "The server MUST include a
/// value in the ":authority" pseudo-header field".
fn check_push_request(
    method: &Bytes,
    authority: Option<&Bytes>,
    content_length: Option<u64>,
) -> Result<(), HeaderError> {
    // GET and HEAD are the methods both safe (RFC 9110 §9.2.1) and cacheable
    // (§9.2.3) without further conditions.
    if !matches!(&method[..], b"GET" | b"HEAD") {
        return Err(HeaderError::UnsafePushMethod);
    }
    if authority.is_none() {
        return Err(HeaderError::MissingPseudoHeader(Pseudo::Authority.name()));
    }
    if content_length.is_some_and(|n| n > 0) {
        return Err(HeaderError::PushRequestWithContent);
    }
    Ok(())
}

fn check_response(
    pseudo: &PseudoValues<'_>,
    regular: &RegularFields<'_>,
    kind: BlockKind,
    direction: Direction,
) -> Result<BlockInfo, HeaderError> {
    // RFC 9113 §8.3: "Pseudo-header fields defined for requests MUST NOT
    // appear in responses".
    let request_only = Pseudo::ALL.into_iter().filter(|p| p.is_request());
    if let Some(present) = pseudo.first_present(request_only) {
        return Err(HeaderError::RequestPseudoHeaderInResponse(present.name()));
    }
    // RFC 9113 §8.3.2: ":status" "MUST be included in all responses,
    // including interim responses; otherwise, the response is malformed".
    let status = pseudo
        .get(Pseudo::Status)
        .ok_or(HeaderError::MissingPseudoHeader(Pseudo::Status.name()))?;
    let status = parse_status(status).ok_or(HeaderError::InvalidStatus)?;
    // RFC 9113 §8.6: "HTTP/2 does not support the 101 (Switching Protocols)
    // informational status code".
    if status == 101 {
        return Err(HeaderError::SwitchingProtocols);
    }
    let informational = (100..200).contains(&status);
    if informational != (kind == BlockKind::Informational) {
        return Err(HeaderError::StatusClassMismatch { status });
    }
    // RFC 9110 §8.6: "A server MUST NOT send a Content-Length header field in
    // any response with a status code of 1xx (Informational) or 204 (No
    // Content)."
    if direction == Direction::Outbound
        && regular.content_length.is_some()
        && (informational || status == 204)
    {
        return Err(HeaderError::ContentLengthNotAllowed { status });
    }
    Ok(BlockInfo {
        status: Some(status),
        content_length: if informational {
            None
        } else {
            regular.content_length
        },
        ..BlockInfo::default()
    })
}

/// RFC 9110 §15: status-code = 3DIGIT, 100 to 999 here (values from 600 are
/// invalid but RFC 9110 asks clients to treat them as 5xx, not to refuse them).
pub(crate) fn parse_status(value: &[u8]) -> Option<u16> {
    match *value {
        [a @ b'1'..=b'9', b, c] if is_digit(b) && is_digit(c) => {
            Some(u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => None,
    }
}

/// Read the [`BlockInfo`] of a block that is not validated: the first value
/// of each pseudo-header field wherever it is, `host` as the authority
/// fallback, a status that parses. `content-length` must still parse and
/// agree when `strict_content_length` (on received blocks: it frames the
/// body, SPEC HDR-60); otherwise a bad one reads as absent.
pub(crate) fn extract(
    fields: &[HeaderField],
    kind: BlockKind,
    strict_content_length: bool,
) -> Result<BlockInfo, HeaderError> {
    let mut pseudo = PseudoValues::default();
    let mut host = None;
    let mut length = None;
    let mut length_valid = true;
    let mut priority = FieldLines::default();
    for field in fields {
        if let Some(which) = Pseudo::from_name(&field.name) {
            pseudo.insert_first(which, &field.value);
            continue;
        }
        match &field.name[..] {
            b"host" => {
                host.get_or_insert(&field.value);
            }
            b"content-length" if length_valid => {
                match content_length::merge(length, &field.value) {
                    Ok(n) => length = n,
                    Err(error) if strict_content_length => return Err(error),
                    Err(_) => {
                        length = None;
                        length_valid = false;
                    }
                }
            }
            b"priority" => priority.push(&field.value),
            _ => {}
        }
    }
    let mut info = BlockInfo {
        priority: priority.finish(),
        ..BlockInfo::default()
    };
    match kind {
        BlockKind::Request | BlockKind::PushRequest => {
            info.method = pseudo.get(Pseudo::Method).cloned();
            info.authority = pseudo
                .get(Pseudo::Authority)
                .filter(|a| !a.is_empty())
                .or(host)
                .cloned();
            info.protocol = pseudo.get(Pseudo::Protocol).cloned();
            info.content_length = length;
        }
        BlockKind::Response | BlockKind::Informational => {
            info.status = pseudo.get(Pseudo::Status).and_then(|s| parse_status(s));
            if kind == BlockKind::Response {
                info.content_length = length;
            }
        }
        BlockKind::Trailers => {}
    }
    Ok(info)
}
