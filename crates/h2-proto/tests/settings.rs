//! SETTINGS in a connection: remote values applied at once, ours on ACK
//! (SPEC SET-5..SET-9, RF-SETTINGS; quirks ).

use h2_frame::{Data, ErrorCode, Frame, Setting, SettingId, StreamId};
use h2_proto::{
    ChangedSetting, Config, Error, Event, ProtocolError, SettingsAcknowledged, StreamState,
};
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC SET-7, RH-65 (peer side): a bad value is a connection error with
/// the setting's code, and nothing of the frame is applied.
#[test]
fn set_7_invalid_remote_value_is_a_connection_error() {
    let mut peer = RawPeer::connected(Config::client());
    let err = peer
        .send_settings(&[
            Setting::new(SettingId::MAX_FRAME_SIZE, 20_000),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 1 << 31),
        ])
        .unwrap_err();
    assert!(matches!(err.error, Error::InvalidSettingsValue(_)));
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::FLOW_CONTROL_ERROR
    );
    assert_eq!(peer.conn.max_outbound_frame_size(), 16_384);
    let mut peer = RawPeer::connected(Config::client());
    let err = peer
        .send_settings(&[Setting::new(SettingId::ENABLE_PUSH, 1)])
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::PROTOCOL_ERROR));
}

/// SPEC SET-7, FC-2, RH-60: the peer's INITIAL_WINDOW_SIZE moves our stream
/// send windows (possibly below zero), never the connection window; its
/// MAX_FRAME_SIZE applies at once.
#[test]
fn set_7_remote_initial_window_and_frame_size() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    peer.conn.send_data(id(1), &[0; 1000], false, None).unwrap();
    peer.send_settings(&[
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, 500),
        Setting::new(SettingId::MAX_FRAME_SIZE, 20_000),
    ])
    .unwrap();
    assert_eq!(peer.conn.local_flow_control_window(id(1)), Ok(-500));
    assert_eq!(peer.conn.outbound_flow_control_window(), 64_535);
    assert_eq!(peer.conn.max_outbound_frame_size(), 20_000);
    // Q-07 fixed: an empty DATA frame still goes out.
    peer.conn.send_data(id(1), b"", true, None).unwrap();
}

/// SPEC SET-8, FC-9, RH-39: our INITIAL_WINDOW_SIZE and MAX_FRAME_SIZE
/// take effect on the peer's ACK, not before.
#[test]
fn set_8_local_values_apply_on_ack() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    peer.conn
        .update_settings(&[
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 100_000),
            Setting::new(SettingId::MAX_FRAME_SIZE, 32_768),
        ])
        .unwrap();
    let _ = peer.read_frames();
    assert_eq!(peer.conn.remote_flow_control_window(id(1)), Ok(65_535));
    assert_eq!(peer.conn.max_inbound_frame_size(), 16_384);
    // A 20,000-octet frame before the ACK is too large.
    let mut early = RawPeer::connected(Config::server());
    early
        .conn
        .update_settings(&[Setting::new(SettingId::MAX_FRAME_SIZE, 32_768)])
        .unwrap();
    early
        .headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    assert!(early
        .send_frame(Data::new(id(1), vec![0u8; 20_000]))
        .is_err());

    let events = peer.send_frame(h2_frame::Settings::ack()).unwrap();
    assert_eq!(
        events,
        [Event::SettingsAcknowledged(SettingsAcknowledged {
            changed_settings: vec![
                ChangedSetting {
                    id: SettingId::INITIAL_WINDOW_SIZE,
                    old: Some(65_535),
                    new: 100_000
                },
                ChangedSetting {
                    id: SettingId::MAX_FRAME_SIZE,
                    old: Some(16_384),
                    new: 32_768
                },
            ]
        })]
    );
    assert_eq!(peer.conn.max_inbound_frame_size(), 32_768);
    assert_eq!(peer.conn.stream_windows(id(1)).map(|w| w.1), Some(100_000));
    peer.send_frame(Data::new(id(1), vec![0u8; 20_000]))
        .unwrap();
}

/// SPEC SET-5, Q-26 fixed: each ACK applies one SETTINGS frame, oldest
/// first.
#[test]
fn q_26_one_ack_applies_one_frame() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .update_settings(&[Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 10)])
        .unwrap();
    peer.conn
        .update_settings(&[Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 20)])
        .unwrap();
    let first = peer.send_frame(h2_frame::Settings::ack()).unwrap();
    assert!(
        matches!(&first[..], [Event::SettingsAcknowledged(a)] if a.changed_settings[0].new == 10)
    );
    assert_eq!(
        peer.conn
            .local_settings()
            .current()
            .max_concurrent_streams(),
        Some(10)
    );
    let second = peer.send_frame(h2_frame::Settings::ack()).unwrap();
    assert!(
        matches!(&second[..], [Event::SettingsAcknowledged(a)] if a.changed_settings[0].new == 20)
    );
}

/// SPEC SET-8: an ACK with nothing pending is accepted with no change.
#[test]
fn set_8_unexpected_ack_is_empty() {
    let mut peer = RawPeer::connected(Config::client());
    let events = peer.send_frame(h2_frame::Settings::ack()).unwrap();
    assert_eq!(
        events,
        [Event::SettingsAcknowledged(SettingsAcknowledged {
            changed_settings: vec![]
        })]
    );
}

/// Limits::max_pending_local_settings bounds unacknowledged frames.
#[test]
fn pending_settings_are_bounded() {
    let mut peer = RawPeer::connected(Config::client());
    for _ in 0..8 {
        peer.conn.update_settings(&[]).unwrap();
    }
    assert!(matches!(
        peer.conn.update_settings(&[]),
        Err(Error::InvalidSettingsValue(_))
    ));
}

/// SPEC SET-8, RH-15, RH-84: a smaller HEADER_TABLE_SIZE is enforced once
/// acknowledged, and both encoders stay in step across changes mid-stream.
#[test]
fn header_table_size_changes_keep_hpack_in_step() {
    let mut pair = Pair::new();
    for (n, size) in [(1, 0), (3, 100), (5, 8192), (7, 4096)] {
        pair.client
            .update_settings(&[Setting::new(SettingId::HEADER_TABLE_SIZE, size)])
            .unwrap();
        pair.server
            .update_settings(&[Setting::new(SettingId::HEADER_TABLE_SIZE, size)])
            .unwrap();
        pair.client
            .send_headers(
                id(n),
                fields::request("GET", "/some/long/path/to/index"),
                true,
            )
            .unwrap();
        pair.drive();
        pair.server
            .send_headers(id(n), fields::response(200), true)
            .unwrap();
        pair.drive();
        assert_eq!(
            pair.client.stream_state(id(n)),
            StreamState::Closed(h2_proto::ClosedBy::RecvEndStream)
        );
    }
}

/// SPEC RH-23: the peer may advertise MAX_HEADER_LIST_SIZE 0 or any larger
/// value (RFC 9113 §6.5.2 sets no bound); each is applied, reported and
/// acknowledged.
#[test]
fn rh_23_any_peer_max_header_list_size_is_accepted() {
    for value in [0, 1, 65_536, u32::MAX] {
        let mut peer = RawPeer::connected(Config::client());
        let events = peer
            .send_settings(&[Setting::new(SettingId::MAX_HEADER_LIST_SIZE, value)])
            .unwrap();
        let [Event::RemoteSettingsChanged(changed)] = &events[..] else {
            panic!("{events:?}")
        };
        assert_eq!(
            changed.changed_settings,
            [ChangedSetting {
                id: SettingId::MAX_HEADER_LIST_SIZE,
                old: None,
                new: value
            }]
        );
        assert_eq!(
            peer.conn.remote_settings().max_header_list_size(),
            Some(value)
        );
        assert_eq!(
            peer.read_frames(),
            [Frame::Settings(h2_frame::Settings::ack())]
        );
    }
}

/// SPEC SET-7: remote MAX_CONCURRENT_STREAMS is enforced on our new
/// streams once received.
#[test]
fn remote_mcs_applies_to_new_streams() {
    let mut peer = RawPeer::connected(Config::client());
    peer.send_settings(&[Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 0)])
        .unwrap();
    assert_eq!(
        peer.conn
            .send_headers(id(1), fields::request("GET", "/"), true),
        Err(Error::TooManyStreams { max: 0, open: 0 })
    );
    assert!(matches!(&peer.read_frames()[..], [Frame::Settings(s)] if s.ack));
}

/// RFC 9113 §6.5.3: "The values in the SETTINGS frame MUST be processed in
/// the order they appear in the frame", and §6.9.2: "An endpoint MUST treat
/// a change to SETTINGS_INITIAL_WINDOW_SIZE that causes any flow-control
/// window to exceed the maximum size as a connection error ... of type
/// FLOW_CONTROL_ERROR". Two INITIAL_WINDOW_SIZE values in one frame are two
/// changes: the first one overflows a full window even though the second
/// one would bring it back.
#[test]
fn initial_window_changes_apply_in_frame_order() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    peer.send_frame(h2_frame::WindowUpdate {
        stream_id: id(1),
        increment: (1 << 31) - 1 - 65_535,
    })
    .unwrap();
    assert_eq!(peer.conn.stream_windows(id(1)), Some((i32::MAX, 65_535)));
    let err = peer
        .send_settings(&[
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 65_536),
            Setting::new(SettingId::INITIAL_WINDOW_SIZE, 65_535),
        ])
        .unwrap_err();
    assert_eq!(
        err.error,
        Error::Protocol(ProtocolError::InitialWindowOverflow)
    );
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::FLOW_CONTROL_ERROR
    );

    // Going down and back up in one frame is fine and nets out.
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    peer.send_settings(&[
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, 0),
        Setting::new(SettingId::INITIAL_WINDOW_SIZE, 70_000),
    ])
    .unwrap();
    assert_eq!(peer.conn.stream_windows(id(1)), Some((70_000, 65_535)));
}
