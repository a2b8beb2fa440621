//! Received frames: events, related events, automatic replies, and the
//! errors RFC 9113 gives (SPEC §3, §4.3, §7.6, §7.7).

use h2_frame::{
    Data, ErrorCode, Frame, FrameKind, GoAway, Ping, Priority, PrioritySpec, RstStream, Setting,
    SettingId, StreamId, Unknown, WindowUpdate,
};
use h2_proto::{
    Config, ConnectionState, ConnectionTerminated, DataReceived, Error, Event, PingAckReceived,
    PingReceived, PriorityUpdated, ProtocolError, RequestReceived, StreamEnded, StreamReset,
    StreamState, UnknownFrameReceived, WindowUpdated,
};
use h2_testkit::{fields, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

fn server() -> RawPeer {
    RawPeer::connected(Config::server())
}

/// SPEC EVT-1, EVT-19: HEADERS with PRIORITY and END_STREAM give
/// `[RequestReceived, StreamEnded, PriorityUpdated]`, linked.
#[test]
fn evt_19_request_with_priority_and_end_stream() {
    let mut peer = server();
    let events = peer
        .headers(1, fields::request("GET", "/"))
        .end_stream()
        .priority(0, 15, false)
        .send()
        .unwrap();
    let ended = StreamEnded { stream_id: id(1) };
    let priority = PriorityUpdated {
        stream_id: id(1),
        weight: 16,
        depends_on: id(0),
        exclusive: false,
    };
    assert_eq!(
        events,
        [
            Event::RequestReceived(RequestReceived {
                stream_id: id(1),
                headers: fields::request("GET", "/"),
                stream_ended: Some(ended),
                priority_updated: Some(priority),
                priority: None,
            }),
            Event::StreamEnded(ended),
            Event::PriorityUpdated(priority),
        ]
    );
}

/// SPEC EVT-5, FC-1, RH-59: DATA excludes padding; the flow-controlled
/// length includes it and the pad length octet.
#[test]
fn evt_5_data_received_with_padding() {
    let mut peer = server();
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    let events = peer
        .send_frame(
            Data::new(id(1), &b"hello"[..])
                .with_padding(10)
                .with_end_stream(),
        )
        .unwrap();
    let ended = StreamEnded { stream_id: id(1) };
    assert_eq!(
        events,
        [
            Event::DataReceived(DataReceived {
                stream_id: id(1),
                data: "hello".into(),
                flow_controlled_length: 16,
                stream_ended: Some(ended),
            }),
            Event::StreamEnded(ended),
        ]
    );
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_535 - 16);
}

/// SPEC EVT-8, RF-PING: a PING is answered with the same data; an ACK is
/// reported.
#[test]
fn evt_8_evt_9_ping_and_ack() {
    let mut peer = server();
    let events = peer
        .send_frame(Ping {
            ack: false,
            payload: *b"abcdefgh",
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::PingReceived(PingReceived {
            ping_data: *b"abcdefgh"
        })]
    );
    assert_eq!(
        peer.read_frames(),
        [Frame::Ping(Ping {
            ack: true,
            payload: *b"abcdefgh"
        })]
    );
    let events = peer
        .send_frame(Ping {
            ack: true,
            payload: [1; 8],
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::PingAckReceived(PingAckReceived {
            ping_data: [1; 8]
        })]
    );
    assert!(peer.read_frames().is_empty());
}

/// SPEC EVT-6, RF-WINDOW_UPDATE: WindowUpdated for the connection and for
/// a stream.
#[test]
fn evt_6_window_updated() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let events = peer
        .send_frames([
            WindowUpdate {
                stream_id: id(0),
                increment: 10,
            }
            .into(),
            WindowUpdate {
                stream_id: id(1),
                increment: 20,
            }
            .into(),
        ])
        .unwrap();
    assert_eq!(
        events,
        [
            Event::WindowUpdated(WindowUpdated {
                stream_id: id(0),
                delta: 10
            }),
            Event::WindowUpdated(WindowUpdated {
                stream_id: id(1),
                delta: 20
            }),
        ]
    );
    assert_eq!(peer.conn.local_flow_control_window(id(1)), Ok(65_545));
}

/// SPEC EVT-11, RF-RST_STREAM: the peer's reset.
#[test]
fn evt_11_remote_reset() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let events = peer
        .send_frame(RstStream {
            stream_id: id(1),
            error_code: ErrorCode::CANCEL,
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::StreamReset(StreamReset {
            stream_id: id(1),
            error_code: ErrorCode::CANCEL,
            remote_reset: true
        })]
    );
    // A late RST_STREAM or WINDOW_UPDATE is ignored (SPEC RH-05).
    assert!(peer
        .send_frames([
            RstStream {
                stream_id: id(1),
                error_code: ErrorCode::CANCEL
            }
            .into(),
            WindowUpdate {
                stream_id: id(1),
                increment: 1
            }
            .into(),
        ])
        .unwrap()
        .is_empty());
    assert!(peer.read_frames().is_empty());
}

/// SPEC EVT-14, RF-PRIORITY, DOS-5: PRIORITY on any stream, no stream made.
#[test]
fn evt_14_priority_frame_never_creates_a_stream() {
    let mut peer = server();
    let spec = PrioritySpec::new(id(3), true, 255);
    let events = peer
        .send_frame(Priority {
            stream_id: id(7),
            spec,
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::PriorityUpdated(PriorityUpdated {
            stream_id: id(7),
            weight: 256,
            depends_on: id(3),
            exclusive: true
        })]
    );
    assert_eq!(peer.conn.stream_state(id(7)), StreamState::Idle);
}

/// SPEC EVT-15, GA-2: GOAWAY reported; debug data None when empty.
#[test]
fn evt_15_connection_terminated() {
    let mut peer = server();
    let events = peer
        .send_frame(GoAway::new(id(0), ErrorCode::NO_ERROR))
        .unwrap();
    assert_eq!(
        events,
        [Event::ConnectionTerminated(ConnectionTerminated {
            error_code: ErrorCode::NO_ERROR,
            last_stream_id: id(0),
            additional_data: None
        })]
    );
    assert_eq!(peer.conn.state(), ConnectionState::GoAwayReceived);
}

/// SPEC EVT-17, RF-UNKNOWN, RH-18, RH-19: unknown frame types are reported, never
/// refused (SPEC ERR-13: no unsupported-frame error exists).
#[test]
fn evt_17_unknown_frame() {
    let mut peer = server();
    let frame = Unknown {
        kind: h2_frame::FrameKind(0xfa),
        flags: h2_frame::Flags(0x3),
        stream_id: id(5),
        payload: "xyz".into(),
    };
    let events = peer.send_frame(frame.clone()).unwrap();
    assert_eq!(
        events,
        [Event::UnknownFrameReceived(UnknownFrameReceived { frame })]
    );
    assert_eq!(peer.conn.stream_state(id(5)), StreamState::Idle);
}

/// SPEC EVT-20, Q-31 fixed: events of frames before a connection error are
/// returned with the error.
#[test]
fn evt_20_q_31_no_event_is_lost_on_error() {
    let mut peer = server();
    let err = peer
        .send_frames([
            Ping {
                ack: false,
                payload: [7; 8],
            }
            .into(),
            // DATA on an idle stream: connection PROTOCOL_ERROR.
            Data::new(id(9), &b"x"[..]).into(),
        ])
        .unwrap_err();
    assert_eq!(
        err.events,
        [Event::PingReceived(PingReceived { ping_data: [7; 8] })]
    );
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));
    let frames = peer.read_frames();
    assert_eq!(
        frames[0],
        Frame::Ping(Ping {
            ack: true,
            payload: [7; 8]
        })
    );
    assert_eq!(
        frames[1],
        Frame::GoAway(GoAway::new(id(0), ErrorCode::PROTOCOL_ERROR))
    );
}

/// SPEC ERR-30, ERR-31, Q-09: a bad preface is a connection
/// PROTOCOL_ERROR; we queue GOAWAY for it too (RFC 9113 §3.4 allows it).
#[test]
fn err_31_bad_preface() {
    let mut peer = RawPeer::new(Config::server());
    let err = peer.send_bytes(b"GET / HTTP/1.1\r\n").unwrap_err();
    assert_eq!(
        err.error,
        Error::Frame(h2_frame::FrameError::BadPreface { offset: 0 })
    );
    assert_eq!(
        peer.expect_goaway(),
        GoAway::new(id(0), ErrorCode::PROTOCOL_ERROR)
    );
    assert_eq!(peer.conn.state(), ConnectionState::Closed);
    // Nothing more is accepted, and nothing more is queued.
    assert_eq!(
        peer.send_bytes(b"x").unwrap_err().error,
        Error::ConnectionClosed
    );
    assert!(peer.read_frames().is_empty());
}

/// RFC 9113 §3.4: the preface "MUST be followed by a SETTINGS frame", the
/// server's SETTINGS "MUST be the first frame the server sends", and "an
/// invalid connection preface" is a connection PROTOCOL_ERROR. Any other
/// first frame (a PING, a SETTINGS ACK, a HEADERS) is refused at both ends.
#[test]
fn first_frame_must_be_settings_at_both_ends() {
    let ping = Ping {
        ack: false,
        payload: [0; 8],
    };
    let firsts: [(h2_frame::Frame, FrameKind); 3] = [
        (ping.into(), FrameKind::PING),
        (h2_frame::Settings::ack().into(), FrameKind::SETTINGS),
        (
            h2_frame::WindowUpdate {
                stream_id: id(0),
                increment: 1,
            }
            .into(),
            FrameKind::WINDOW_UPDATE,
        ),
    ];
    for (frame, kind) in firsts {
        for config in [Config::server(), Config::client()] {
            let mut peer = RawPeer::new(config);
            if peer.conn.side().is_server() {
                peer.send_bytes(h2_frame::PREFACE).unwrap();
            }
            let err = peer.send_frame(frame.clone()).unwrap_err();
            assert_eq!(
                err.error,
                Error::Protocol(ProtocolError::SettingsExpected { received: kind })
            );
            assert!(err.events.is_empty());
            assert_eq!(
                peer.expect_goaway(),
                GoAway::new(id(0), ErrorCode::PROTOCOL_ERROR)
            );
        }
    }
    // SETTINGS first, then anything.
    let mut peer = RawPeer::new(Config::server());
    peer.send_bytes(h2_frame::PREFACE).unwrap();
    peer.send_frame(h2_frame::Settings::new(Vec::new()))
        .unwrap();
    assert!(peer.send_frame(ping).is_ok());
}

/// SPEC Q-11 fixed: an HPACK failure is COMPRESSION_ERROR.
#[test]
fn q_11_hpack_failure_is_compression_error() {
    let mut peer = server();
    // Index 70 is past the static table with an empty dynamic table.
    let err = peer
        .send_frame(h2_frame::Headers::new(id(1), &[0x80 | 70][..]).with_end_stream())
        .unwrap_err();
    assert!(matches!(err.error, Error::Compression(_)));
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::COMPRESSION_ERROR
    );
}

/// SPEC Q-12 fixed, MCS-2: a stream past MAX_CONCURRENT_STREAMS is refused
/// with RST_STREAM(REFUSED_STREAM); the connection goes on.
#[test]
fn q_12_streams_past_the_limit_are_refused() {
    let mut config = Config::server();
    config.local_settings = config
        .local_settings
        .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1))
        .unwrap();
    let mut peer = RawPeer::connected(config);
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let events = peer.headers(3, fields::request("GET", "/")).send().unwrap();
    assert!(events.is_empty());
    assert_eq!(peer.expect_rst(), (id(3), ErrorCode::REFUSED_STREAM));
    // HPACK stayed in step: the next request decodes.
    peer.send_frame(RstStream {
        stream_id: id(1),
        error_code: ErrorCode::CANCEL,
    })
    .unwrap();
    let events = peer.headers(5, fields::request("GET", "/")).send().unwrap();
    assert!(matches!(&events[..], [Event::RequestReceived(r)] if r.stream_id == id(5)));
}

/// SPEC Q-13 fixed: content-length mismatch is a stream PROTOCOL_ERROR.
#[test]
fn q_13_body_length_mismatch_resets_the_stream() {
    let mut peer = server();
    peer.headers(1, fields::request_with_length("POST", "/", 3))
        .send()
        .unwrap();
    let events = peer
        .send_frame(Data::new(id(1), &b"four"[..]).with_end_stream())
        .unwrap();
    assert_eq!(
        events,
        [Event::StreamReset(StreamReset {
            stream_id: id(1),
            error_code: ErrorCode::PROTOCOL_ERROR,
            remote_reset: false
        })]
    );
    let frames = peer.read_frames();
    assert_eq!(
        frames[0],
        Frame::RstStream(RstStream {
            stream_id: id(1),
            error_code: ErrorCode::PROTOCOL_ERROR
        })
    );
    assert_eq!(peer.conn.state(), ConnectionState::Open);
}

/// SPEC Q-13 fixed: a stream window overrun resets only the stream
/// (SPEC ERR-32: `receive_data` returns Ok with a StreamReset event).
#[test]
fn q_13_stream_window_overrun_resets_the_stream() {
    let mut config = Config::server();
    config.local_settings = config
        .local_settings
        .with(Setting::new(SettingId::INITIAL_WINDOW_SIZE, 10))
        .unwrap();
    let mut peer = RawPeer::connected(config);
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    let events = peer.send_frame(Data::new(id(1), vec![0u8; 11])).unwrap();
    assert_eq!(
        events,
        [Event::StreamReset(StreamReset {
            stream_id: id(1),
            error_code: ErrorCode::FLOW_CONTROL_ERROR,
            remote_reset: false
        })]
    );
    // The connection window got the octets back (SPEC FC-8).
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_535 - 11);
}

/// SPEC Q-13 fixed: a HEADERS priority self-dependency is a stream error.
#[test]
fn q_13_self_dependency_on_headers_is_a_stream_error() {
    let mut peer = server();
    let events = peer
        .headers(1, fields::request("GET", "/"))
        .priority(1, 15, false)
        .send()
        .unwrap();
    assert!(events.is_empty());
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::PROTOCOL_ERROR));
}

/// SPEC Q-14 fixed: RST_STREAM on an idle stream is a connection error.
#[test]
fn q_14_rst_stream_on_idle_stream_is_a_connection_error() {
    let mut peer = server();
    let err = peer
        .send_frame(RstStream {
            stream_id: id(7),
            error_code: ErrorCode::CANCEL,
        })
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::StreamState {
            stream_id: id(7),
            state: StreamState::Idle,
            code: ErrorCode::PROTOCOL_ERROR
        })
    );
    assert_eq!(peer.expect_goaway().error_code, ErrorCode::PROTOCOL_ERROR);
}

/// SPEC Q-16 fixed, RH-73: a zero WINDOW_UPDATE on a stream resets the stream; on
/// the connection it is a connection error. SPEC FC-4 (Python: connection
/// PROTOCOL_ERROR either way) follows RFC 9113 §6.9 here: "MUST treat the
/// receipt of a WINDOW_UPDATE frame with a flow-control window increment of
/// 0 as a stream error". SPEC ERR-32: the stream error comes back as events
/// (StreamReset, RST_STREAM queued), not as an error.
#[test]
fn q_16_zero_window_update() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let events = peer
        .send_frame(WindowUpdate {
            stream_id: id(1),
            increment: 0,
        })
        .unwrap();
    assert!(
        matches!(&events[..], [Event::StreamReset(r)] if r.error_code == ErrorCode::PROTOCOL_ERROR)
    );
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::PROTOCOL_ERROR));
    let err = peer
        .send_frame(WindowUpdate {
            stream_id: id(0),
            increment: 0,
        })
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));
}

/// SPEC Q-17: SETTINGS ACK with a payload is FRAME_SIZE_ERROR (RFC 9113 §6.5).
#[test]
fn q_17_settings_ack_with_payload_is_frame_size_error() {
    let mut peer = server();
    let mut wire = h2_testkit::hex("000006 04 01 00000000 000100001000");
    wire.truncate(15);
    let err = peer.send_bytes(&wire).unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::FRAME_SIZE_ERROR));
}

/// SPEC Q-18 fixed, RX-2, DOS-6, RH-71: an oversized frame is refused from its
/// header, before its payload arrives.
#[test]
fn q_18_oversized_frame_refused_from_its_header() {
    let mut peer = server();
    let err = peer
        .send_bytes(&h2_testkit::hex("004001 00 00 00000001"))
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::FRAME_SIZE_ERROR));
}

/// SPEC RX-4, RH-42, RH-55, RH-67: header blocks over CONTINUATION, twice.
#[test]
fn rx_4_continuation_blocks() {
    let mut peer = server();
    let events = peer
        .headers(1, fields::request("GET", "/a"))
        .split(3)
        .end_stream()
        .send()
        .unwrap();
    assert!(
        matches!(&events[0], Event::RequestReceived(r) if r.headers == fields::request("GET", "/a"))
    );
    let events = peer
        .headers(3, fields::request("GET", "/b"))
        .split(4)
        .send()
        .unwrap();
    assert!(
        matches!(&events[0], Event::RequestReceived(r) if r.headers == fields::request("GET", "/b"))
    );
}

/// SPEC RX-4, RF-CONTINUATION, Q-29 fixed: another frame inside a block,
/// or a naked CONTINUATION, is a connection PROTOCOL_ERROR.
#[test]
fn rx_4_interrupted_block_and_naked_continuation() {
    let mut peer = server();
    let mut frames = peer
        .headers(1, fields::request("GET", "/"))
        .split(2)
        .frames();
    frames.insert(
        1,
        Ping {
            ack: false,
            payload: [0; 8],
        }
        .into(),
    );
    let err = peer.send_frames(frames).unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::ContinuationExpected { stream_id: id(1) })
    );

    let mut peer = server();
    let err = peer
        .send_frame(h2_frame::Continuation::new(id(1), &b""[..], true))
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::UnexpectedContinuation { stream_id: id(1) })
    );
}

/// SPEC RH-10 (RFC 9113 §6.10): a CONTINUATION on a closed stream, whether
/// it ended both ways or we reset it, is a connection PROTOCOL_ERROR, never
/// a stream STREAM_CLOSED: no HEADERS precedes it, and a fragment that
/// cannot be decoded would desynchronise HPACK.
#[test]
fn rh_10_continuation_on_a_closed_stream_is_a_connection_error() {
    fn naked_continuation_ends_the_connection(mut peer: RawPeer) {
        let naked = h2_frame::Continuation::new(id(1), &b""[..], true);
        let err = peer.send_frame(naked).unwrap_err();
        assert_eq!(
            err.error,
            Error::Protocol(ProtocolError::UnexpectedContinuation { stream_id: id(1) })
        );
        assert_eq!(
            peer.expect_goaway(),
            GoAway::new(id(1), ErrorCode::PROTOCOL_ERROR)
        );
    }

    // Ended both ways.
    let mut peer = server();
    peer.complete_get(1);
    naked_continuation_ends_the_connection(peer);

    // Reset by us.
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
    let _ = peer.read_frames();
    naked_continuation_ends_the_connection(peer);
}

/// SPEC RH-64: a received frame with invalid padding ends the connection.
/// Padding as long as the payload is a PROTOCOL_ERROR (RFC 9113 §6.1: "If
/// the length of the padding is the length of the frame payload or greater,
/// the recipient MUST treat this as a connection error ... of type
/// PROTOCOL_ERROR"); PADDED with no room for the pad length octet is a
/// FRAME_SIZE_ERROR (§4.2: a frame "too small to contain mandatory frame
/// data").
#[test]
fn rh_64_invalid_padding_is_a_connection_error() {
    use h2_frame::FrameError;
    let cases = [
        (
            "000003 00 08 00000001 03 6162",
            FrameError::PaddingTooLong {
                kind: FrameKind::DATA,
                stream_id: id(1),
                pad_length: 3,
                room: 2,
            },
            ErrorCode::PROTOCOL_ERROR,
        ),
        (
            "000000 00 08 00000001",
            FrameError::PadLengthMissing {
                kind: FrameKind::DATA,
                stream_id: id(1),
            },
            ErrorCode::FRAME_SIZE_ERROR,
        ),
    ];
    for (wire, expected, code) in cases {
        let mut peer = server();
        peer.headers(1, fields::request("POST", "/"))
            .send()
            .unwrap();
        let err = peer.send_bytes(&h2_testkit::hex(wire)).unwrap_err();
        assert_eq!(err.error, Error::Frame(expected));
        assert_eq!(peer.expect_goaway(), GoAway::new(id(1), code));
        assert_eq!(peer.conn.state(), ConnectionState::Closed);
    }
}

/// SPEC RH-81: a frame the parser cannot read never surfaces as anything
/// but a typed `FrameError` carrying its RFC code, which ends the
/// connection with that code in GOAWAY: FRAME_SIZE_ERROR for a frame "too
/// small to contain mandatory frame data" or of the wrong fixed length
/// (RFC 9113 §4.2, §6.4, §6.5, §6.7, §6.8, §6.9), PROTOCOL_ERROR for a
/// connection-level frame on a stream (§6.5).
#[test]
fn rh_81_unreadable_frames_are_typed_connection_errors() {
    use h2_frame::FrameError;
    let cases = [
        (
            "000007 06 00 00000000 00000000000000",
            FrameError::PingLength { length: 7 },
        ),
        (
            "000005 04 00 00000000 0000000000",
            FrameError::SettingsLength { length: 5 },
        ),
        (
            "000003 08 00 00000000 000001",
            FrameError::WindowUpdateLength {
                stream_id: id(0),
                length: 3,
            },
        ),
        (
            "000003 03 00 00000001 000008",
            FrameError::RstStreamLength {
                stream_id: id(1),
                length: 3,
            },
        ),
        (
            "000007 07 00 00000000 00000000000000",
            FrameError::GoAwayTooShort { length: 7 },
        ),
        (
            "000003 01 24 00000003 000000",
            FrameError::HeadersTooShort {
                stream_id: id(3),
                length: 3,
            },
        ),
        (
            "000000 04 00 00000001",
            FrameError::UnexpectedStreamId {
                kind: FrameKind::SETTINGS,
                stream_id: id(1),
            },
        ),
    ];
    for (wire, expected) in cases {
        let code = match expected {
            FrameError::UnexpectedStreamId { .. } => ErrorCode::PROTOCOL_ERROR,
            _ => ErrorCode::FRAME_SIZE_ERROR,
        };
        let mut peer = server();
        peer.headers(1, fields::request("POST", "/"))
            .send()
            .unwrap();
        let err = peer.send_bytes(&h2_testkit::hex(wire)).unwrap_err();
        assert_eq!(err.error, Error::Frame(expected), "{wire}");
        assert_eq!(peer.expect_goaway(), GoAway::new(id(1), code), "{wire}");
    }
}

/// SPEC RH-41 (RFC 9113 §7: "Unknown or unsupported error codes MUST NOT
/// trigger any special behavior"): the error code of `StreamReset` and
/// `ConnectionTerminated` is the code as received, known or not; an unknown
/// setting identifier is reported as received too.
#[test]
fn rh_41_unknown_codes_are_reported_as_received() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/")).send().unwrap();
    let unknown = ErrorCode(0xdead);
    assert!(!unknown.is_known());
    assert!(ErrorCode::CANCEL.is_known());
    let events = peer
        .send_frame(RstStream {
            stream_id: id(1),
            error_code: unknown,
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::StreamReset(StreamReset {
            stream_id: id(1),
            error_code: unknown,
            remote_reset: true
        })]
    );
    let events = peer
        .send_frame(GoAway::new(id(0), ErrorCode(0x1234)))
        .unwrap();
    assert_eq!(
        events,
        [Event::ConnectionTerminated(ConnectionTerminated {
            error_code: ErrorCode(0x1234),
            last_stream_id: id(0),
            additional_data: None
        })]
    );

    let mut peer = server();
    let odd = SettingId(0x99);
    assert!(!odd.is_known());
    let events = peer.send_settings(&[Setting::new(odd, 7)]).unwrap();
    let [Event::RemoteSettingsChanged(changed)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(changed.changed_settings.len(), 1);
    assert_eq!(changed.changed_settings[0].id, odd);
    assert_eq!(changed.changed_settings[0].new, 7);
}

/// SPEC RF-HEADERS, HDR-2 fixed toward RFC 9113 §8.1.1: a malformed request
/// is a stream error; the connection goes on.
#[test]
fn malformed_request_resets_only_its_stream() {
    let mut peer = server();
    let events = peer
        .headers(1, fields::list(&[(":method", "GET"), (":path", "/")]))
        .send()
        .unwrap();
    assert!(events.is_empty());
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::PROTOCOL_ERROR));
    assert!(peer.headers(3, fields::request("GET", "/")).send().is_ok());
}

/// SPEC RH-03, HDR-71 (RFC 9113 §8.1): DATA before the response headers
/// is malformed: a stream error.
#[test]
fn data_before_response_headers_resets_the_stream() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    peer.headers(1, fields::response(100)).send().unwrap();
    let events = peer.send_frame(Data::new(id(1), &b"x"[..])).unwrap();
    assert!(
        matches!(&events[..], [Event::StreamReset(r)] if r.error_code == ErrorCode::PROTOCOL_ERROR)
    );
}

/// SPEC HDR-80: received trailers without END_STREAM are malformed.
#[test]
fn trailers_without_end_stream_reset_the_stream() {
    let mut peer = server();
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    let events = peer.headers(1, fields::list(&[("x", "1")])).send().unwrap();
    assert!(
        matches!(&events[..], [Event::StreamReset(r)] if r.error_code == ErrorCode::PROTOCOL_ERROR)
    );
}

/// SPEC HDR-63, RH-28: a response to HEAD carries no content whatever its
/// content-length.
#[test]
fn head_response_with_content_length_and_no_data_is_fine() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("HEAD", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    let events = peer
        .headers(1, fields::response_with_length(200, 1000))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(
        &events[..],
        [Event::ResponseReceived(_), Event::StreamEnded(_)]
    ));
    peer.conn
        .send_headers(id(3), fields::request("HEAD", "/"), true)
        .unwrap();
    peer.headers(3, fields::response_with_length(200, 1000))
        .send()
        .unwrap();
    let events = peer.send_frame(Data::new(id(3), &b"x"[..])).unwrap();
    assert!(
        matches!(&events[..], [Event::StreamReset(r)] if r.error_code == ErrorCode::PROTOCOL_ERROR)
    );
}

/// SPEC EVT-16, RF-ALTSVC, RH-46: clients report ALTSVC on stream 0 and on a
/// stream awaiting its response; servers ignore it.
#[test]
fn evt_16_alternative_service() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let events = peer
        .send_frames([
            h2_frame::AltSvc::new(id(0), "origin.example", "h2=\":443\"").into(),
            h2_frame::AltSvc::new(id(1), "", "h2=\":444\"").into(),
            // Stream 0 without an origin: ignored (RFC 7838 §4).
            h2_frame::AltSvc::new(id(0), "", "x").into(),
        ])
        .unwrap();
    let expected: Vec<Event> = vec![
        h2_proto::AlternativeServiceAvailable {
            origin: Some("origin.example".into()),
            field_value: "h2=\":443\"".into(),
        }
        .into(),
        h2_proto::AlternativeServiceAvailable {
            origin: Some("example.com".into()),
            field_value: "h2=\":444\"".into(),
        }
        .into(),
    ];
    assert_eq!(events, expected);
    let mut server = server();
    assert!(server
        .send_frame(h2_frame::AltSvc::new(id(0), "o", "x"))
        .unwrap()
        .is_empty());
}
