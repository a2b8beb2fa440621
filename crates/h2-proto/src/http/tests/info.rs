//! What a block tells the connection: content-length, status, push, priority, error codes (SPEC §6.6–§6.8).

use h2_frame::ErrorCode;

use super::*;

/// SPEC HDR-60 / Q-19 (fix): content-length is 1*DIGIT in a u64, read into
/// BlockInfo.
#[test]
fn hdr_60_q_19_content_length_read_into_block_info() {
    let (_, info) = inbound(
        with(request(), &[("content-length", "1024")]),
        BlockKind::Request,
    )
    .unwrap();
    assert_eq!(info.content_length, Some(1024));
    let (_, info) = inbound(
        with(response("200"), &[("content-length", "0")]),
        BlockKind::Response,
    )
    .unwrap();
    assert_eq!(info.content_length, Some(0));
    let (_, info) = inbound(request(), BlockKind::Request).unwrap();
    assert_eq!(info.content_length, None);
}

/// SPEC HDR-60 / RH-61 / Q-19 (fix): an invalid content-length is malformed.
#[test]
fn hdr_60_rh_61_q_19_invalid_content_length_rejected() {
    for value in [
        "-1",
        "1_0",
        "+5",
        "5 ",
        "0x10",
        "18446744073709551616",
        "1,1",
    ] {
        let block = with(request(), &[("content-length", value)]);
        let err = inbound_err(block, BlockKind::Request);
        assert!(
            matches!(
                err,
                HeaderError::InvalidContentLength | HeaderError::SurroundingWhitespace { .. }
            ),
            "{value}: {err:?}"
        );
    }
}

/// SPEC HDR-60 / Q-19 (fix, upstream 4.4.0): duplicates must agree.
#[test]
fn hdr_60_q_19_conflicting_content_length_rejected() {
    let same = with(
        request(),
        &[("content-length", "5"), ("content-length", "5")],
    );
    assert_eq!(
        inbound(same, BlockKind::Request).unwrap().1.content_length,
        Some(5)
    );
    let conflict = with(
        request(),
        &[("content-length", "5"), ("content-length", "6")],
    );
    assert_eq!(
        inbound_err(conflict.clone(), BlockKind::Request),
        HeaderError::ConflictingContentLength
    );
    assert_eq!(
        outbound_err(conflict, BlockKind::Request),
        HeaderError::ConflictingContentLength
    );
}

/// SPEC HDR-60: content-length frames the body, so it is checked on received
/// blocks even with validation off.
#[test]
fn hdr_60_content_length_checked_inbound_with_validation_off() {
    let rules = InboundRules {
        validate: false,
        ..InboundRules::default()
    };
    let block = with(request(), &[("content-length", "-1")]);
    assert_eq!(
        check_inbound(block, BlockKind::Request, &rules).unwrap_err(),
        HeaderError::InvalidContentLength
    );
    let block = with(request(), &[("content-length", "7")]);
    assert_eq!(
        check_inbound(block, BlockKind::Request, &rules)
            .unwrap()
            .1
            .content_length,
        Some(7)
    );
}

/// RFC 9110 §8.6: we never send content-length in a 1xx or 204 response.
#[test]
fn content_length_in_1xx_or_204_refused_outbound() {
    let block = with(response("204"), &[("content-length", "0")]);
    assert_eq!(
        outbound_err(block.clone(), BlockKind::Response),
        HeaderError::ContentLengthNotAllowed { status: 204 }
    );
    // Received, it is tolerated: a 204 has no content whatever it says.
    assert!(inbound(block, BlockKind::Response).is_ok());
    let block = with(response("103"), &[("content-length", "0")]);
    assert_eq!(
        outbound_err(block, BlockKind::Informational),
        HeaderError::ContentLengthNotAllowed { status: 103 }
    );
}

// ---- §6.7 informational responses --------------------------------------------

/// SPEC HDR-70 / HDR-71: a 1xx block is an Informational block; it reports its
/// status and no content-length.
#[test]
fn hdr_70_hdr_71_informational_blocks() {
    let block = with(
        response("103"),
        &[
            ("link", "</style.css>; rel=preload"),
            ("content-length", "3"),
        ],
    );
    let (_, info) = inbound(block, BlockKind::Informational).unwrap();
    assert_eq!(info.status, Some(103));
    assert_eq!(info.content_length, None);
}

/// A block's status must fit its kind: 1xx only in Informational blocks.
#[test]
fn status_class_must_match_the_block_kind() {
    assert_eq!(
        inbound_err(response("100"), BlockKind::Response),
        HeaderError::StatusClassMismatch { status: 100 }
    );
    assert_eq!(
        inbound_err(response("200"), BlockKind::Informational),
        HeaderError::StatusClassMismatch { status: 200 }
    );
}

/// RFC 9113 §8.6: 101 (Switching Protocols) does not exist in HTTP/2.
#[test]
fn status_101_rejected_both_directions() {
    assert_eq!(
        inbound_err(response("101"), BlockKind::Informational),
        HeaderError::SwitchingProtocols
    );
    assert_eq!(
        outbound_err(response("101"), BlockKind::Informational),
        HeaderError::SwitchingProtocols
    );
}

// ---- trailers ------------------------------------------------------------------

/// SPEC HDR-80: trailers carry regular fields only, and report nothing else.
#[test]
fn hdr_80_trailers_carry_regular_fields_only() {
    let (fields, info) = inbound(
        vec![f("grpc-status", "0"), f("content-length", "3")],
        BlockKind::Trailers,
    )
    .unwrap();
    assert_eq!(fields.len(), 2);
    assert_eq!(info, BlockInfo::default());
}

// ---- push (RFC 9113 §8.4) ----------------------------------------------------------

/// SPEC PP-1 / RFC 9113 §8.4: a promised request is GET or HEAD, has
/// `:authority`, and announces no content.
#[test]
fn push_request_must_be_safe_cacheable_authoritative_and_empty() {
    let mut post = without(request(), ":method");
    post.insert(0, f(":method", "POST"));
    assert_eq!(
        inbound_err(post.clone(), BlockKind::PushRequest),
        HeaderError::UnsafePushMethod
    );
    assert_eq!(
        outbound_err(post, BlockKind::PushRequest),
        HeaderError::UnsafePushMethod
    );
    let host_only = with(without(request(), ":authority"), &[("host", "example.com")]);
    assert!(inbound(host_only.clone(), BlockKind::Request).is_ok());
    assert_eq!(
        inbound_err(host_only, BlockKind::PushRequest),
        HeaderError::MissingPseudoHeader(":authority")
    );
    let with_body = with(request(), &[("content-length", "10")]);
    assert_eq!(
        inbound_err(with_body, BlockKind::PushRequest),
        HeaderError::PushRequestWithContent
    );
    assert!(inbound(
        with(request(), &[("content-length", "0")]),
        BlockKind::PushRequest
    )
    .is_ok());
}

// ---- priority (RFC 9218) -------------------------------------------------------------

/// RFC 9218 §4: the `priority` field is read into BlockInfo; a malformed one is
/// ignored, not an error.
#[test]
fn priority_field_read_into_block_info_and_malformed_ignored() {
    let (_, info) = inbound(
        with(request(), &[("priority", "u=1, i")]),
        BlockKind::Request,
    )
    .unwrap();
    assert_eq!(info.priority, Priority::new(1, true));
    let (_, info) = inbound(
        with(request(), &[("priority", "u=1"), ("priority", "i")]),
        BlockKind::Request,
    )
    .unwrap();
    assert_eq!(info.priority, Priority::new(1, true));
    let (_, info) = inbound(with(request(), &[("priority", "u=1,")]), BlockKind::Request).unwrap();
    assert_eq!(info.priority, None);
    let (_, info) = inbound(request(), BlockKind::Request).unwrap();
    assert_eq!(info.priority, None);
}

// ---- errors ----------------------------------------------------------------------------

/// SPEC RH-62: every invalid block is a typed HeaderError, a PROTOCOL_ERROR.
#[test]
fn rh_62_every_invalid_block_is_a_protocol_error() {
    let bad = [
        (with(request(), &[("", "v")]), BlockKind::Request),
        (with(request(), &[("connection", "x")]), BlockKind::Request),
        (without(request(), ":path"), BlockKind::Request),
        (vec![f(":status", "20")], BlockKind::Response),
        (vec![f(":path", "/")], BlockKind::Trailers),
        (
            with(request(), &[("content-length", "x")]),
            BlockKind::Request,
        ),
    ];
    for (block, kind) in bad {
        assert_eq!(inbound_err(block, kind).code(), ErrorCode::PROTOCOL_ERROR);
    }
}

/// With validation off, the block info is still read (first value wins) and
/// nothing else is checked.
#[test]
fn block_info_is_read_without_validation() {
    let rules = InboundRules {
        validate: false,
        normalize: false,
        ..InboundRules::default()
    };
    let block = vec![
        f("x", "1"),
        f(":method", "GET"),
        f(":method", "PUT"),
        f("host", "h"),
        f(":path", ""),
    ];
    let (_, info) = check_inbound(block, BlockKind::Request, &rules).unwrap();
    assert_eq!(info.method.as_deref(), Some(&b"GET"[..]));
    assert_eq!(info.authority.as_deref(), Some(&b"h"[..]));
    let rules = OutboundRules {
        validate: false,
        ..OutboundRules::default()
    };
    let block = with(response("2x0"), &[("content-length", "-1")]);
    let (_, info) = prepare_outbound(block, BlockKind::Response, &rules).unwrap();
    assert_eq!((info.status, info.content_length), (None, None));
}
