//! Received blocks: kinds, cookie joining, field and pseudo-header rules (SPEC §6.1–§6.3).

use super::*;

/// SPEC HDR-1: requests and push promises share the request rules; responses
/// and trailers have their own.
#[test]
fn hdr_1_each_block_kind_has_its_rules() {
    assert!(inbound(request(), BlockKind::Request).is_ok());
    assert!(inbound(request(), BlockKind::PushRequest).is_ok());
    assert_eq!(
        inbound_err(request(), BlockKind::Response),
        HeaderError::RequestPseudoHeaderInResponse(":method")
    );
    assert!(inbound(response("200"), BlockKind::Response).is_ok());
    assert_eq!(
        inbound_err(response("200"), BlockKind::Request),
        HeaderError::ResponsePseudoHeaderInRequest(":status")
    );
    assert!(inbound(vec![f("grpc-status", "0")], BlockKind::Trailers).is_ok());
}

/// SPEC HDR-2/HDR-3: validation and normalisation are each switchable.
#[test]
fn hdr_2_hdr_3_validation_and_normalisation_switch_off() {
    let bad = vec![f("X-Upper", " v "), f("cookie", "a"), f("cookie", "b")];
    let rules = InboundRules {
        validate: false,
        normalize: false,
        ..InboundRules::default()
    };
    let (fields, _) = check_inbound(bad.clone(), BlockKind::Trailers, &rules).unwrap();
    assert_eq!(fields, bad);
    let rules = OutboundRules {
        validate: false,
        normalize: false,
        ..OutboundRules::default()
    };
    let (fields, _) = prepare_outbound(bad.clone(), BlockKind::Trailers, &rules).unwrap();
    assert_eq!(fields, bad);
}

// ---- §6.2 inbound normalisation ----------------------------------------------

/// SPEC HDR-10 (RFC 9113 §8.2.3): cookie crumbs are joined with "; ", in order,
/// into one never-indexed field.
#[test]
fn hdr_10_cookie_crumbs_joined_inbound() {
    let block = with(
        request(),
        &[
            ("cookie", "a=b"),
            ("x", "1"),
            ("cookie", "c=d"),
            ("cookie", "e=f"),
        ],
    );
    let (fields, _) = inbound(block, BlockKind::Request).unwrap();
    let cookies: Vec<_> = fields.iter().filter(|x| x.name == "cookie").collect();
    assert_eq!(cookies.len(), 1);
    assert_eq!(cookies[0].value, "a=b; c=d; e=f");
    assert!(cookies[0].sensitive);
}

/// SPEC Q-21 (fix): the joined cookie takes the first crumb's place instead of
/// moving to the end.
#[test]
fn q_21_joined_cookie_takes_the_place_of_the_first_crumb() {
    let block = with(
        request(),
        &[("cookie", "a=b"), ("x", "1"), ("cookie", "c=d"), ("y", "2")],
    );
    let (fields, _) = inbound(block, BlockKind::Request).unwrap();
    let names: Vec<_> = fields.iter().map(|x| x.name.clone()).collect();
    let want = [
        ":method",
        ":scheme",
        ":authority",
        ":path",
        "accept",
        "cookie",
        "x",
        "y",
    ];
    assert_eq!(names, want.map(name));
    assert_eq!(fields[5].value, "a=b; c=d");
}

/// SPEC Q-21 (fix): validation runs before joining, so a crumb before the
/// pseudo-header fields is still an ordering violation.
#[test]
fn q_21_cookie_before_pseudo_headers_is_still_rejected() {
    let mut block = vec![f("cookie", "a=b")];
    block.extend(request());
    block.push(f("cookie", "c=d"));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::PseudoHeaderAfterRegular {
            name: name(":method")
        }
    );
}

/// SPEC CFG-7 / RH-16: `normalize_inbound_headers = false` keeps the crumbs.
#[test]
fn rh_16_inbound_normalisation_off_keeps_cookie_crumbs() {
    let block = with(request(), &[("cookie", "a=b"), ("cookie", "c=d")]);
    let rules = InboundRules {
        normalize: false,
        ..InboundRules::default()
    };
    let (fields, _) = check_inbound(block.clone(), BlockKind::Request, &rules).unwrap();
    assert_eq!(fields, block);
}

/// SPEC RH-22: promised requests get the same cookie joining.
#[test]
fn rh_22_push_request_cookies_are_joined() {
    let block = with(request(), &[("cookie", "a=b"), ("cookie", "c=d")]);
    let (fields, _) = inbound(block, BlockKind::PushRequest).unwrap();
    assert_eq!(fields.iter().filter(|x| x.name == "cookie").count(), 1);
}

// ---- §6.3 inbound validation -------------------------------------------------

/// SPEC HDR-20 / RH-01: an empty name is malformed.
#[test]
fn hdr_20_rh_01_empty_name_rejected_inbound() {
    assert_eq!(
        inbound_err(with(request(), &[("", "v")]), BlockKind::Request),
        HeaderError::EmptyName
    );
}

/// SPEC HDR-21 (RFC 9113 §8.2.1): uppercase names are malformed.
#[test]
fn hdr_21_uppercase_name_rejected_inbound() {
    assert_eq!(
        inbound_err(
            with(request(), &[("Accept-Language", "en")]),
            BlockKind::Request
        ),
        HeaderError::UppercaseName {
            name: name("Accept-Language")
        }
    );
    assert_eq!(
        inbound_err(vec![f(":Status", "200")], BlockKind::Response),
        HeaderError::UppercaseName {
            name: name(":Status")
        }
    );
}

/// SPEC HDR-22 / RH-30: surrounding whitespace in names and non-empty values
/// is malformed; an empty value is fine.
#[test]
fn hdr_22_rh_30_surrounding_whitespace_rejected_inbound() {
    assert_eq!(
        inbound_err(with(request(), &[("x", " v")]), BlockKind::Request),
        HeaderError::SurroundingWhitespace {
            name: name("x"),
            part: FieldPart::Value
        }
    );
    assert_eq!(
        inbound_err(with(request(), &[("x", "v\t")]), BlockKind::Request),
        HeaderError::SurroundingWhitespace {
            name: name("x"),
            part: FieldPart::Value
        }
    );
    assert_eq!(
        inbound_err(with(request(), &[("x ", "v")]), BlockKind::Request),
        HeaderError::SurroundingWhitespace {
            name: name("x "),
            part: FieldPart::Name
        }
    );
    assert!(inbound(with(request(), &[("x", "")]), BlockKind::Request).is_ok());
    assert!(inbound(with(request(), &[("x", "a b\tc")]), BlockKind::Request).is_ok());
}

/// SPEC HDR-23 (RFC 9113 §8.2.2): `te` may only be "trailers", any case.
#[test]
fn hdr_23_te_other_than_trailers_rejected_inbound() {
    assert!(inbound(with(request(), &[("te", "trailers")]), BlockKind::Request).is_ok());
    assert!(inbound(with(request(), &[("te", "Trailers")]), BlockKind::Request).is_ok());
    for value in ["gzip", "trailers, deflate", ""] {
        let block = with(request(), &[("te", value)]);
        assert_eq!(
            inbound_err(block, BlockKind::Request),
            HeaderError::InvalidTe,
            "{value}"
        );
    }
}

/// SPEC HDR-24 / RH-52 (RFC 9113 §8.2.2): every connection-specific field is
/// malformed, in any block kind.
#[test]
fn hdr_24_rh_52_connection_specific_field_rejected_inbound() {
    for field in [
        "connection",
        "proxy-connection",
        "keep-alive",
        "transfer-encoding",
        "upgrade",
    ] {
        let want = HeaderError::ConnectionSpecificField { name: name(field) };
        assert_eq!(
            inbound_err(with(request(), &[(field, "x")]), BlockKind::Request),
            want
        );
        assert_eq!(
            inbound_err(with(response("200"), &[(field, "x")]), BlockKind::Response),
            want
        );
        assert_eq!(inbound_err(vec![f(field, "x")], BlockKind::Trailers), want);
    }
}

/// SPEC HDR-25 (RFC 9113 §8.3): duplicate pseudo-header fields are malformed.
#[test]
fn hdr_25_duplicate_pseudo_header_rejected_inbound() {
    let mut block = request();
    block.insert(1, f(":method", "GET"));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::DuplicatePseudoHeader(":method")
    );
    let block = vec![f(":status", "200"), f(":status", "200")];
    assert_eq!(
        inbound_err(block, BlockKind::Response),
        HeaderError::DuplicatePseudoHeader(":status")
    );
}

/// SPEC HDR-25 (RFC 9113 §8.3): a pseudo-header field after a regular one is
/// malformed.
#[test]
fn hdr_25_pseudo_header_after_regular_rejected_inbound() {
    let block = vec![
        f(":method", "GET"),
        f("accept", "*/*"),
        f(":scheme", "https"),
        f(":path", "/"),
    ];
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::PseudoHeaderAfterRegular {
            name: name(":scheme")
        }
    );
}

/// SPEC HDR-25 / RH-45: undefined pseudo-header fields are malformed.
#[test]
fn hdr_25_rh_45_unknown_pseudo_header_rejected_inbound() {
    let mut block = request();
    block.insert(0, f(":host", "example.com"));
    assert_eq!(
        inbound_err(block, BlockKind::Request),
        HeaderError::UnknownPseudoHeader {
            name: name(":host")
        }
    );
    let block = vec![f(":status", "200"), f(":", "x")];
    assert_eq!(
        inbound_err(block, BlockKind::Response),
        HeaderError::UnknownPseudoHeader { name: name(":") }
    );
}

/// SPEC HDR-26 / HDR-80 / RH-35 (RFC 9113 §8.1): pseudo-header fields in
/// trailers are malformed.
#[test]
fn hdr_26_hdr_80_rh_35_pseudo_header_in_trailers_rejected_inbound() {
    for pseudo in [":status", ":path", ":unknown"] {
        let block = vec![f("grpc-status", "0"), f(pseudo, "200")];
        assert_eq!(
            inbound_err(block, BlockKind::Trailers),
            HeaderError::PseudoHeaderInTrailers {
                name: Bytes::from(pseudo)
            }
        );
    }
}

/// SPEC HDR-26 / RH-37 (RFC 9113 §8.3.2): a response without `:status` is
/// malformed, interim ones included.
#[test]
fn hdr_26_rh_37_response_without_status_rejected_inbound() {
    let want = HeaderError::MissingPseudoHeader(":status");
    assert_eq!(
        inbound_err(vec![f("server", "x")], BlockKind::Response),
        want
    );
    assert_eq!(
        inbound_err(vec![f("server", "x")], BlockKind::Informational),
        want
    );
}

/// SPEC HDR-26 / RH-12 (RFC 9113 §8.3.1): a request needs `:method`, `:scheme`
/// and `:path`.
#[test]
fn hdr_26_rh_12_request_missing_pseudo_headers_rejected() {
    for missing in [":method", ":scheme", ":path"] {
        let want =
            HeaderError::MissingPseudoHeader(Pseudo::from_name(missing.as_bytes()).unwrap().name());
        assert_eq!(
            inbound_err(without(request(), missing), BlockKind::Request),
            want,
            "{missing}"
        );
        assert_eq!(
            outbound_err(without(request(), missing), BlockKind::Request),
            want,
            "{missing}"
        );
    }
}
