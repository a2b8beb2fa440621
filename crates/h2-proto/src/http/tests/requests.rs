//! Request and response control data: pseudo-headers, CONNECT, authority, path,
//! status and characters (RFC 9113 §8.2–§8.5).

use super::*;

/// SPEC HDR-26 / RH-14 (RFC 9113 §8.3): response pseudo-headers in requests and
/// request pseudo-headers in responses are malformed, both directions.
#[test]
fn hdr_26_rh_14_pseudo_headers_of_the_other_side_rejected() {
    let mut req = request();
    req.insert(0, f(":status", "200"));
    assert_eq!(
        inbound_err(req.clone(), BlockKind::Request),
        HeaderError::ResponsePseudoHeaderInRequest(":status")
    );
    assert_eq!(
        outbound_err(req, BlockKind::Request),
        HeaderError::ResponsePseudoHeaderInRequest(":status")
    );
    for pseudo in [":method", ":scheme", ":authority", ":path", ":protocol"] {
        let mut resp = response("200");
        resp.insert(1, f(pseudo, "x"));
        let want = HeaderError::RequestPseudoHeaderInResponse(
            Pseudo::from_name(pseudo.as_bytes()).unwrap().name(),
        );
        assert_eq!(inbound_err(resp.clone(), BlockKind::Response), want);
        assert_eq!(outbound_err(resp, BlockKind::Response), want);
    }
}

/// SPEC HDR-26 / RH-08 (RFC 8441 §4): `:protocol` only on CONNECT.
#[test]
fn hdr_26_rh_08_protocol_on_other_methods_rejected() {
    let mut block = request();
    block.insert(0, f(":protocol", "websocket"));
    let rules = InboundRules {
        connect_protocol_enabled: true,
        ..InboundRules::default()
    };
    assert_eq!(
        check_inbound(block, BlockKind::Request, &rules).unwrap_err(),
        HeaderError::ProtocolWithoutConnect
    );
}

/// SPEC Q-20 (fix, RFC 9113 §8.5): plain CONNECT carries `:authority` only, and
/// `:scheme`/`:path` are refused on it.
#[test]
fn q_20_plain_connect_has_authority_only() {
    let (_, info) = inbound(connect(), BlockKind::Request).unwrap();
    assert_eq!(info.method.as_deref(), Some(&b"CONNECT"[..]));
    assert_eq!(info.authority.as_deref(), Some(&b"proxy.example:443"[..]));
    assert!(outbound(connect(), BlockKind::Request).is_ok());
    for (extra, value) in [(":scheme", "https"), (":path", "/")] {
        let mut block = connect();
        block.insert(1, f(extra, value));
        let want =
            HeaderError::PseudoHeaderInConnect(Pseudo::from_name(extra.as_bytes()).unwrap().name());
        assert_eq!(inbound_err(block.clone(), BlockKind::Request), want);
        assert_eq!(outbound_err(block, BlockKind::Request), want);
    }
    let block = vec![f(":method", "CONNECT"), f("host", "proxy.example:443")];
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::MissingPseudoHeader(":authority")
    );
}

/// SPEC Q-20 (fix, RFC 8441 §3, §4): extended CONNECT needs the setting, and
/// then `:scheme`, `:path` and `:authority`; a WebSocket request passes.
#[test]
fn q_20_extended_connect_is_tied_to_enable_connect_protocol() {
    let off = InboundRules::default();
    let on = InboundRules {
        connect_protocol_enabled: true,
        ..off
    };
    assert_eq!(
        check_inbound(websocket(), BlockKind::Request, &off).unwrap_err(),
        HeaderError::ProtocolWithoutExtendedConnect
    );
    let (_, info) = check_inbound(websocket(), BlockKind::Request, &on).unwrap();
    assert_eq!(info.protocol.as_deref(), Some(&b"websocket"[..]));
    assert_eq!(info.authority.as_deref(), Some(&b"server.example.com"[..]));

    let peer_on = OutboundRules {
        connect_protocol_enabled: true,
        ..OutboundRules::default()
    };
    assert_eq!(
        outbound_err(websocket(), BlockKind::Request),
        HeaderError::ProtocolWithoutExtendedConnect
    );
    assert!(prepare_outbound(websocket(), BlockKind::Request, &peer_on).is_ok());

    for missing in [":scheme", ":path", ":authority"] {
        let want =
            HeaderError::MissingPseudoHeader(Pseudo::from_name(missing.as_bytes()).unwrap().name());
        let block = without(websocket(), missing);
        assert_eq!(
            check_inbound(block.clone(), BlockKind::Request, &on).unwrap_err(),
            want
        );
        assert_eq!(
            prepare_outbound(block, BlockKind::Request, &peer_on).unwrap_err(),
            want
        );
    }
}

/// SPEC HDR-27 / RH-27 / RH-29: an http(s) request needs `:authority` or
/// `host`, both directions.
#[test]
fn hdr_27_rh_27_rh_29_request_without_authority_or_host_rejected() {
    let block = without(request(), ":authority");
    assert_eq!(
        inbound_err(block.clone(), BlockKind::Request),
        HeaderError::MissingAuthority
    );
    assert_eq!(
        outbound_err(block.clone(), BlockKind::Request),
        HeaderError::MissingAuthority
    );
    let (_, info) = inbound(with(block, &[("host", "example.com")]), BlockKind::Request).unwrap();
    assert_eq!(info.authority.as_deref(), Some(&b"example.com"[..]));
}

/// RFC 9113 §8.3.1: a URI without authority information (a scheme other than
/// http or https) may omit both.
#[test]
fn request_for_a_scheme_without_authority_needs_none() {
    let block = vec![
        f(":method", "GET"),
        f(":scheme", "urn"),
        f(":path", "/isbn:0451450523"),
    ];
    let (_, info) = inbound(block, BlockKind::Request).unwrap();
    assert_eq!(info.authority, None);
}

/// SPEC HDR-27 / RH-27 / RH-29: `:authority` and `host` must agree, compared
/// after scheme-based normalisation (RFC 9113 §8.3.1).
#[test]
fn hdr_27_rh_27_rh_29_authority_host_mismatch_rejected() {
    let block = with(request(), &[("host", "other.example")]);
    assert_eq!(
        inbound_err(block.clone(), BlockKind::Request),
        HeaderError::AuthorityHostMismatch
    );
    assert_eq!(
        outbound_err(block, BlockKind::Request),
        HeaderError::AuthorityHostMismatch
    );
    for same in ["example.com", "EXAMPLE.com", "example.com:443"] {
        let (_, info) = inbound(with(request(), &[("host", same)]), BlockKind::Request).unwrap();
        assert_eq!(
            info.authority.as_deref(),
            Some(&b"example.com"[..]),
            "{same}"
        );
    }
}

/// SPEC HDR-27 / Q-32 (fix, upstream 4.4.1): a second `host` is malformed,
/// even when equal.
#[test]
fn hdr_27_q_32_duplicate_host_rejected() {
    let block = with(
        without(request(), ":authority"),
        &[("host", "example.com"), ("host", "example.com")],
    );
    assert_eq!(
        inbound_err(block.clone(), BlockKind::Request),
        HeaderError::DuplicateHost
    );
    assert_eq!(
        outbound_err(block, BlockKind::Request),
        HeaderError::DuplicateHost
    );
}

/// RFC 9113 §8.3.1: no userinfo in the authority of http(s) URIs; RFC 3986
/// §3.2: only authority characters.
#[test]
fn authority_userinfo_and_bad_characters_rejected() {
    let mut block = without(request(), ":authority");
    block.insert(0, f(":authority", "user:pw@example.com"));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::UserinfoInAuthority
    );
    let mut block = without(request(), ":authority");
    block.insert(0, f(":authority", "example.com/evil"));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::InvalidAuthority
    );
    let block = with(without(request(), ":authority"), &[("host", "a b")]);
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::InvalidAuthority
    );
}

/// SPEC HDR-28 / RH-13: an empty `:path` is malformed, both directions.
#[test]
fn hdr_28_rh_13_empty_path_rejected() {
    let mut block = without(request(), ":path");
    block.insert(0, f(":path", ""));
    assert_eq!(
        inbound_err(block.clone(), BlockKind::Request),
        HeaderError::EmptyPath
    );
    assert_eq!(
        outbound_err(block, BlockKind::Request),
        HeaderError::EmptyPath
    );
}

/// SPEC HDR-29 (fix, RFC 9113 §8.3.1): `:path` is an absolute path, or `*` for
/// OPTIONS only.
#[test]
fn hdr_29_path_form_checked() {
    assert!(inbound(with_path("GET", "/a/b?c=d"), BlockKind::Request).is_ok());
    assert!(inbound(with_path("OPTIONS", "*"), BlockKind::Request).is_ok());
    assert!(inbound(with_path("OPTIONS", "/"), BlockKind::Request).is_ok());
    for (method, path) in [
        ("GET", "*"),
        ("GET", "a/b"),
        ("GET", "https://example.com/"),
        ("OPTIONS", "**"),
    ] {
        assert_eq!(
            inbound_err(with_path(method, path), BlockKind::Request),
            HeaderError::InvalidPath,
            "{method} {path}"
        );
    }
}

/// SPEC HDR-29 (fix, RFC 9110 §15, RFC 9113 §8.3.2): `:status` is three
/// digits, 100 to 999.
#[test]
fn hdr_29_status_must_be_three_digits() {
    for status in ["200", "404", "599", "999"] {
        let (_, info) = inbound(response(status), BlockKind::Response).unwrap();
        assert_eq!(info.status, Some(status.parse().unwrap()));
    }
    for status in ["", "20", "2000", "099", "abc", "2x0", "+20", " 200"] {
        let block = vec![HeaderField::new(":status", status)];
        let err = inbound_err(block, BlockKind::Response);
        assert!(
            matches!(
                err,
                HeaderError::InvalidStatus | HeaderError::SurroundingWhitespace { .. }
            ),
            "{status}: {err:?}"
        );
    }
    assert_eq!(
        inbound_err(response("2000"), BlockKind::Response),
        HeaderError::InvalidStatus
    );
}

/// SPEC HDR-29 / Q-32 (fix, RFC 9113 §8.2.1): illegal characters in names and
/// values are malformed.
#[test]
fn hdr_29_q_32_illegal_characters_rejected() {
    let cases = [
        ("x", "a\0b", FieldPart::Value, 0x00),
        ("x", "a\rb", FieldPart::Value, b'\r'),
        ("x", "a\nb", FieldPart::Value, b'\n'),
        ("x", "a\x7fb", FieldPart::Value, 0x7f),
        ("x:y", "v", FieldPart::Name, b':'),
        ("x y", "v", FieldPart::Name, b' '),
        ("x\0", "v", FieldPart::Name, 0x00),
        ("x\u{e9}", "v", FieldPart::Name, 0xc3),
    ];
    for (n, v, part, byte) in cases {
        let want = HeaderError::IllegalCharacter {
            name: Bytes::from(n),
            part,
            byte,
        };
        assert_eq!(
            inbound_err(with(request(), &[(n, v)]), BlockKind::Request),
            want,
            "{n:?}: {v:?}"
        );
        assert_eq!(
            outbound_err(with(request(), &[(n, v)]), BlockKind::Request),
            want,
            "{n:?}: {v:?}"
        );
    }
}

/// RFC 9110 §9.1 and RFC 3986 §3.1: `:method` is a token, `:scheme` a scheme.
#[test]
fn method_and_scheme_syntax_checked() {
    let mut block = without(request(), ":method");
    block.insert(0, f(":method", "G(T"));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::InvalidMethod
    );
    let mut block = without(request(), ":method");
    block.insert(0, f(":method", ""));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::InvalidMethod
    );
    for scheme in ["", "1http", "ht_tp"] {
        let mut block = without(request(), ":scheme");
        block.insert(0, HeaderField::new(":scheme", scheme));
        assert_eq!(
            inbound_err(block, BlockKind::Request),
            HeaderError::InvalidScheme,
            "{scheme}"
        );
    }
}
