//! Byte-level output and ordering (SPEC §7.13 OUT-*, X-3, X-5, MCS-3,
//! EVT-2..EVT-4, EVT-10, EVT-18).

use h2_frame::{ErrorCode, Frame, Ping, StreamId, WindowUpdate};
use h2_proto::{Config, Error, Event, StreamPriority};
use h2_testkit::{fields, hex, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC OUT-1, OUT-2: HEADERS carry END_HEADERS, never padding; the
/// PRIORITY fields are [E + 31-bit dependency][weight - 1].
#[test]
fn out_1_out_2_headers_layout() {
    let mut peer = RawPeer::connected(Config::client());
    let priority = StreamPriority {
        weight: 16,
        depends_on: id(3),
        exclusive: true,
    };
    peer.conn
        .send_headers_with_priority(id(1), fields::request("GET", "/"), true, priority)
        .unwrap();
    let out = peer.conn.data_to_send();
    // Type HEADERS, flags END_STREAM | END_HEADERS | PRIORITY, stream 1.
    assert_eq!(&out[3..9], &hex("01 25 00000001")[..]);
    assert_eq!(&out[9..14], &hex("80000003 0f")[..]);
}

/// SPEC OUT-3, X-3, RX-5: automatic replies are queued in the order of the
/// frames that caused them, after what the user queued before.
#[test]
fn out_3_replies_in_frame_order() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn.ping(*b"userping").unwrap();
    peer.send_frames([
        Ping {
            ack: false,
            payload: *b"first...",
        }
        .into(),
        h2_frame::Settings::new(vec![]).into(),
        Ping {
            ack: false,
            payload: *b"second..",
        }
        .into(),
    ])
    .unwrap();
    let frames = peer.read_frames();
    assert_eq!(
        frames,
        [
            Frame::Ping(Ping {
                ack: false,
                payload: *b"userping"
            }),
            Frame::Ping(Ping {
                ack: true,
                payload: *b"first..."
            }),
            Frame::Settings(h2_frame::Settings::ack()),
            Frame::Ping(Ping {
                ack: true,
                payload: *b"second.."
            }),
        ]
    );
}

/// SPEC OUT-2: a RST_STREAM and a WINDOW_UPDATE as the wire has them.
#[test]
fn out_2_rst_stream_and_window_update_bytes() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    let _ = peer.read_frames();
    peer.conn
        .increment_flow_control_window(7, Some(id(1)))
        .unwrap();
    peer.conn.reset_stream(id(1), ErrorCode::CANCEL).unwrap();
    assert_eq!(
        peer.conn.data_to_send(),
        hex("000004 08 00 00000001 00000007 000004 03 00 00000001 00000008")
    );
}

/// SPEC X-5: the lookup rule: above the highest id of its direction is
/// "no such stream", at or below it "closed".
#[test]
fn x_5_stream_lookup_errors() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(3), fields::request("GET", "/"), true)
        .unwrap();
    assert_eq!(
        pair.client.local_flow_control_window(id(5)),
        Err(Error::NoSuchStream { stream_id: id(5) })
    );
    assert_eq!(
        pair.client.local_flow_control_window(id(1)),
        Err(Error::StreamClosed { stream_id: id(1) })
    );
    assert_eq!(pair.client.local_flow_control_window(id(3)), Ok(65_535));
}

/// SPEC MCS-3, SFSM-9: promised streams do not count toward concurrency
/// until their response starts.
#[test]
fn mcs_3_reserved_streams_do_not_count() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    for n in [2, 4, 6] {
        pair.server
            .push_stream(id(1), id(n), fields::request("GET", "/p"))
            .unwrap();
    }
    pair.drive();
    assert_eq!(pair.server.open_outbound_streams(), 0);
    assert_eq!(pair.client.open_inbound_streams(), 0);
    pair.server
        .send_headers(id(2), fields::response(200), false)
        .unwrap();
    pair.drive();
    assert_eq!(pair.server.open_outbound_streams(), 1);
    assert_eq!(pair.client.open_inbound_streams(), 1);
}

/// SPEC EVT-2, EVT-3, EVT-4, EVT-10, EVT-18: the response events in order;
/// only received blocks produce events (nothing for what we send).
#[test]
fn evt_2_3_4_10_response_events() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    assert_eq!(pair.take_client_events(), []);
    assert_eq!(pair.take_server_events().len(), 2);
    pair.server
        .send_headers(id(1), fields::response(100), false)
        .unwrap();
    pair.server
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    pair.server.send_data(id(1), b"x", false, None).unwrap();
    pair.server
        .send_headers(id(1), fields::list(&[("t", "1")]), true)
        .unwrap();
    pair.drive();
    let kinds: Vec<&str> = pair
        .take_client_events()
        .iter()
        .map(|e| match e {
            Event::InformationalResponseReceived(_) => "informational",
            Event::ResponseReceived(_) => "response",
            Event::DataReceived(_) => "data",
            Event::TrailersReceived(_) => "trailers",
            Event::StreamEnded(_) => "ended",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["informational", "response", "data", "trailers", "ended"]
    );
    assert!(pair.take_server_events().is_empty());
}

/// SPEC API-27, SET-7, SET-8: frame sizes follow the settings in force.
#[test]
fn api_27_frame_sizes_follow_settings() {
    let mut client = Config::client();
    client.local_settings = client
        .local_settings
        .with(h2_frame::Setting::new(
            h2_frame::SettingId::MAX_FRAME_SIZE,
            65_536,
        ))
        .unwrap();
    let pair = Pair::with_configs(client, Config::server());
    assert_eq!(pair.client.max_inbound_frame_size(), 65_536);
    assert_eq!(pair.server.max_outbound_frame_size(), 65_536);
    assert_eq!(pair.client.max_outbound_frame_size(), 16_384);
}

/// SPEC EVT-6, CL-4: WINDOW_UPDATE on a stream we closed is ignored, with no
/// event (RFC 9113 §5.1: it may arrive after END_STREAM).
#[test]
fn evt_6_window_update_after_close_is_ignored() {
    let mut peer = RawPeer::connected(Config::server());
    peer.complete_get(1);
    let events = peer
        .send_frame(WindowUpdate {
            stream_id: id(1),
            increment: 100,
        })
        .unwrap();
    assert!(events.is_empty());
}
