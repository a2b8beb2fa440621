//! The user-facing methods of SPEC §1 (API-*), their checks and errors.

use h2_frame::{ErrorCode, Frame, Setting, SettingId, StreamId};
use h2_proto::{
    Config, Connection, ConnectionState, Error, Event, StreamPriority, StreamState, UsageError,
};
use h2_testkit::{fields, hex, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC API-1, API-3: a default connection is an idle client that queues
/// nothing until initiated.
#[test]
fn api_1_default_is_an_idle_client_with_nothing_queued() {
    let mut conn = Connection::default();
    assert!(conn.config().side.is_client());
    assert_eq!(conn.state(), ConnectionState::Idle);
    assert!(conn.data_to_send().is_empty());
    assert_eq!(conn.open_outbound_streams(), 0);
    assert_eq!(conn.highest_inbound_stream_id(), StreamId::ZERO);
    assert_eq!(conn.max_outbound_frame_size(), 16_384);
    assert_eq!(conn.max_inbound_frame_size(), 16_384);
    assert_eq!(conn.outbound_flow_control_window(), 65_535);
    assert_eq!(conn.inbound_flow_control_window(), 65_535);
    // MCS 100 and MHLS 64 KiB are in force from the first byte (SPEC API-3).
    assert_eq!(
        conn.local_settings().current().max_concurrent_streams(),
        Some(100)
    );
    assert_eq!(
        conn.local_settings().current().max_header_list_size(),
        Some(65_536)
    );
    assert_eq!(conn.remote_settings().max_concurrent_streams(), None);
}

/// SPEC API-2.
#[test]
fn api_2_constants() {
    assert_eq!(Connection::HIGHEST_ALLOWED_STREAM_ID.value(), (1 << 31) - 1);
    assert_eq!(Connection::MAX_WINDOW_INCREMENT, (1 << 31) - 1);
}

/// SPEC API-10, X-1 (Q-01 fixed): actions before initiate_connection are
/// refused without closing the connection; a second initiate is refused.
/// SPEC FSM-5 (Q-01 fixed): an input the connection state does not allow
/// is a usage error that leaves the state as it was, where Python h2 moves
/// to CLOSED; the side is fixed by `Config`, not by the first HEADERS.
#[test]
fn api_10_actions_before_initiate_are_usage_errors() {
    let mut conn = Connection::new(Config::client());
    assert_eq!(
        conn.send_headers(id(1), fields::request("GET", "/"), true),
        Err(Error::Usage(UsageError::NotInitiated))
    );
    assert_eq!(
        conn.ping([0; 8]),
        Err(Error::Usage(UsageError::NotInitiated))
    );
    assert_eq!(
        conn.receive_data(b"x").unwrap_err().error,
        Error::Usage(UsageError::NotInitiated)
    );
    assert!(conn.data_to_send().is_empty());
    conn.initiate_connection().unwrap();
    assert_eq!(
        conn.initiate_connection(),
        Err(Error::Usage(UsageError::AlreadyInitiated))
    );
    assert_eq!(conn.state(), ConnectionState::Open);
}

/// SPEC FSM-1 (the connection before any stream): SETTINGS, WINDOW_UPDATE,
/// PING and PRIORITY go both ways and leave the connection open with no
/// stream. DATA and RST_STREAM need a stream: sent, Python h2 closes the
/// connection (FSM-5), we refuse the call and change nothing (Q-01 fixed,
/// docs/decisions.md); received on an idle stream they are a connection
/// PROTOCOL_ERROR (RFC 9113 §5.1, idle).
#[test]
fn fsm_1_control_frames_before_any_stream() {
    let mut client = RawPeer::connected(Config::client());
    client
        .conn
        .update_settings(&[Setting::new(SettingId::HEADER_TABLE_SIZE, 4096)])
        .unwrap();
    client.conn.increment_flow_control_window(1, None).unwrap();
    client.conn.ping(*b"fsm-1...").unwrap();
    client
        .conn
        .prioritize(id(3), StreamPriority::default())
        .unwrap();
    let frames = client.read_frames();
    assert!(
        matches!(
            &frames[..],
            [
                Frame::Settings(_),
                Frame::WindowUpdate(_),
                Frame::Ping(_),
                Frame::Priority(_)
            ]
        ),
        "{frames:?}"
    );
    assert_eq!(
        client.conn.send_data(id(1), b"x", false, None),
        Err(Error::NoSuchStream { stream_id: id(1) })
    );
    assert_eq!(
        client.conn.reset_stream(id(1), ErrorCode::CANCEL),
        Err(Error::NoSuchStream { stream_id: id(1) })
    );
    assert!(client.read_frames().is_empty());
    assert_eq!(client.conn.state(), ConnectionState::Open);
    assert_eq!(client.conn.stream_state(id(3)), StreamState::Idle);

    let mut server = RawPeer::connected(Config::server());
    let events = server
        .send_frames([
            h2_frame::Settings::new(vec![]).into(),
            h2_frame::WindowUpdate {
                stream_id: StreamId::ZERO,
                increment: 1,
            }
            .into(),
            h2_frame::Ping {
                ack: false,
                payload: *b"fsm-1...",
            }
            .into(),
            h2_frame::Priority {
                stream_id: id(3),
                spec: h2_frame::PrioritySpec::new(StreamId::ZERO, false, 15),
            }
            .into(),
        ])
        .unwrap();
    assert!(
        matches!(
            &events[..],
            [
                Event::RemoteSettingsChanged(_),
                Event::WindowUpdated(_),
                Event::PingReceived(_),
                Event::PriorityUpdated(_)
            ]
        ),
        "{events:?}"
    );
    let frames = server.read_frames();
    assert!(
        matches!(&frames[..], [Frame::Settings(s), Frame::Ping(p)] if s.ack && p.ack),
        "{frames:?}"
    );
    assert_eq!(server.conn.state(), ConnectionState::Open);
    assert_eq!(server.conn.stream_state(id(3)), StreamState::Idle);

    let idle_stream_frames: [Frame; 2] = [
        h2_frame::Data::new(id(1), &b"x"[..]).into(),
        h2_frame::RstStream {
            stream_id: id(1),
            error_code: ErrorCode::CANCEL,
        }
        .into(),
    ];
    for frame in idle_stream_frames {
        let mut server = RawPeer::connected(Config::server());
        let err = server.send_frame(frame.clone()).unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR), "{frame:?}");
        assert_eq!(
            server.expect_goaway(),
            h2_frame::GoAway::new(StreamId::ZERO, ErrorCode::PROTOCOL_ERROR)
        );
    }
}

/// SPEC API-12, SID-4: 1 or 2 first, then highest + 2; unchanged until used.
#[test]
fn api_12_next_available_stream_id() {
    let mut pair = Pair::new();
    assert_eq!(pair.client.get_next_available_stream_id(), Ok(id(1)));
    assert_eq!(pair.client.get_next_available_stream_id(), Ok(id(1)));
    assert_eq!(pair.server.get_next_available_stream_id(), Ok(id(2)));
    pair.client
        .send_headers(id(7), fields::request("GET", "/"), true)
        .unwrap();
    assert_eq!(pair.client.get_next_available_stream_id(), Ok(id(9)));
}

/// SPEC API-12, ERR-8: ids run out after 2^31-1.
#[test]
fn api_12_no_available_stream_id_after_the_last() {
    let mut pair = Pair::new();
    let last = Connection::HIGHEST_ALLOWED_STREAM_ID;
    pair.client
        .send_headers(last, fields::request("GET", "/"), true)
        .unwrap();
    assert_eq!(
        pair.client.get_next_available_stream_id(),
        Err(Error::NoAvailableStreamId)
    );
}

/// SPEC API-13 step 3, ERR-7, RH-80: a new stream id must exceed the highest.
#[test]
fn api_13_stream_id_too_low() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(5), fields::request("GET", "/"), true)
        .unwrap();
    assert_eq!(
        pair.client
            .send_headers(id(3), fields::request("GET", "/"), true),
        Err(Error::StreamIdTooLow {
            stream_id: id(3),
            max_stream_id: id(5)
        })
    );
}

/// SPEC API-13 step 3, Q-06 fixed, RH-63: a client cannot open even
/// streams, a server cannot open streams with HEADERS at all; our own bad
/// id is a `UsageError`, not a protocol error (Q-01 fixed).
#[test]
fn api_13_q_06_wrong_parity_and_server_streams_refused() {
    let mut pair = Pair::new();
    assert_eq!(
        pair.client
            .send_headers(id(2), fields::request("GET", "/"), true),
        Err(Error::Usage(UsageError::InvalidStreamId {
            stream_id: id(2)
        }))
    );
    assert_eq!(
        pair.server.send_headers(id(2), fields::response(200), true),
        Err(Error::Usage(UsageError::InvalidStreamId {
            stream_id: id(2)
        }))
    );
    assert!(pair.client.data_to_send().is_empty());
}

/// SPEC API-13 step 1, MCS-1, ERR-5: the peer's MAX_CONCURRENT_STREAMS.
#[test]
fn api_13_mcs_1_too_many_streams() {
    let mut server = Config::server();
    server.local_settings = server
        .local_settings
        .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1))
        .unwrap();
    let mut pair = Pair::with_configs(Config::client(), server);
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    assert_eq!(
        pair.client
            .send_headers(id(3), fields::request("GET", "/"), true),
        Err(Error::TooManyStreams { max: 1, open: 1 })
    );
}

/// SPEC API-13 steps 4, 7, HDR-80: trailers need END_STREAM; a block after
/// the trailers is refused; a 1xx cannot end the stream.
#[test]
fn api_13_trailers_and_informational_rules() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    assert_eq!(
        pair.client
            .send_headers(id(1), fields::list(&[("x", "1")]), false),
        Err(Error::Usage(UsageError::TrailersWithoutEndStream))
    );
    pair.client
        .send_headers(id(1), fields::list(&[("x", "1")]), true)
        .unwrap();
    assert_eq!(
        pair.client
            .send_headers(id(1), fields::list(&[("x", "1")]), true),
        Err(Error::Usage(UsageError::NotAllowedInState {
            stream_id: id(1),
            state: StreamState::HalfClosedLocal
        }))
    );
    pair.drive();
    assert_eq!(
        pair.server.send_headers(id(1), fields::response(103), true),
        Err(Error::Usage(UsageError::InvalidInformationalResponse))
    );
    pair.server
        .send_headers(id(1), fields::response(103), false)
        .unwrap();
    pair.server
        .send_headers(id(1), fields::response(200), true)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(matches!(events[0], Event::InformationalResponseReceived(_)));
    assert!(matches!(events[1], Event::ResponseReceived(_)));
    assert!(matches!(events[2], Event::StreamEnded(_)));
}

/// SPEC API-13 step 5, HDR-3, Q-03 fixed: a block the rules refuse
/// changes nothing: no frame, no stream, no HPACK entry.
#[test]
fn api_13_q_03_refused_block_changes_nothing() {
    let mut pair = Pair::new();
    let mut bad = fields::request("GET", "/");
    bad.push(h2_proto::HeaderField::new("te", "gzip"));
    assert!(matches!(
        pair.client.send_headers(id(1), bad, true),
        Err(Error::Header(_))
    ));
    assert!(pair.client.data_to_send().is_empty());
    assert_eq!(pair.client.stream_state(id(1)), StreamState::Idle);
    // The next request still decodes at the server: HPACK is in step.
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    assert!(matches!(
        pair.take_server_events()[0],
        Event::RequestReceived(_)
    ));
}

/// SPEC API-13 step 9, Q-04 fixed: priority fields on HEADERS; the 5
/// octets are counted when splitting; servers cannot send priority.
#[test]
fn api_13_priority_on_headers() {
    let mut peer = RawPeer::connected(Config::client());
    let priority = StreamPriority {
        weight: 256,
        depends_on: id(0),
        exclusive: true,
    };
    peer.conn
        .send_headers_with_priority(id(1), fields::request("GET", "/"), true, priority)
        .unwrap();
    let frames = peer.read_frames();
    let Frame::Headers(headers) = &frames[0] else {
        panic!("{frames:?}")
    };
    let spec = headers.priority.unwrap();
    assert_eq!(
        (spec.weight, spec.exclusive, spec.dependency),
        (255, true, id(0))
    );
    assert_eq!(
        peer.conn.send_headers_with_priority(
            id(3),
            fields::request("GET", "/"),
            true,
            StreamPriority {
                weight: 0,
                ..StreamPriority::default()
            }
        ),
        Err(Error::Usage(UsageError::InvalidWeight { weight: 0 }))
    );
    assert_eq!(
        peer.conn.send_headers_with_priority(
            id(3),
            fields::request("GET", "/"),
            true,
            StreamPriority {
                depends_on: id(3),
                ..StreamPriority::default()
            }
        ),
        Err(Error::Usage(UsageError::SelfDependency {
            stream_id: id(3)
        }))
    );
    let mut server = RawPeer::connected(Config::server());
    server
        .headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(
        server.conn.send_headers_with_priority(
            id(1),
            fields::response(200),
            true,
            StreamPriority::default()
        ),
        Err(Error::Usage(UsageError::ServerCannotPrioritize))
    );
}

/// SPEC API-14: window, frame size and lookup checks of send_data.
#[test]
fn api_14_send_data_checks() {
    let mut pair = Pair::new();
    assert_eq!(
        pair.client.send_data(id(1), b"x", false, None),
        Err(Error::NoSuchStream { stream_id: id(1) })
    );
    pair.client
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    let big = vec![0; 16_385];
    assert_eq!(
        pair.client.send_data(id(1), &big, false, None),
        Err(Error::FrameTooLarge {
            size: 16_385,
            max: 16_384
        })
    );
    // Padding counts against the frame size.
    assert_eq!(
        pair.client.send_data(id(1), &big[..16_384], false, Some(0)),
        Err(Error::FrameTooLarge {
            size: 16_385,
            max: 16_384
        })
    );
    for _ in 0..3 {
        pair.client
            .send_data(id(1), &big[..16_384], false, None)
            .unwrap();
    }
    pair.client
        .send_data(id(1), &big[..16_383], false, None)
        .unwrap();
    assert_eq!(pair.client.local_flow_control_window(id(1)), Ok(0));
    assert!(matches!(
        pair.client.send_data(id(1), b"x", false, None),
        Err(Error::FlowControl { .. })
    ));
    // An empty frame needs no window (SPEC Q-07 fixed).
    pair.client.send_data(id(1), b"", true, None).unwrap();
    assert_eq!(
        pair.client.send_data(id(1), b"", true, None),
        Err(Error::Usage(UsageError::NotAllowedInState {
            stream_id: id(1),
            state: StreamState::HalfClosedLocal
        }))
    );
}

/// SPEC API-15, Q-02 fixed: end_stream sends an empty DATA with END_STREAM
/// and reports lookup errors (SPEC X-6: `NoSuchStream`, not a bare KeyError).
#[test]
fn api_15_end_stream() {
    let mut peer = RawPeer::connected(Config::client());
    assert_eq!(
        peer.conn.end_stream(id(1)),
        Err(Error::NoSuchStream { stream_id: id(1) })
    );
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    let _ = peer.read_frames();
    peer.conn.end_stream(id(1)).unwrap();
    assert_eq!(peer.conn.data_to_send(), hex("000000 00 01 00000001"));
    assert_eq!(peer.conn.stream_state(id(1)), StreamState::HalfClosedLocal);
}

/// SPEC API-16: reset_stream queues RST_STREAM, closes, emits nothing; a
/// second reset is StreamClosed; an idle stream cannot be reset.
#[test]
fn api_16_reset_stream() {
    let mut peer = RawPeer::connected(Config::client());
    assert_eq!(
        peer.conn.reset_stream(id(1), ErrorCode::CANCEL),
        Err(Error::NoSuchStream { stream_id: id(1) })
    );
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::CANCEL));
    assert_eq!(
        peer.conn.reset_stream(id(1), ErrorCode::CANCEL),
        Err(Error::StreamClosed { stream_id: id(1) })
    );
    assert_eq!(peer.conn.state(), ConnectionState::Open);
}

/// SPEC API-18: PING with 8 octets.
#[test]
fn api_18_ping_bytes() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn.ping(*b"12345678").unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000008 06 00 00000000 3132333435363738")
    );
}

/// SPEC API-19, RH-83: GOAWAY bytes; repeated GOAWAYs may not raise the
/// last stream id.
#[test]
fn api_19_close_connection_bytes_and_repeats() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(3, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    let _ = peer.read_frames();
    peer.conn
        .close_connection(ErrorCode::NO_ERROR, Some(b"bye"), None)
        .unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("00000b 07 00 00000000 00000003 00000000 627965")
    );
    assert_eq!(
        peer.conn
            .close_connection(ErrorCode::NO_ERROR, None, Some(id(5))),
        Err(Error::Usage(UsageError::GoAwayLastStreamIdIncreased {
            previous: id(3)
        }))
    );
    peer.conn
        .close_connection(ErrorCode::PROTOCOL_ERROR, None, Some(id(1)))
        .unwrap();
    assert_eq!(peer.conn.state(), ConnectionState::Closed);
    peer.conn
        .close_connection(ErrorCode::PROTOCOL_ERROR, None, None)
        .unwrap();
}

/// SPEC API-20, Q-27 fixed, RH-65: an invalid value queues nothing; a valid frame
/// carries exactly the given entries.
#[test]
fn api_20_update_settings() {
    let mut peer = RawPeer::connected(Config::client());
    assert!(matches!(
        peer.conn.update_settings(&[
            Setting::new(SettingId::HEADER_TABLE_SIZE, 100),
            Setting::new(SettingId::ENABLE_PUSH, 2),
        ]),
        Err(Error::InvalidSettingsValue(_))
    ));
    assert!(peer.conn.data_to_send().is_empty());
    assert_eq!(peer.conn.local_settings().pending().len(), 0);
    peer.conn
        .update_settings(&[Setting::new(SettingId::MAX_FRAME_SIZE, 20_000)])
        .unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000006 04 00 00000000 0005 00004e20")
    );
}

/// SPEC API-21, Q-28 fixed: ALTSVC on stream 0 or a stream; both or
/// neither target is a usage error; only servers advertise (SPEC FSM-2: a
/// client never sends ALTSVC).
#[test]
fn api_21_advertise_alternative_service() {
    let mut peer = RawPeer::connected(Config::server());
    peer.conn
        .advertise_alternative_service(b"h2=\":8000\"", Some(b"example.com"), None)
        .unwrap();
    let frames = peer.read_frames();
    assert!(
        matches!(&frames[..], [Frame::AltSvc(a)] if a.stream_id.is_zero() && a.origin == "example.com")
    );
    assert_eq!(
        peer.conn.advertise_alternative_service(b"x", None, None),
        Err(Error::Usage(UsageError::AltSvcTarget))
    );
    assert_eq!(
        peer.conn
            .advertise_alternative_service(b"x", Some(b"o"), Some(id(1))),
        Err(Error::Usage(UsageError::AltSvcTarget))
    );
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .advertise_alternative_service(b"x", None, Some(id(1)))
        .unwrap();
    peer.conn
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    assert_eq!(
        peer.conn
            .advertise_alternative_service(b"x", None, Some(id(1))),
        Err(Error::Usage(UsageError::AltSvcAfterResponse))
    );
    let mut client = Connection::new(Config::client());
    client.initiate_connection().unwrap();
    assert_eq!(
        client.advertise_alternative_service(b"x", Some(b"o"), None),
        Err(Error::Usage(UsageError::ServerOnly))
    );
}

/// SPEC API-22, Q-33 fixed: PRIORITY for any stream, never creating one.
#[test]
fn api_22_prioritize() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .prioritize(
            id(9),
            StreamPriority {
                weight: 32,
                depends_on: id(1),
                exclusive: false,
            },
        )
        .unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000005 02 00 00000009 00000001 1f")
    );
    assert_eq!(peer.conn.stream_state(id(9)), StreamState::Idle);
    assert_eq!(
        peer.conn
            .prioritize(StreamId::ZERO, StreamPriority::default()),
        Err(Error::Usage(UsageError::StreamIdZero))
    );
}

/// SPEC API-23, RH-68, RH-77: manual increments, range and overflow; the
/// window is unchanged on error (Q-03 fixed). SPEC X-6: an untracked stream
/// is `NoSuchStream`, not a bare KeyError.
#[test]
fn api_23_increment_flow_control_window() {
    let mut peer = RawPeer::connected(Config::server());
    assert_eq!(
        peer.conn.increment_flow_control_window(0, None),
        Err(Error::Usage(UsageError::InvalidWindowIncrement {
            increment: 0
        }))
    );
    assert_eq!(
        peer.conn.increment_flow_control_window(1 << 31, None),
        Err(Error::Usage(UsageError::InvalidWindowIncrement {
            increment: 1 << 31
        }))
    );
    peer.conn.increment_flow_control_window(100, None).unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000004 08 00 00000000 00000064")
    );
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_635);
    assert!(matches!(
        peer.conn.increment_flow_control_window((1 << 31) - 1, None),
        Err(Error::FlowControl { .. })
    ));
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_635);
    assert_eq!(
        peer.conn.increment_flow_control_window(1, Some(id(1))),
        Err(Error::NoSuchStream { stream_id: id(1) })
    );
}

/// SPEC API-24, Q-25 fixed: an unknown stream is refused before the
/// connection credit is touched.
#[test]
fn api_24_acknowledge_unknown_stream_changes_nothing() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    for _ in 0..3 {
        peer.send_frame(h2_frame::Data::new(id(1), vec![0; 16_000]))
            .unwrap();
    }
    assert_eq!(
        peer.conn.acknowledge_received_data(48_000, id(5)),
        Err(Error::NoSuchStream { stream_id: id(5) })
    );
    assert!(peer.conn.data_to_send().is_empty());
    peer.conn.acknowledge_received_data(48_000, id(1)).unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000004 08 00 00000000 0000bb80 000004 08 00 00000001 0000bb80")
    );
}

/// SPEC API-25, API-26: windows are the smaller of stream and connection.
#[test]
fn api_25_api_26_windows_are_the_minimum() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    pair.client
        .send_data(id(1), &[0; 1000], false, None)
        .unwrap();
    pair.drive();
    assert_eq!(pair.client.local_flow_control_window(id(1)), Ok(64_535));
    assert_eq!(pair.server.remote_flow_control_window(id(1)), Ok(64_535));
    assert_eq!(
        pair.client.local_flow_control_window(id(3)),
        Err(Error::NoSuchStream { stream_id: id(3) })
    );
}

/// SPEC API-28, SFSM-9: counts of open streams, reserved ones excluded.
#[test]
fn api_28_open_stream_counts() {
    let mut pair = Pair::new();
    for n in [1, 3, 5] {
        pair.client
            .send_headers(id(n), fields::request("GET", "/"), n != 5)
            .unwrap();
    }
    pair.drive();
    assert_eq!(pair.client.open_outbound_streams(), 3);
    assert_eq!(pair.server.open_inbound_streams(), 3);
    pair.server
        .push_stream(id(1), id(2), fields::request("GET", "/pushed"))
        .unwrap();
    pair.drive();
    assert_eq!(pair.server.open_outbound_streams(), 0);
    pair.server
        .send_headers(id(1), fields::response(204), true)
        .unwrap();
    pair.drive();
    assert_eq!(pair.client.open_outbound_streams(), 2);
    assert_eq!(pair.server.open_inbound_streams(), 2);
}

/// SPEC API-30, API-31: draining all, a bounded amount, into a buffer;
/// clearing.
#[test]
fn api_30_api_31_output_buffer() {
    let mut conn = Connection::new(Config::server());
    conn.initiate_connection().unwrap();
    assert_eq!(conn.data_to_send_amount(0).len(), 0);
    let first = conn.data_to_send_amount(4);
    assert_eq!(first, hex("00002a04"));
    let mut buf = Vec::new();
    assert_eq!(conn.data_to_send_into(&mut buf, 5), 5);
    assert_eq!(buf, hex("00 00000000"));
    assert_eq!(conn.outbound_data_len(), 42);
    conn.clear_outbound_data_buffer();
    assert!(conn.data_to_send().is_empty());
}

/// SPEC X-4: like Python's object, a `Connection` has no lock inside; every
/// change takes `&mut self`, so the borrow checker enforces one owner at a
/// time. It is `Send`, so one task or thread can own it (or share it behind
/// a `Mutex`); `Sync` only lends out its read-only getters.
#[test]
fn x_4_connection_moves_to_another_thread_and_is_mutated_only_through_mut() {
    const fn send_and_sync<T: Send + Sync>() {}
    const _: () = send_and_sync::<Connection>();
    let mut conn = Connection::new(Config::server());
    let out = std::thread::spawn(move || {
        conn.initiate_connection().unwrap();
        conn.data_to_send()
    })
    .join()
    .unwrap();
    // The server's SETTINGS frame, built on the other thread.
    assert_eq!(&out[3..5], &[0x04, 0x00]);
}
