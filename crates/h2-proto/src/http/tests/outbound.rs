//! Blocks to send: normalisation and validation (SPEC §6.4, §6.5).

use super::*;

/// SPEC HDR-40 / RH-82: outbound names are lowercased.
#[test]
fn hdr_40_rh_82_outbound_names_lowercased() {
    let (fields, _) = outbound(
        with(request(), &[("X-Custom", "Value")]),
        BlockKind::Request,
    )
    .unwrap();
    assert_eq!(fields.last(), Some(&f("x-custom", "Value")));
}

/// SPEC HDR-41 / RH-31: outbound names and values are stripped.
#[test]
fn hdr_41_rh_31_outbound_whitespace_stripped() {
    let (fields, _) = outbound(
        with(request(), &[(" x-a\t", " \tv a\r\n")]),
        BlockKind::Request,
    )
    .unwrap();
    assert_eq!(fields.last(), Some(&f("x-a", "v a")));
}

/// SPEC HDR-42 / RH-20: outbound connection-specific fields are dropped; `te`
/// is kept (and validated).
#[test]
fn hdr_42_rh_20_connection_specific_fields_dropped_outbound() {
    let block = with(
        request(),
        &[
            ("Connection", "close"),
            ("keep-alive", "5"),
            ("proxy-connection", "x"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "h2c"),
            ("te", "trailers"),
        ],
    );
    let (fields, _) = outbound(block, BlockKind::Request).unwrap();
    assert_eq!(fields, with(request(), &[("te", "trailers")]));
}

/// SPEC HDR-43 / RH-43: authorization, proxy-authorization and cookies under
/// 20 bytes are never indexed; longer cookies and other fields are not forced.
#[test]
fn hdr_43_rh_43_secrets_marked_never_indexed() {
    let block = with(
        request(),
        &[
            ("Authorization", "Bearer x"),
            ("proxy-authorization", "Basic y"),
            ("cookie", "short=1"),
            ("cookie", "long=0123456789abcdefghij"),
            ("x-other", "v"),
        ],
    );
    let (fields, _) = outbound(block, BlockKind::Request).unwrap();
    let marks: Vec<_> = fields[5..]
        .iter()
        .map(|x| (x.name.clone(), x.sensitive))
        .collect();
    assert_eq!(
        marks,
        [
            (name("authorization"), true),
            (name("proxy-authorization"), true),
            (name("cookie"), true),
            (name("cookie"), false),
            (name("x-other"), false)
        ]
    );
}

/// SPEC HDR-43: with normalisation off nothing is forced never-indexed.
#[test]
fn hdr_43_normalisation_off_marks_nothing() {
    let block = with(request(), &[("authorization", "Bearer x")]);
    let (fields, _) = prepare_outbound(block, BlockKind::Request, &validate_only()).unwrap();
    assert!(!fields.last().unwrap().sensitive);
}

/// SPEC HDR-44: a field the user marked sensitive stays sensitive.
#[test]
fn hdr_44_user_sensitive_mark_is_kept() {
    let mut block = request();
    block.push(HeaderField::sensitive(
        "x-token",
        "0123456789abcdefghijklmnop",
    ));
    block.push(HeaderField::sensitive(
        "cookie",
        "a=0123456789abcdefghijklmnop; b=0123456789abcdefghijklmnop",
    ));
    let rules = OutboundRules {
        split_cookies: true,
        ..OutboundRules::default()
    };
    let (fields, _) = prepare_outbound(block, BlockKind::Request, &rules).unwrap();
    assert!(fields[5..].iter().all(|x| x.sensitive), "{fields:?}");
}

/// Upstream 4.2.0 `split_outbound_cookies` (RFC 9113 §8.2.3): one field per
/// crumb, in order; short crumbs are never indexed.
#[test]
fn split_outbound_cookies_one_field_per_crumb() {
    let block = with(
        request(),
        &[
            ("cookie", "a=1; session=0123456789abcdefghij; c=3"),
            ("x", "y"),
        ],
    );
    let rules = OutboundRules {
        split_cookies: true,
        ..OutboundRules::default()
    };
    let (fields, _) = prepare_outbound(block.clone(), BlockKind::Request, &rules).unwrap();
    let tail: Vec<_> = fields[5..]
        .iter()
        .map(|x| (x.name.clone(), x.value.clone(), x.sensitive))
        .collect();
    assert_eq!(
        tail,
        [
            (name("cookie"), name("a=1"), true),
            (name("cookie"), name("session=0123456789abcdefghij"), false),
            (name("cookie"), name("c=3"), true),
            (name("x"), name("y"), false),
        ]
    );
    // Off by default: one field, as in Python 4.1.0 (SPEC HDR-44, CFG-9).
    let (fields, _) = outbound(block, BlockKind::Request).unwrap();
    assert_eq!(fields.iter().filter(|x| x.name == "cookie").count(), 1);
}

/// Splitting on send and joining on receipt give back the original cookie.
#[test]
fn split_then_join_restores_the_cookie() {
    let block = with(request(), &[("cookie", "a=1; b=2; c=3")]);
    let rules = OutboundRules {
        split_cookies: true,
        ..OutboundRules::default()
    };
    let (sent, _) = prepare_outbound(block, BlockKind::Request, &rules).unwrap();
    let (received, _) = inbound(sent, BlockKind::Request).unwrap();
    assert_eq!(received.last().unwrap().value, "a=1; b=2; c=3");
}

// ---- §6.5 outbound validation ------------------------------------------------

/// SPEC HDR-50 / RH-32: sending `te` other than "trailers" is refused. The
/// refusal is its own variant, `InvalidTe` (RH-02 fixed only the wording of
/// Python's message).
#[test]
fn hdr_50_rh_32_te_other_than_trailers_refused_outbound() {
    assert_eq!(
        outbound_err(with(request(), &[("te", "gzip")]), BlockKind::Request),
        HeaderError::InvalidTe
    );
}

/// SPEC HDR-50 / RH-33: with normalisation off, connection-specific fields are
/// refused rather than dropped.
#[test]
fn hdr_50_rh_33_connection_specific_refused_when_not_normalising() {
    let block = with(request(), &[("connection", "close")]);
    let err = prepare_outbound(block, BlockKind::Request, &validate_only()).unwrap_err();
    assert_eq!(
        err,
        HeaderError::ConnectionSpecificField {
            name: name("connection")
        }
    );
}

/// SPEC HDR-50 / RH-34: duplicate pseudo-header fields, or pseudo-header fields
/// after regular ones, are refused.
#[test]
fn hdr_50_rh_34_pseudo_header_order_and_duplicates_refused_outbound() {
    let mut dup = request();
    dup.insert(1, f(":path", "/x"));
    assert_eq!(
        outbound_err(dup, BlockKind::Request),
        HeaderError::DuplicatePseudoHeader(":path")
    );
    let late = vec![f("accept", "*/*"), f(":status", "200")];
    assert_eq!(
        outbound_err(late, BlockKind::Response),
        HeaderError::PseudoHeaderAfterRegular {
            name: name(":status")
        }
    );
}

/// SPEC HDR-50 / HDR-80 / RH-36: sending trailers with pseudo-header fields is
/// refused.
#[test]
fn hdr_50_rh_36_pseudo_header_in_trailers_refused_outbound() {
    let block = vec![f(":status", "200"), f("grpc-status", "0")];
    assert_eq!(
        outbound_err(block, BlockKind::Trailers),
        HeaderError::PseudoHeaderInTrailers {
            name: name(":status")
        }
    );
}

/// SPEC HDR-50 / RH-38: sending a response without `:status` is refused.
#[test]
fn hdr_50_rh_38_response_without_status_refused_outbound() {
    assert_eq!(
        outbound_err(vec![f("server", "x")], BlockKind::Response),
        HeaderError::MissingPseudoHeader(":status")
    );
}

/// SPEC HDR-51 / Q-22 (fix): with normalisation off, outbound validation still
/// checks case, whitespace and empty names.
#[test]
fn hdr_51_q_22_outbound_validation_checks_case_whitespace_and_empty_names() {
    let rules = validate_only();
    let cases = [
        (
            ("X-Upper", "v"),
            HeaderError::UppercaseName {
                name: name("X-Upper"),
            },
        ),
        (
            ("x", " v "),
            HeaderError::SurroundingWhitespace {
                name: name("x"),
                part: FieldPart::Value,
            },
        ),
        (
            (" x", "v"),
            HeaderError::SurroundingWhitespace {
                name: name(" x"),
                part: FieldPart::Name,
            },
        ),
        (("", "v"), HeaderError::EmptyName),
    ];
    for ((n, v), want) in cases {
        let block = with(request(), &[(n, v)]);
        assert_eq!(
            prepare_outbound(block, BlockKind::Request, &rules).unwrap_err(),
            want
        );
    }
}

/// SPEC Q-22 (fix): the `:authority`/`host` comparison is on bytes after
/// normalisation, never on how the caller typed them.
#[test]
fn q_22_authority_host_comparison_is_normalised() {
    let block = with(request(), &[("Host", " example.com:443 ")]);
    assert!(outbound(block, BlockKind::Request).is_ok());
}

/// SPEC HDR-52: the 1xx test reads the leading pseudo-header run of the raw
/// fields.
#[test]
fn hdr_52_is_informational_reads_the_leading_pseudo_headers() {
    assert!(is_informational(&response("100")));
    assert!(is_informational(&response("103")));
    assert!(is_informational(&[f(":status", "1x")]));
    assert!(!is_informational(&response("200")));
    assert!(!is_informational(&[f("x", "1"), f(":status", "100")]));
    assert!(!is_informational(&[f(":Status", "100")]));
    assert!(!is_informational(&[]));
}
