//! One test per framing rule: the exact error variant, its RFC error code
//! and its scope (stream or connection).

use bytes::{Bytes, BytesMut};
use h2_frame::{
    ErrorCode, ErrorScope, Flags, Frame, FrameDecoder, FrameError, FrameHeader, FrameKind, Side,
    StreamId, PREFACE,
};

const FRAME_SIZE: ErrorCode = ErrorCode::FRAME_SIZE_ERROR;
const PROTOCOL: ErrorCode = ErrorCode::PROTOCOL_ERROR;
const CONN: ErrorScope = ErrorScope::Connection;

fn sid(id: u32) -> StreamId {
    StreamId::new(id)
}

fn parse(kind: FrameKind, flags: u8, stream: u32, payload: &[u8]) -> Result<Frame, FrameError> {
    let header = FrameHeader {
        length: payload.len() as u32,
        kind,
        flags: Flags(flags),
        stream_id: sid(stream),
    };
    Frame::parse(header, Bytes::copy_from_slice(payload))
}

#[track_caller]
fn rejects(
    result: Result<Frame, FrameError>,
    expected: FrameError,
    code: ErrorCode,
    scope: ErrorScope,
) {
    let err = result.expect_err("frame must be rejected");
    assert_eq!(err, expected);
    assert_eq!(err.code(), code);
    assert_eq!(err.scope(), scope);
}

// ---- stream id zero / non-zero per type -----------------------------------

/// §6.1, §6.2, §6.3, §6.4, §6.6, §6.10: these frames belong to a stream.
#[test]
fn stream_frames_on_stream_zero_are_connection_protocol_errors() {
    let cases: [(FrameKind, &[u8]); 6] = [
        (FrameKind::DATA, b""),
        (FrameKind::HEADERS, b""),
        (FrameKind::PRIORITY, &[0, 0, 0, 1, 0]),
        (FrameKind::RST_STREAM, &[0, 0, 0, 0]),
        (FrameKind::PUSH_PROMISE, &[0, 0, 0, 2]),
        (FrameKind::CONTINUATION, b""),
    ];
    for (kind, payload) in cases {
        rejects(
            parse(kind, 0, 0, payload),
            FrameError::MissingStreamId { kind },
            PROTOCOL,
            CONN,
        );
    }
}

/// §6.5, §6.7, §6.8 and RFC 9218 §7.1: these frames belong to the connection.
#[test]
fn connection_frames_on_a_stream_are_connection_protocol_errors() {
    let cases: [(FrameKind, &[u8]); 4] = [
        (FrameKind::SETTINGS, b""),
        (FrameKind::PING, &[0; 8]),
        (FrameKind::GOAWAY, &[0; 8]),
        (FrameKind::PRIORITY_UPDATE, &[0, 0, 0, 1]),
    ];
    for (kind, payload) in cases {
        rejects(
            parse(kind, 0, 3, payload),
            FrameError::UnexpectedStreamId {
                kind,
                stream_id: sid(3),
            },
            PROTOCOL,
            CONN,
        );
    }
}

// ---- fixed lengths ---------------------------------------------------------

/// §6.3: "A PRIORITY frame with a length other than 5 octets MUST be treated
/// as a stream error".
#[test]
fn priority_with_length_other_than_5_is_stream_frame_size_error() {
    for len in [0usize, 4, 6] {
        rejects(
            parse(FrameKind::PRIORITY, 0, 5, &vec![0; len]),
            FrameError::PriorityLength {
                stream_id: sid(5),
                length: len as u32,
            },
            FRAME_SIZE,
            ErrorScope::Stream(sid(5)),
        );
    }
}

/// §6.4.
#[test]
fn rst_stream_with_length_other_than_4_is_connection_frame_size_error() {
    for len in [0usize, 3, 5] {
        rejects(
            parse(FrameKind::RST_STREAM, 0, 1, &vec![0; len]),
            FrameError::RstStreamLength {
                stream_id: sid(1),
                length: len as u32,
            },
            FRAME_SIZE,
            CONN,
        );
    }
}

/// §6.7 (SPEC RX-3).
#[test]
fn ping_with_length_other_than_8_is_connection_frame_size_error() {
    for len in [0usize, 7, 9] {
        rejects(
            parse(FrameKind::PING, 0, 0, &vec![0; len]),
            FrameError::PingLength { length: len as u32 },
            FRAME_SIZE,
            CONN,
        );
    }
}

/// §6.9 (SPEC FC-4, last sentence: a WINDOW_UPDATE body that is not 4
/// octets is FRAME_SIZE_ERROR).
#[test]
fn window_update_with_length_other_than_4_is_connection_frame_size_error() {
    for (stream, len) in [(0, 3usize), (1, 5), (1, 0)] {
        rejects(
            parse(FrameKind::WINDOW_UPDATE, 0, stream, &vec![1; len]),
            FrameError::WindowUpdateLength {
                stream_id: sid(stream),
                length: len as u32,
            },
            FRAME_SIZE,
            CONN,
        );
    }
}

/// §6.5.
#[test]
fn settings_length_not_a_multiple_of_6_is_connection_frame_size_error() {
    for len in [1usize, 5, 7, 13] {
        rejects(
            parse(FrameKind::SETTINGS, 0, 0, &vec![0; len]),
            FrameError::SettingsLength { length: len as u32 },
            FRAME_SIZE,
            CONN,
        );
    }
}

/// §6.5; SPEC Q-17 first half fixed: FRAME_SIZE_ERROR, not PROTOCOL_ERROR.
#[test]
fn settings_ack_with_payload_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::SETTINGS, 0x1, 0, &[0, 1, 0, 0, 0x10, 0]),
        FrameError::SettingsAckWithPayload { length: 6 },
        FRAME_SIZE,
        CONN,
    );
}

/// §6.8 (SPEC ERR-4: a truncated frame body is FRAME_SIZE_ERROR).
#[test]
fn goaway_shorter_than_8_is_connection_frame_size_error() {
    for len in [0usize, 4, 7] {
        rejects(
            parse(FrameKind::GOAWAY, 0, 0, &vec![0; len]),
            FrameError::GoAwayTooShort { length: len as u32 },
            FRAME_SIZE,
            CONN,
        );
    }
}

/// §6.6: the promised stream id is mandatory.
#[test]
fn push_promise_too_short_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::PUSH_PROMISE, 0x4, 1, &[0, 0, 2]),
        FrameError::PushPromiseTooShort {
            stream_id: sid(1),
            length: 3,
        },
        FRAME_SIZE,
        CONN,
    );
    // PADDED: pad length octet plus 3 octets is still short.
    rejects(
        parse(FrameKind::PUSH_PROMISE, 0x8, 1, &[0, 0, 0, 2]),
        FrameError::PushPromiseTooShort {
            stream_id: sid(1),
            length: 4,
        },
        FRAME_SIZE,
        CONN,
    );
}

/// §6.2: with PRIORITY the 5 priority octets are mandatory.
#[test]
fn headers_too_short_for_priority_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::HEADERS, 0x20, 1, &[0, 0, 0, 3]),
        FrameError::HeadersTooShort {
            stream_id: sid(1),
            length: 4,
        },
        FRAME_SIZE,
        CONN,
    );
    rejects(
        parse(FrameKind::HEADERS, 0x28, 1, &[0, 0, 0, 0, 3]),
        FrameError::HeadersTooShort {
            stream_id: sid(1),
            length: 5,
        },
        FRAME_SIZE,
        CONN,
    );
}

// ---- padding ---------------------------------------------------------------

/// §4.2: PADDED with no room for the pad length octet is too small to
/// contain mandatory frame data (SPEC RX-3).
#[test]
fn padded_with_empty_payload_is_connection_frame_size_error() {
    for kind in [FrameKind::DATA, FrameKind::HEADERS, FrameKind::PUSH_PROMISE] {
        rejects(
            parse(kind, 0x8, 1, b""),
            FrameError::PadLengthMissing {
                kind,
                stream_id: sid(1),
            },
            FRAME_SIZE,
            CONN,
        );
    }
}

/// §6.1: "If the length of the padding is the length of the frame payload
/// or greater, the recipient MUST treat this as a connection error".
#[test]
fn data_pad_length_at_least_payload_length_is_connection_protocol_error() {
    // Payload of 3: pad length 3 >= 3.
    rejects(
        parse(FrameKind::DATA, 0x8, 1, &[3, 0, 0]),
        FrameError::PaddingTooLong {
            kind: FrameKind::DATA,
            stream_id: sid(1),
            pad_length: 3,
            room: 2,
        },
        PROTOCOL,
        CONN,
    );
    // Pad length 2 fills the rest exactly: valid, empty data.
    let frame = parse(FrameKind::DATA, 0x8, 1, &[2, 0, 0]).unwrap();
    let Frame::Data(data) = frame else {
        panic!("{frame:?}")
    };
    assert!(data.payload.is_empty());
    assert_eq!(data.padding, Some(2));
    assert_eq!(data.flow_controlled_len(), 3);
}

/// §6.2; SPEC Q-17 second half fixed: padding equal to the room left for
/// the fragment is valid, padding beyond it is a connection PROTOCOL_ERROR.
#[test]
fn headers_padding_equal_to_room_is_valid_and_beyond_is_protocol_error() {
    let frame = parse(FrameKind::HEADERS, 0x8 | 0x4, 1, &[2, 0, 0]).unwrap();
    let Frame::Headers(headers) = frame else {
        panic!("{frame:?}")
    };
    assert!(headers.fragment.is_empty());
    assert_eq!(headers.padding, Some(2));

    rejects(
        parse(FrameKind::HEADERS, 0x8, 1, &[3, 0, 0]),
        FrameError::PaddingTooLong {
            kind: FrameKind::HEADERS,
            stream_id: sid(1),
            pad_length: 3,
            room: 2,
        },
        PROTOCOL,
        CONN,
    );
    // With PRIORITY the 5 priority octets are not room for padding.
    let mut payload = vec![2, 0, 0, 0, 0, 16];
    payload.extend_from_slice(&[0, 0]);
    assert!(parse(FrameKind::HEADERS, 0x28, 1, &payload).is_ok());
    payload[0] = 3;
    rejects(
        parse(FrameKind::HEADERS, 0x28, 1, &payload),
        FrameError::PaddingTooLong {
            kind: FrameKind::HEADERS,
            stream_id: sid(1),
            pad_length: 3,
            room: 2,
        },
        PROTOCOL,
        CONN,
    );
}

/// §6.6: the same rule, after the 4-octet promised stream id.
#[test]
fn push_promise_padding_beyond_room_is_connection_protocol_error() {
    assert!(parse(FrameKind::PUSH_PROMISE, 0x8, 1, &[1, 0, 0, 0, 2, 0]).is_ok());
    rejects(
        parse(FrameKind::PUSH_PROMISE, 0x8, 1, &[2, 0, 0, 0, 2, 0]),
        FrameError::PaddingTooLong {
            kind: FrameKind::PUSH_PROMISE,
            stream_id: sid(1),
            pad_length: 2,
            room: 1,
        },
        PROTOCOL,
        CONN,
    );
}

// ---- semantic field checks -------------------------------------------------

/// §5.3.1: a PRIORITY frame that makes a stream depend on itself is a
/// stream error (SPEC Q-13, PRIORITY part, fixed).
#[test]
fn priority_self_dependency_is_stream_protocol_error() {
    rejects(
        parse(FrameKind::PRIORITY, 0, 5, &[0x80, 0, 0, 5, 16]),
        FrameError::PrioritySelfDependency { stream_id: sid(5) },
        PROTOCOL,
        ErrorScope::Stream(sid(5)),
    );
}

/// HEADERS self-dependency is not an error here (the block must still be
/// decoded); `is_self_dependent` lets h2-proto reset the stream after HPACK.
#[test]
fn headers_self_dependency_is_left_to_the_connection() {
    let frame = parse(FrameKind::HEADERS, 0x24, 3, &[0, 0, 0, 3, 16, 0x82]).unwrap();
    let Frame::Headers(headers) = frame else {
        panic!("{frame:?}")
    };
    assert!(headers.is_self_dependent());
    let frame = parse(FrameKind::HEADERS, 0x24, 3, &[0, 0, 0, 1, 16, 0x82]).unwrap();
    let Frame::Headers(headers) = frame else {
        panic!("{frame:?}")
    };
    assert!(!headers.is_self_dependent());
}

/// §6.9; SPEC Q-16 fixed: a zero increment on a stream is a stream error,
/// on stream 0 a connection error; the reserved bit does not make it non-zero.
/// SPEC FC-4 says connection PROTOCOL_ERROR for both; we follow RFC 9113
/// §6.9 ("MUST treat the receipt of a WINDOW_UPDATE frame with a
/// flow-control window increment of 0 as a stream error"), see
/// docs/decisions.md Q-16.
#[test]
fn zero_window_increment_is_stream_error_on_a_stream_and_connection_error_on_zero() {
    rejects(
        parse(FrameKind::WINDOW_UPDATE, 0, 7, &[0, 0, 0, 0]),
        FrameError::ZeroWindowIncrement { stream_id: sid(7) },
        PROTOCOL,
        ErrorScope::Stream(sid(7)),
    );
    rejects(
        parse(FrameKind::WINDOW_UPDATE, 0, 0, &[0x80, 0, 0, 0]),
        FrameError::ZeroWindowIncrement {
            stream_id: StreamId::ZERO,
        },
        PROTOCOL,
        CONN,
    );
}

/// §5.1.1: stream 0 cannot be promised; the reserved bit is masked first.
#[test]
fn push_promise_of_stream_zero_is_connection_protocol_error() {
    rejects(
        parse(FrameKind::PUSH_PROMISE, 0x4, 1, &[0x80, 0, 0, 0]),
        FrameError::ZeroPromisedStreamId { stream_id: sid(1) },
        PROTOCOL,
        CONN,
    );
}

// ---- extension frames ------------------------------------------------------

/// RFC 7838 §4: the origin length field is mandatory.
#[test]
fn altsvc_shorter_than_2_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::ALTSVC, 0, 0, &[0]),
        FrameError::AltSvcTooShort {
            stream_id: StreamId::ZERO,
            length: 1,
        },
        FRAME_SIZE,
        CONN,
    );
}

/// RFC 7838 §4: the origin must fit in the payload.
#[test]
fn altsvc_origin_past_the_end_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::ALTSVC, 0, 1, &[0, 4, b'a', b'b', b'c']),
        FrameError::AltSvcOriginOverrun {
            stream_id: sid(1),
            origin_length: 4,
            available: 3,
        },
        FRAME_SIZE,
        CONN,
    );
}

/// RFC 7838 §4's MUST-ignore rules are for the connection; the helper says which.
#[test]
fn altsvc_must_be_ignored_helper_follows_rfc_7838() {
    let ignored = |stream: u32, payload: &[u8]| match parse(FrameKind::ALTSVC, 0, stream, payload) {
        Ok(Frame::AltSvc(f)) => f.must_be_ignored(),
        other => panic!("{other:?}"),
    };
    assert!(ignored(0, &[0, 0, b'v']));
    assert!(!ignored(0, &[0, 1, b'o', b'v']));
    assert!(ignored(1, &[0, 1, b'o', b'v']));
    assert!(!ignored(1, &[0, 0, b'v']));
}

/// RFC 8336 §2: a truncated Origin-Entry (decision: connection FRAME_SIZE_ERROR).
#[test]
fn origin_entry_past_the_end_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::ORIGIN, 0, 0, &[0, 1, b'a', 0, 5, b'b']),
        FrameError::OriginEntryOverrun { offset: 3 },
        FRAME_SIZE,
        CONN,
    );
    rejects(
        parse(FrameKind::ORIGIN, 0, 0, &[0]),
        FrameError::OriginEntryOverrun { offset: 0 },
        FRAME_SIZE,
        CONN,
    );
}

/// RFC 9218 §7.1.
#[test]
fn priority_update_too_short_is_connection_frame_size_error() {
    rejects(
        parse(FrameKind::PRIORITY_UPDATE, 0, 0, &[0, 0, 1]),
        FrameError::PriorityUpdateTooShort { length: 3 },
        FRAME_SIZE,
        CONN,
    );
}

/// RFC 9218 §7.1.
#[test]
fn priority_update_of_stream_zero_is_connection_protocol_error() {
    rejects(
        parse(FrameKind::PRIORITY_UPDATE, 0, 0, &[0x80, 0, 0, 0, b'u']),
        FrameError::ZeroPrioritizedStreamId,
        PROTOCOL,
        CONN,
    );
}

// ---- decoder-level rules ---------------------------------------------------

/// §4.2; SPEC Q-18 fixed: an oversized frame is rejected as soon as its
/// 9-octet header is in, before any of its payload is buffered, whatever
/// its type, unknown types included (SPEC RX-2, DOS-6).
#[test]
fn oversized_frame_is_rejected_from_its_header_alone() {
    for kind in [FrameKind::DATA, FrameKind::SETTINGS, FrameKind(0xee)] {
        let mut decoder = FrameDecoder::new();
        let mut buf = BytesMut::from(&[0x00, 0x40, 0x01, kind.0, 0, 0, 0, 0, 1][..]);
        let err = decoder.decode(&mut buf).unwrap_err();
        assert_eq!(
            err,
            FrameError::FrameTooLarge {
                kind,
                stream_id: sid(1),
                length: 16385,
                max: 16384
            }
        );
        assert_eq!(err.code(), FRAME_SIZE);
        assert_eq!(err.scope(), CONN);
    }
}

/// §4.2: a frame of exactly the maximum size is accepted.
#[test]
fn frame_of_exactly_max_frame_size_is_accepted() {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::from(&[0x00, 0x40, 0x00, 0, 0, 0, 0, 0, 1][..]);
    buf.extend_from_slice(&[7; 16384]);
    let frame = decoder.decode(&mut buf).unwrap().unwrap();
    assert!(matches!(frame, Frame::Data(ref d) if d.payload.len() == 16384));
}

/// §3.4; SPEC Q-09 fixed: a wrong preface is a connection PROTOCOL_ERROR,
/// found at the first wrong octet even when it arrives one octet at a time.
#[test]
fn bad_preface_is_connection_protocol_error_at_first_wrong_octet() {
    let mut decoder = FrameDecoder::for_side(Side::Server);
    let mut buf = BytesMut::new();
    for &byte in &PREFACE[..10] {
        buf.extend_from_slice(&[byte]);
        assert_eq!(decoder.decode(&mut buf), Ok(None));
    }
    buf.extend_from_slice(b"X");
    let err = decoder.decode(&mut buf).unwrap_err();
    assert_eq!(err, FrameError::BadPreface { offset: 10 });
    assert_eq!(err.code(), PROTOCOL);
    assert_eq!(err.scope(), CONN);

    // An HTTP/1.1 request is caught at its first octet.
    let mut decoder = FrameDecoder::for_side(Side::Server);
    let mut buf = BytesMut::from(&b"GET / HTTP/1.1\r\n"[..]);
    assert_eq!(
        decoder.decode(&mut buf),
        Err(FrameError::BadPreface { offset: 0 })
    );
}
