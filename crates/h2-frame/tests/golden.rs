//! Golden bytes for every frame type, both ways: the typed frame encodes to
//! exactly these octets, and these octets parse to exactly that frame.

use bytes::{Bytes, BytesMut};
use h2_frame::{
    AltSvc, Continuation, Data, ErrorCode, Flags, Frame, FrameDecoder, FrameHeader, FrameKind,
    GoAway, Headers, Origin, Ping, Priority, PrioritySpec, PriorityUpdate, PushPromise, RstStream,
    Setting, SettingId, Settings, Side, StreamId, Unknown, WindowUpdate, PREFACE,
};

fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

fn sid(id: u32) -> StreamId {
    StreamId::new(id)
}

/// Encodes `frame`, compares with `wire`, and parses `wire` back to `frame`.
#[track_caller]
fn golden(frame: impl Into<Frame>, wire: &str) {
    let frame = frame.into();
    let wire = hex(wire);
    let mut out = BytesMut::new();
    frame.encode(&mut out);
    assert_eq!(out[..], wire[..], "encoding of {frame:?}");
    assert_eq!(frame.encoded_len(), wire.len());
    let mut buf = BytesMut::from(&wire[..]);
    let parsed = FrameDecoder::new().decode(&mut buf).unwrap().unwrap();
    assert_eq!(parsed, frame);
    assert!(buf.is_empty());
}

/// SPEC Appendix C: `send_data(1, b'ab', pad_length=0)`.
#[test]
fn spec_appendix_c_padded_data() {
    golden(
        Data::new(sid(1), &b"ab"[..]).with_padding(0),
        "000003 00 08 00000001 00 6162",
    );
}

/// SPEC Appendix C: the client's `initiate_connection()` output, preface
/// then SETTINGS (SPEC API-10, OUT-2).
#[test]
fn spec_appendix_c_client_preface_and_settings() {
    let expected = hex(
        "505249202a20485454502f322e300d0a0d0a534d0d0a0d0a
         00002a 04 00 00000000
         000100001000 000200000001 00040000ffff 000500004000 000800000000 000300000064 000600010000",
    );
    let settings = Settings::new(vec![
        Setting::new(SettingId::HEADER_TABLE_SIZE, 4096),
        Setting::new(SettingId::ENABLE_PUSH, 1),
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, 65535),
        Setting::new(SettingId::MAX_FRAME_SIZE, 16384),
        Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 0),
        Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100),
        Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65536),
    ]);
    let mut out = BytesMut::new();
    out.extend_from_slice(PREFACE);
    settings.encode(&mut out);
    assert_eq!(out[..], expected[..]);

    let mut decoder = FrameDecoder::for_side(Side::Server);
    let mut buf = BytesMut::from(&expected[..]);
    assert_eq!(
        decoder.decode(&mut buf).unwrap(),
        Some(Frame::Settings(settings))
    );
    assert!(buf.is_empty());
}

/// SPEC Appendix C: the server's SETTINGS is the same with ENABLE_PUSH=0.
#[test]
fn spec_appendix_c_server_settings() {
    golden(
        Settings::new(vec![
            Setting::new(SettingId::HEADER_TABLE_SIZE, 4096),
            Setting::new(SettingId::ENABLE_PUSH, 0),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 65535),
            Setting::new(SettingId::MAX_FRAME_SIZE, 16384),
            Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 0),
            Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100),
            Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65536),
        ]),
        "00002a 04 00 00000000
         000100001000 000200000000 00040000ffff 000500004000 000800000000 000300000064 000600010000",
    );
}

#[test]
fn data_plain_and_end_stream() {
    golden(
        Data::new(sid(3), &b"hello"[..]),
        "000005 00 00 00000003 68656c6c6f",
    );
    golden(
        Data::new(sid(1), Bytes::new()).with_end_stream(),
        "000000 00 01 00000001",
    );
    golden(
        Data::new(sid(5), &b"x"[..])
            .with_end_stream()
            .with_padding(3),
        "000005 00 09 00000005 03 78 000000",
    );
}

#[test]
fn headers_plain_priority_and_padding() {
    golden(
        Headers::new(sid(1), &[0x82u8, 0x86][..]),
        "000002 01 04 00000001 8286",
    );
    golden(
        Headers {
            stream_id: sid(1),
            fragment: Bytes::from_static(&[0x82]),
            end_stream: true,
            end_headers: false,
            priority: None,
            padding: None,
        },
        "000001 01 01 00000001 82",
    );
    golden(
        Headers {
            stream_id: sid(3),
            fragment: Bytes::from_static(&[0x82]),
            end_stream: true,
            end_headers: true,
            priority: Some(PrioritySpec::new(sid(1), true, 15)),
            padding: Some(2),
        },
        "000009 01 2d 00000003 02 80000001 0f 82 0000",
    );
}

#[test]
fn priority() {
    golden(
        Priority::new(sid(5), PrioritySpec::new(sid(3), false, 255)),
        "000005 02 00 00000005 00000003 ff",
    );
    golden(
        Priority::new(sid(7), PrioritySpec::new(StreamId::ZERO, true, 0)),
        "000005 02 00 00000007 80000000 00",
    );
}

#[test]
fn rst_stream_keeps_unknown_codes() {
    golden(
        RstStream::new(sid(1), ErrorCode::CANCEL),
        "000004 03 00 00000001 00000008",
    );
    golden(
        RstStream::new(sid(9), ErrorCode(0xdead_beef)),
        "000004 03 00 00000009 deadbeef",
    );
}

#[test]
fn settings_ack_and_unknown_ids() {
    golden(Settings::ack(), "000000 04 01 00000000");
    golden(Settings::new(vec![]), "000000 04 00 00000000");
    golden(
        Settings::new(vec![
            Setting::new(SettingId(0xabcd), 7),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 2),
        ]),
        "000012 04 00 00000000 abcd00000007 000400000001 000400000002",
    );
}

#[test]
fn push_promise() {
    golden(
        PushPromise::new(sid(1), sid(2), &[0x82u8, 0x87][..]),
        "000006 05 04 00000001 00000002 8287",
    );
    golden(
        PushPromise {
            stream_id: sid(3),
            promised_id: sid(4),
            fragment: Bytes::new(),
            end_headers: false,
            padding: Some(1),
        },
        "000006 05 08 00000003 01 00000004 00",
    );
}

#[test]
fn ping_and_ack() {
    golden(
        Ping::new(*b"12345678"),
        "000008 06 00 00000000 3132333435363738",
    );
    golden(
        Ping::ack([0xff; 8]),
        "000008 06 01 00000000 ffffffffffffffff",
    );
}

#[test]
fn goaway_with_and_without_debug_data() {
    golden(
        GoAway::new(sid(0), ErrorCode::NO_ERROR),
        "000008 07 00 00000000 00000000 00000000",
    );
    golden(
        GoAway {
            last_stream_id: StreamId::MAX,
            error_code: ErrorCode::ENHANCE_YOUR_CALM,
            debug_data: Bytes::from_static(b"calm"),
        },
        "00000c 07 00 00000000 7fffffff 0000000b 63616c6d",
    );
}

#[test]
fn window_update_connection_and_stream() {
    golden(
        WindowUpdate::new(StreamId::ZERO, 40000),
        "000004 08 00 00000000 00009c40",
    );
    golden(
        WindowUpdate::new(sid(1), 0x7fff_ffff),
        "000004 08 00 00000001 7fffffff",
    );
}

#[test]
fn continuation() {
    golden(
        Continuation::new(sid(1), &[0x84u8][..], true),
        "000001 09 04 00000001 84",
    );
    golden(
        Continuation::new(sid(1), Bytes::new(), false),
        "000000 09 00 00000001",
    );
}

/// RFC 7838 §4: [u16 origin length][origin][field value] (SPEC OUT-2).
#[test]
fn altsvc_on_stream_zero_and_on_a_stream() {
    golden(
        AltSvc::new(
            StreamId::ZERO,
            &b"https://a.example"[..],
            &b"h2=\":443\""[..],
        ),
        "00001c 0a 00 00000000 0011 68747470733a2f2f612e6578616d706c65 68323d223a34343322",
    );
    golden(
        AltSvc::new(sid(1), Bytes::new(), &b"clear"[..]),
        "000007 0a 00 00000001 0000 636c656172",
    );
}

/// RFC 8336 §2.
#[test]
fn origin_entries() {
    golden(
        Origin::new(vec![Bytes::from_static(b"https://a.b"), Bytes::new()]),
        "00000f 0c 00 00000000 000b 68747470733a2f2f612e62 0000",
    );
    golden(Origin::new(vec![]), "000000 0c 00 00000000");
}

/// RFC 9218 §7.1.
#[test]
fn priority_update() {
    golden(
        PriorityUpdate::new(sid(5), &b"u=1, i"[..]),
        "00000a 10 00 00000000 00000005 753d312c2069",
    );
}

/// RFC 9113 §5.5: unknown types keep type, flags, stream and payload;
/// they parse without error, so no "unsupported frame" error exists (SPEC
/// ERR-13: Python's UnsupportedFrameError is never raised either).
#[test]
fn unknown_type_is_kept_whole() {
    golden(
        Unknown {
            kind: FrameKind(0xfa),
            flags: Flags(0xff),
            stream_id: sid(77),
            payload: Bytes::from_static(b"\x00\x01"),
        },
        "000002 fa ff 0000004d 0001",
    );
}

/// RFC 8336 §2.1: an ORIGIN frame on a non-zero stream MUST be ignored, so it
/// is not parsed (even a malformed payload is no error) and comes up as Unknown.
#[test]
fn origin_on_a_stream_is_unknown() {
    let header = FrameHeader {
        length: 1,
        kind: FrameKind::ORIGIN,
        flags: Flags(0x1),
        stream_id: sid(1),
    };
    let frame = Frame::parse(header, Bytes::from_static(b"\xff")).unwrap();
    assert_eq!(
        frame,
        Frame::Unknown(Unknown {
            kind: FrameKind::ORIGIN,
            flags: Flags(0x1),
            stream_id: sid(1),
            payload: Bytes::from_static(b"\xff"),
        })
    );
}

/// RFC 9113 §4.1: reserved bits are ignored on receipt and unknown flags are
/// dropped, so they are not re-emitted (SPEC RX-2).
#[test]
fn reserved_bits_and_unknown_flags_are_ignored_and_not_re_emitted() {
    let wire = hex("000008 06 fe 80000000 0102030405060708");
    let mut buf = BytesMut::from(&wire[..]);
    let frame = FrameDecoder::new().decode(&mut buf).unwrap().unwrap();
    assert_eq!(frame, Frame::Ping(Ping::new([1, 2, 3, 4, 5, 6, 7, 8])));
    let mut out = Vec::new();
    frame.encode(&mut out);
    assert_eq!(out, hex("000008 06 00 00000000 0102030405060708"));

    // WINDOW_UPDATE's reserved bit (SPEC Q-16, second half) and the promised
    // id's reserved bit are masked as well.
    let wire = hex("000004 08 00 00000001 80000010");
    let mut buf = BytesMut::from(&wire[..]);
    let frame = FrameDecoder::new().decode(&mut buf).unwrap().unwrap();
    assert_eq!(frame, Frame::WindowUpdate(WindowUpdate::new(sid(1), 16)));

    let wire = hex("000004 05 04 00000001 80000002");
    let mut buf = BytesMut::from(&wire[..]);
    let frame = FrameDecoder::new().decode(&mut buf).unwrap().unwrap();
    assert_eq!(
        frame,
        Frame::PushPromise(PushPromise::new(sid(1), sid(2), Bytes::new()))
    );
}

/// Every type code maps to its frame kind, and every other code to Unknown.
#[test]
fn every_type_byte_dispatches_to_its_kind() {
    for byte in 0..=u8::MAX {
        let kind = FrameKind(byte);
        let header = FrameHeader {
            length: 0,
            kind,
            flags: Flags::EMPTY,
            stream_id: sid(1),
        };
        let parsed = Frame::parse(header, Bytes::new());
        match kind {
            FrameKind::ORIGIN => assert!(matches!(parsed, Ok(Frame::Unknown(_)))),
            k if k.is_known() => {
                if let Ok(frame) = parsed {
                    assert_eq!(frame.kind(), k);
                    assert!(!matches!(frame, Frame::Unknown(_)));
                }
            }
            _ => assert!(matches!(parsed, Ok(Frame::Unknown(ref u)) if u.kind == kind)),
        }
    }
}

/// DATA payloads and header block fragments are slices of the input buffer.
#[test]
fn payloads_are_slices_of_the_input() {
    let mut buf = BytesMut::new();
    Data::new(sid(1), &b"abcdef"[..])
        .with_padding(2)
        .encode(&mut buf);
    Headers::new(sid(1), &b"fragment"[..]).encode(&mut buf);
    let start = buf.as_ptr() as usize;
    let end = start + buf.len();
    let mut decoder = FrameDecoder::new();
    let Some(Frame::Data(data)) = decoder.decode(&mut buf).unwrap() else {
        panic!()
    };
    let Some(Frame::Headers(headers)) = decoder.decode(&mut buf).unwrap() else {
        panic!()
    };
    for slice in [&data.payload, &headers.fragment] {
        let at = slice.as_ptr() as usize;
        assert!(at >= start && at + slice.len() <= end, "copied: {slice:?}");
    }
    assert_eq!(&data.payload[..], b"abcdef");
    assert_eq!(data.flow_controlled_len(), 9);
}

/// SPEC SET-1: the error code registry (RFC 9113 §7), value by value, as
/// RST_STREAM carries it; any other `u32` is kept as an unknown code.
#[test]
fn set_1_error_codes_are_the_registry_values() {
    let expected: [(&str, u32); 14] = [
        ("NO_ERROR", 0x0),
        ("PROTOCOL_ERROR", 0x1),
        ("INTERNAL_ERROR", 0x2),
        ("FLOW_CONTROL_ERROR", 0x3),
        ("SETTINGS_TIMEOUT", 0x4),
        ("STREAM_CLOSED", 0x5),
        ("FRAME_SIZE_ERROR", 0x6),
        ("REFUSED_STREAM", 0x7),
        ("CANCEL", 0x8),
        ("COMPRESSION_ERROR", 0x9),
        ("CONNECT_ERROR", 0xa),
        ("ENHANCE_YOUR_CALM", 0xb),
        ("INADEQUATE_SECURITY", 0xc),
        ("HTTP_1_1_REQUIRED", 0xd),
    ];
    let known: Vec<_> = ErrorCode::KNOWN
        .iter()
        .map(|code| (code.name().unwrap(), code.0))
        .collect();
    assert_eq!(known, expected);
    for &(_, value) in &expected {
        golden(
            RstStream::new(sid(1), ErrorCode::from(value)),
            &format!("000004 03 00 00000001 {value:08x}"),
        );
    }
    assert!(!ErrorCode::from(0xe).is_known());
    assert_eq!(u32::from(ErrorCode::from(0xe)), 0xe);
}

/// SPEC SET-2: the setting identifiers (RFC 9113 §6.5.2, RFC 8441 §3, and
/// RFC 9218 §2.1 beyond Python), as a SETTINGS frame carries them; any
/// other `u16` is kept as an unknown identifier.
#[test]
fn set_2_setting_ids_are_the_registry_values() {
    let expected: [(&str, u16); 8] = [
        ("HEADER_TABLE_SIZE", 0x1),
        ("ENABLE_PUSH", 0x2),
        ("MAX_CONCURRENT_STREAMS", 0x3),
        ("INITIAL_WINDOW_SIZE", 0x4),
        ("MAX_FRAME_SIZE", 0x5),
        ("MAX_HEADER_LIST_SIZE", 0x6),
        ("ENABLE_CONNECT_PROTOCOL", 0x8),
        ("NO_RFC7540_PRIORITIES", 0x9),
    ];
    let known: Vec<_> = SettingId::KNOWN
        .iter()
        .map(|id| (id.name().unwrap(), id.0))
        .collect();
    assert_eq!(known, expected);
    golden(
        Settings::new(vec![
            Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 1),
            Setting::new(SettingId::ENABLE_CONNECT_PROTOCOL, 1),
        ]),
        "00000c 04 00 00000000 000600000001 000800000001",
    );
    assert!(!SettingId::from(0x7).is_known());
    assert_eq!(u16::from(SettingId::from(0x7)), 0x7);
}
