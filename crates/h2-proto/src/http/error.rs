//! What can be wrong with a header block, one variant per rule.

use bytes::Bytes;
use h2_frame::ErrorCode;

/// Which half of a field a rule was broken in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldPart {
    /// The field name.
    Name,
    /// The field value.
    Value,
}

/// A header block that breaks a rule of HTTP/2 message semantics (RFC 9113
/// §8, RFC 8441, RFC 9110).
///
/// Each variant names one rule. A received block with any of these is
/// malformed: RFC 9113 §8.1.1 makes that a stream error of type
/// `PROTOCOL_ERROR` ([`HeaderError::code`]). A block the user asks to send
/// that breaks one is refused before anything is queued.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// A field with an empty name (SPEC HDR-20, RH-01).
    #[error("header field with an empty name")]
    EmptyName,
    /// A field name with an ASCII uppercase letter (RFC 9113 §8.2; SPEC HDR-21).
    #[error("header field name {name:?} contains uppercase characters")]
    UppercaseName {
        /// The offending name.
        name: Bytes,
    },
    /// A byte that RFC 9113 §8.2.1 or RFC 9110 §5.1/§5.5 forbids (NUL, CR, LF,
    /// other controls, a colon or space or non-ASCII byte in a name, ...).
    #[error("header field {name:?} has the illegal byte {byte:#04x} in its {part:?}")]
    IllegalCharacter {
        /// The name of the field (which may itself be the offender).
        name: Bytes,
        /// Where the byte is.
        part: FieldPart,
        /// The first illegal byte.
        byte: u8,
    },
    /// A name or value that starts or ends with whitespace (RFC 9113 §8.2.1;
    /// SPEC HDR-22).
    #[error("header field {name:?} has leading or trailing whitespace in its {part:?}")]
    SurroundingWhitespace {
        /// The name of the field.
        name: Bytes,
        /// Where the whitespace is.
        part: FieldPart,
    },
    /// `connection`, `proxy-connection`, `keep-alive`, `transfer-encoding` or
    /// `upgrade` (RFC 9113 §8.2.2; SPEC HDR-24).
    #[error("connection-specific header field {name:?}")]
    ConnectionSpecificField {
        /// The field name.
        name: Bytes,
    },
    /// A `te` field whose value is not `trailers` (RFC 9113 §8.2.2; SPEC HDR-23).
    #[error("te header field with a value other than \"trailers\"")]
    InvalidTe,
    /// A pseudo-header field RFC 9113 §8.3 and RFC 8441 do not define (SPEC HDR-25).
    #[error("unknown pseudo-header field {name:?}")]
    UnknownPseudoHeader {
        /// The name, colon included.
        name: Bytes,
    },
    /// The same pseudo-header field twice (RFC 9113 §8.3).
    #[error("duplicate pseudo-header field {0}")]
    DuplicatePseudoHeader(&'static str),
    /// A pseudo-header field after a regular field (RFC 9113 §8.3).
    #[error("pseudo-header field {name:?} after a regular header field")]
    PseudoHeaderAfterRegular {
        /// The name, colon included.
        name: Bytes,
    },
    /// A pseudo-header field the block kind requires is absent (RFC 9113 §8.3.1,
    /// §8.3.2, §8.4, §8.5, RFC 8441 §4).
    #[error("missing pseudo-header field {0}")]
    MissingPseudoHeader(&'static str),
    /// A pseudo-header field in a trailer section (RFC 9113 §8.1).
    #[error("pseudo-header field {name:?} in trailers")]
    PseudoHeaderInTrailers {
        /// The name, colon included.
        name: Bytes,
    },
    /// `:status` in a request (RFC 9113 §8.3).
    #[error("response pseudo-header field {0} in a request")]
    ResponsePseudoHeaderInRequest(&'static str),
    /// `:method`, `:scheme`, `:authority`, `:path` or `:protocol` in a
    /// response (RFC 9113 §8.3).
    #[error("request pseudo-header field {0} in a response")]
    RequestPseudoHeaderInResponse(&'static str),
    /// `:scheme` or `:path` in a CONNECT request without `:protocol` (RFC 9113 §8.5).
    #[error("pseudo-header field {0} in a CONNECT request")]
    PseudoHeaderInConnect(&'static str),
    /// `:protocol` on a request whose method is not CONNECT (RFC 8441 §4).
    #[error(":protocol pseudo-header field on a request that is not CONNECT")]
    ProtocolWithoutConnect,
    /// `:protocol` when SETTINGS_ENABLE_CONNECT_PROTOCOL was not negotiated
    /// (RFC 8441 §3, §4).
    #[error(":protocol pseudo-header field without SETTINGS_ENABLE_CONNECT_PROTOCOL")]
    ProtocolWithoutExtendedConnect,
    /// A `:method` that is not a token (RFC 9110 §9.1).
    #[error(":method is not a token")]
    InvalidMethod,
    /// A `:scheme` that is not a URI scheme (RFC 3986 §3.1).
    #[error(":scheme is not a URI scheme")]
    InvalidScheme,
    /// An empty `:path` (RFC 9113 §8.3.1; SPEC HDR-28).
    #[error("empty :path")]
    EmptyPath,
    /// A `:path` that neither starts with `/` nor is the `*` of an OPTIONS
    /// request (RFC 9113 §8.3.1).
    #[error(":path is neither an absolute path nor the asterisk form of OPTIONS")]
    InvalidPath,
    /// A `:status` that is not three digits from 100 to 999 (RFC 9110 §15,
    /// RFC 9113 §8.3.2).
    #[error(":status is not a three-digit status code")]
    InvalidStatus,
    /// A 1xx `:status` in a final response, or a final one in an interim
    /// response.
    #[error(":status {status} does not fit the kind of response block")]
    StatusClassMismatch {
        /// The status code found.
        status: u16,
    },
    /// `:status 101`, which HTTP/2 does not support (RFC 9113 §8.6).
    #[error(":status 101 (Switching Protocols) is not supported by HTTP/2")]
    SwitchingProtocols,
    /// An http or https request with neither `:authority` nor `host`
    /// (RFC 9110 §7.2, §4.2.1; SPEC HDR-27).
    #[error("request has neither :authority nor host")]
    MissingAuthority,
    /// An `:authority` or `host` with a byte outside the authority syntax
    /// (RFC 3986 §3.2), such as a space, `/` or `?`.
    #[error(":authority or host is not a URI authority")]
    InvalidAuthority,
    /// An `:authority` with userinfo for an http or https URI (RFC 9113 §8.3.1).
    #[error(":authority includes userinfo")]
    UserinfoInAuthority,
    /// `:authority` and `host` name different origins (RFC 9113 §8.3.1; SPEC HDR-27).
    #[error(":authority and host header fields differ")]
    AuthorityHostMismatch,
    /// More than one `host` field (RFC 9110 §7.2; upstream h2 4.4.1).
    #[error("more than one host header field")]
    DuplicateHost,
    /// A `content-length` that is not 1*DIGIT fitting in 64 bits (RFC 9110 §8.6).
    #[error("invalid content-length")]
    InvalidContentLength,
    /// Several `content-length` fields with different values (RFC 9110 §8.6).
    #[error("conflicting content-length values")]
    ConflictingContentLength,
    /// A `content-length` in a response that cannot have one: 1xx or 204
    /// (RFC 9110 §8.6; checked on blocks we send).
    #[error("content-length in a {status} response")]
    ContentLengthNotAllowed {
        /// The status code of the response.
        status: u16,
    },
    /// A promised request whose method is not both safe and cacheable, that
    /// is, neither GET nor HEAD (RFC 9113 §8.4, §8.4.1).
    #[error("promised request method is not safe and cacheable")]
    UnsafePushMethod,
    /// A promised request that announces content (RFC 9113 §8.4).
    #[error("promised request announces content")]
    PushRequestWithContent,
}

impl HeaderError {
    /// The error code to send when a received block breaks the rule: always
    /// `PROTOCOL_ERROR`, as a stream error (RFC 9113 §8.1.1).
    pub const fn code(&self) -> ErrorCode {
        ErrorCode::PROTOCOL_ERROR
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_error_is_a_protocol_error() {
        let samples = [
            HeaderError::EmptyName,
            HeaderError::InvalidTe,
            HeaderError::DuplicatePseudoHeader(":path"),
            HeaderError::ConflictingContentLength,
        ];
        for error in samples {
            assert_eq!(error.code(), ErrorCode::PROTOCOL_ERROR);
        }
    }
}
