//! Flow control in a connection (SPEC §7.5, FC-*).

use h2_frame::{Data, ErrorCode, Frame, Setting, SettingId, StreamId, WindowUpdate};
use h2_proto::{Config, Error, Event, StreamReset};
use h2_testkit::{fields, hex, Chunking, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC FC-3, RH-11: a stream WINDOW_UPDATE past 2^31-1 resets the stream
/// with FLOW_CONTROL_ERROR and reports no WindowUpdated.
#[test]
fn fc_3_stream_window_overflow_resets_the_stream() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    let events = peer
        .send_frame(WindowUpdate {
            stream_id: id(1),
            increment: (1 << 31) - 1,
        })
        .unwrap();
    assert_eq!(
        events,
        [Event::StreamReset(StreamReset {
            stream_id: id(1),
            error_code: ErrorCode::FLOW_CONTROL_ERROR,
            remote_reset: false
        })]
    );
    assert_eq!(peer.expect_rst(), (id(1), ErrorCode::FLOW_CONTROL_ERROR));
}

/// SPEC FC-3, RH-76: the connection window past 2^31-1 is a connection
/// FLOW_CONTROL_ERROR; so is a SETTINGS delta that overflows a stream.
#[test]
fn fc_3_connection_window_and_settings_overflow() {
    let mut peer = RawPeer::connected(Config::client());
    let err = peer
        .send_frame(WindowUpdate {
            stream_id: id(0),
            increment: (1 << 31) - 1,
        })
        .unwrap_err();
    assert!(matches!(err.error, Error::FlowControl { .. }));
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::FLOW_CONTROL_ERROR
    );

    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    peer.send_frame(WindowUpdate {
        stream_id: id(1),
        increment: (1 << 31) - 1 - 65_535,
    })
    .unwrap();
    let err = peer
        .send_settings(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, 65_536)])
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::FLOW_CONTROL_ERROR));
}

/// SPEC FC-5: DATA past the connection window is a connection error.
#[test]
fn fc_5_connection_window_overrun() {
    let mut peer = RawPeer::connected(Config::server());
    for n in 0..5 {
        peer.headers(2 * n + 1, fields::request("POST", "/"))
            .send()
            .unwrap();
    }
    for n in 0..4 {
        peer.send_frame(Data::new(id(2 * n + 1), vec![0u8; 16_000]))
            .unwrap();
    }
    let err = peer
        .send_frame(Data::new(id(9), vec![0u8; 2_000]))
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::FLOW_CONTROL_ERROR));
}

/// SPEC FC-8, RH-04: DATA on a reset stream still counts toward the
/// connection window, and is returned automatically so the connection
/// does not stall.
#[test]
fn fc_8_data_on_reset_streams_returns_connection_credit() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
    let _ = peer.read_frames();
    for _ in 0..3 {
        assert!(peer
            .send_frame(Data::new(id(1), vec![0u8; 16_000]))
            .unwrap()
            .is_empty());
    }
    assert_eq!(
        peer.read_frames(),
        [Frame::WindowUpdate(WindowUpdate {
            stream_id: id(0),
            increment: 48_000
        })]
    );
    assert_eq!(peer.conn.inbound_flow_control_window(), 65_535);
}

/// SPEC FC-6: manual increments open the stream window and the connection
/// window separately.
#[test]
fn fc_6_manual_increments() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    peer.send_frame(Data::new(id(1), vec![0u8; 1000])).unwrap();
    peer.conn
        .increment_flow_control_window(1000, Some(id(1)))
        .unwrap();
    peer.conn.increment_flow_control_window(1000, None).unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000004 08 00 00000001 000003e8 000004 08 00 00000000 000003e8")
    );
    assert_eq!(peer.conn.remote_flow_control_window(id(1)), Ok(65_535));
}

/// SPEC FC-2: a lower INITIAL_WINDOW_SIZE from the peer can make a stream
/// window negative; WINDOW_UPDATEs bring it back.
#[test]
fn fc_2_negative_window_recovers() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    peer.conn
        .send_data(id(1), &[0; 16_000], false, None)
        .unwrap();
    peer.send_settings(&[Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1_000)])
        .unwrap();
    assert_eq!(peer.conn.local_flow_control_window(id(1)), Ok(-15_000));
    assert!(matches!(
        peer.conn.send_data(id(1), b"x", false, None),
        Err(Error::FlowControl { .. })
    ));
    peer.send_frame(WindowUpdate {
        stream_id: id(1),
        increment: 15_001,
    })
    .unwrap();
    assert_eq!(peer.conn.local_flow_control_window(id(1)), Ok(1));
    peer.conn.send_data(id(1), b"x", true, None).unwrap();
}

/// Events do not depend on how the bytes are cut: the same exchange with
/// whole, 1-octet and random chunks gives the same events on both sides.
#[test]
fn events_are_independent_of_chunking() {
    fn run(chunking: Chunking) -> (Vec<Event>, Vec<Event>) {
        let mut pair = Pair::new();
        pair.set_chunking(chunking);
        let mut client_events = Vec::new();
        let mut server_events = Vec::new();
        for n in [1, 3, 5] {
            pair.client
                .send_headers(
                    id(n),
                    fields::request_with_length("POST", "/", 20_000),
                    false,
                )
                .unwrap();
            pair.client
                .send_data(id(n), &[n as u8; 16_000], false, Some(7))
                .unwrap();
        }
        pair.client.ping(*b"pingpong").unwrap();
        pair.drive();
        for n in [1, 3, 5] {
            pair.client
                .send_data(id(n), &[0; 4_000], true, None)
                .unwrap();
            pair.server
                .send_headers(id(n), fields::response(200), false)
                .unwrap();
            pair.server.send_data(id(n), b"ok", false, None).unwrap();
            pair.server
                .send_headers(id(n), fields::list(&[("x-done", "1")]), true)
                .unwrap();
        }
        pair.drive();
        client_events.extend(pair.take_client_events());
        server_events.extend(pair.take_server_events());
        (client_events, server_events)
    }
    let whole = run(Chunking::Whole);
    assert_eq!(run(Chunking::Fixed(1)), whole);
    assert_eq!(run(Chunking::Random { seed: 42, max: 100 }), whole);
    assert!(whole.1.iter().any(|e| matches!(e, Event::PingReceived(_))));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Property: any random cutting of the transfers gives the events of
    /// whole transfers, on both ends.
    #[test]
    fn chunking_never_changes_the_events(seed in 1u64.., max in 1usize..200) {
        fn run(chunking: Chunking) -> (Vec<Event>, Vec<Event>) {
            let mut pair = Pair::new();
            pair.set_chunking(chunking);
            for n in [1, 3] {
                pair.client.send_headers(id(n), fields::request("POST", "/"), false).unwrap();
                pair.client.send_data(id(n), &[7; 3000], true, Some(3)).unwrap();
            }
            pair.drive();
            for n in [1, 3] {
                pair.server.send_headers(id(n), fields::response(200), false).unwrap();
                pair.server.send_data(id(n), &[9; 100], true, None).unwrap();
            }
            pair.drive();
            (pair.take_client_events(), pair.take_server_events())
        }
        proptest::prop_assert_eq!(run(Chunking::Random { seed, max }), run(Chunking::Whole));
    }
}
