//! The golden vectors of SPEC Appendix C, byte for byte.

use h2_frame::{Frame, Setting, SettingId, StreamId};
use h2_proto::{
    ChangedSetting, Config, Connection, Event, RemoteSettingsChanged, SettingsAcknowledged,
};
use h2_testkit::{fields, hex, RawPeer};

const PREFACE: &str = "505249202a20485454502f322e300d0a0d0a534d0d0a0d0a";

/// SPEC API-10, Appendix C: the client preface and the 42-octet SETTINGS.
#[test]
fn api_10_client_initiate_connection_bytes() {
    let mut conn = Connection::new(Config::client());
    conn.initiate_connection().unwrap();
    let expected = hex(&format!(
        "{PREFACE} 00002a 04 00 00000000
         000100001000 000200000001 00040000ffff 000500004000 000800000000 000300000064 000600010000"
    ));
    assert_eq!(conn.data_to_send(), expected);
}

/// SPEC API-10, Appendix C: the server sends the same SETTINGS with
/// ENABLE_PUSH 0, and no preface.
#[test]
fn api_10_server_initiate_connection_bytes() {
    let mut conn = Connection::new(Config::server());
    conn.initiate_connection().unwrap();
    let expected = hex(
        "00002a 04 00 00000000
         000100001000 000200000000 00040000ffff 000500004000 000800000000 000300000064 000600010000",
    );
    assert_eq!(conn.data_to_send(), expected);
}

/// SPEC API-11, RH-24, Appendix C: the client's HTTP2-Settings value, the
/// base64url of the SETTINGS payload (42 octets, so no padding arises).
#[test]
fn api_11_client_upgrade_settings_header() {
    let mut conn = Connection::new(Config::client());
    let token = conn.initiate_upgrade_connection(None).unwrap();
    assert_eq!(
        token.as_deref(),
        Some("AAEAABAAAAIAAAABAAQAAP__AAUAAEAAAAgAAAAAAAMAAABkAAYAAQAA")
    );
}

/// SPEC API-14, RH-86, Appendix C: `send_data(1, b"ab", pad_length=0)`.
/// SPEC RH-09: `send_data` takes `&[u8]`, so any contiguous buffer (array,
/// `Vec`, `Bytes`) is passed as it is.
#[test]
fn api_14_send_data_with_zero_padding_bytes() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(StreamId::new(1), fields::request("GET", "/"), false)
        .unwrap();
    let _ = peer.read_frames();
    peer.conn
        .send_data(StreamId::new(1), b"ab", false, Some(0))
        .unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000003 00 08 00000001 00 6162")
    );
}

/// SPEC EVT-7, Appendix C: the peer's first SETTINGS lists every entry,
/// with no original value for MAX_CONCURRENT_STREAMS and
/// MAX_HEADER_LIST_SIZE.
#[test]
fn evt_7_first_remote_settings_have_no_original_for_mcs_and_mhls() {
    let mut peer = RawPeer::new(Config::client());
    let settings = [
        Setting::new(SettingId::HEADER_TABLE_SIZE, 4096),
        Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 100),
        Setting::new(SettingId::MAX_HEADER_LIST_SIZE, 65_536),
    ];
    let events = peer.send_settings(&settings).unwrap();
    assert_eq!(
        events,
        [Event::RemoteSettingsChanged(RemoteSettingsChanged {
            changed_settings: vec![
                ChangedSetting {
                    id: SettingId::HEADER_TABLE_SIZE,
                    old: Some(4096),
                    new: 4096
                },
                ChangedSetting {
                    id: SettingId::MAX_CONCURRENT_STREAMS,
                    old: None,
                    new: 100
                },
                ChangedSetting {
                    id: SettingId::MAX_HEADER_LIST_SIZE,
                    old: None,
                    new: 65_536
                },
            ],
        })]
    );
    // And the ACK went out, unasked (SPEC RH-66).
    assert_eq!(
        peer.read_frames(),
        [Frame::Settings(h2_frame::Settings::ack())]
    );
}

/// SPEC EVT-13, API-10, Appendix C: the ACK of our preamble reports no
/// change, since its values were in force from the start.
#[test]
fn evt_13_preamble_ack_reports_no_change() {
    let mut peer = RawPeer::new(Config::client());
    // The server's preface SETTINGS comes first (RFC 9113 §3.4).
    peer.send_frame(h2_frame::Settings::new(Vec::new()))
        .unwrap();
    let events = peer.send_frame(h2_frame::Settings::ack()).unwrap();
    assert_eq!(
        events,
        [Event::SettingsAcknowledged(SettingsAcknowledged {
            changed_settings: vec![]
        })]
    );
}

/// SPEC FC-7, DOS-7, Appendix C: four 10,000-octet DATA frames, each
/// acknowledged, give WINDOW_UPDATE(0, 40000) and WINDOW_UPDATE(1, 40000)
/// after the fourth, and nothing before (coalesced, one per window).
#[test]
fn fc_7_four_acknowledged_frames_give_one_update_each_way() {
    let mut peer = RawPeer::connected(Config::server());
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    let payload = vec![0u8; 10_000];
    let id = StreamId::new(1);
    for round in 1..=4 {
        peer.send_frame(h2_frame::Data::new(id, payload.clone()))
            .unwrap();
        peer.conn.acknowledge_received_data(10_000, id).unwrap();
        let out = peer.conn.data_to_send();
        if round < 4 {
            assert!(out.is_empty(), "round {round} sent {out:?}");
        } else {
            assert_eq!(
                out,
                hex("000004 08 00 00000000 00009c40 000004 08 00 00000001 00009c40")
            );
        }
    }
}
