//! A client and a server in memory: many concurrent requests with bodies
//! and trailers both ways, small windows, settings changes mid-stream,
//! resets, GOAWAY with streams in flight.

use std::collections::HashMap;

use h2_frame::{ErrorCode, Setting, SettingId, StreamId};
use h2_proto::{Config, Event, StreamState};
use h2_testkit::{fields, Chunking, Pair};

/// Bodies each stream received, and whether trailers arrived.
#[derive(Default, Debug)]
struct Received {
    body: Vec<u8>,
    trailers: bool,
    ended: bool,
    headers: bool,
}

fn collect(events: &[Event], into: &mut HashMap<StreamId, Received>) {
    for event in events {
        match event {
            Event::RequestReceived(e) => into.entry(e.stream_id).or_default().headers = true,
            Event::ResponseReceived(e) => into.entry(e.stream_id).or_default().headers = true,
            Event::DataReceived(e) => into
                .entry(e.stream_id)
                .or_default()
                .body
                .extend_from_slice(&e.data),
            Event::TrailersReceived(e) => into.entry(e.stream_id).or_default().trailers = true,
            Event::StreamEnded(e) => into.entry(e.stream_id).or_default().ended = true,
            _ => {}
        }
    }
}

fn body(id: StreamId, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i as u32 ^ id.value()) as u8).collect()
}

/// Sends as much of `data` as the windows allow, returns what is left.
fn send_some(conn: &mut h2_proto::Connection, id: StreamId, data: &[u8]) -> usize {
    let mut sent = 0;
    loop {
        let window = conn.local_flow_control_window(id).unwrap_or(0).max(0) as usize;
        let n = window
            .min(conn.max_outbound_frame_size() as usize)
            .min(data.len() - sent);
        if n == 0 {
            return sent;
        }
        conn.send_data(id, &data[sent..sent + n], false, None)
            .unwrap();
        sent += n;
    }
}

fn acknowledge_all(conn: &mut h2_proto::Connection, events: &[Event]) {
    for event in events {
        if let Event::DataReceived(e) = event {
            conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
                .unwrap();
        }
    }
}

/// Runs `streams` requests with `len`-octet bodies and trailers both ways.
fn exchange(pair: &mut Pair, streams: u32, len: usize) {
    let ids: Vec<StreamId> = (0..streams).map(|i| StreamId::new(2 * i + 1)).collect();
    for &id in &ids {
        pair.client
            .send_headers(
                id,
                fields::request_with_length("POST", "/upload", len),
                false,
            )
            .unwrap();
    }
    let mut client_left: HashMap<StreamId, usize> = ids.iter().map(|&id| (id, 0)).collect();
    let mut server_left: HashMap<StreamId, usize> = HashMap::new();
    let mut at_server = HashMap::new();
    let mut at_client = HashMap::new();
    for _round in 0..10_000 {
        // Client: push request bodies; finish with trailers.
        for &id in &ids {
            if let Some(sent) = client_left.get(&id).copied() {
                let data = body(id, len);
                let n = send_some(&mut pair.client, id, &data[sent..]);
                if sent + n == len {
                    pair.client
                        .send_headers(id, fields::list(&[("x-checksum", "ok")]), true)
                        .unwrap();
                    client_left.remove(&id);
                } else {
                    client_left.insert(id, sent + n);
                }
            }
        }
        pair.drive();
        let events = pair.take_server_events();
        acknowledge_all(&mut pair.server, &events);
        collect(&events, &mut at_server);
        // Server: respond once the request ended.
        for (&id, r) in &at_server {
            if r.ended && !server_left.contains_key(&id) && !at_client.contains_key(&id) {
                pair.server
                    .send_headers(id, fields::response_with_length(200, len), false)
                    .unwrap();
                server_left.insert(id, 0);
            }
        }
        for (&id, sent) in server_left.iter_mut() {
            if *sent == usize::MAX {
                continue;
            }
            let data = body(id, len);
            let n = send_some(&mut pair.server, id, &data[*sent..]);
            *sent += n;
            if *sent == len {
                pair.server
                    .send_headers(id, fields::list(&[("x-status", "done")]), true)
                    .unwrap();
                *sent = usize::MAX;
            }
        }
        pair.drive();
        let events = pair.take_client_events();
        acknowledge_all(&mut pair.client, &events);
        collect(&events, &mut at_client);
        pair.drive();
        let events = pair.take_server_events();
        acknowledge_all(&mut pair.server, &events);
        collect(&events, &mut at_server);
        if at_client.values().filter(|r| r.ended).count() == ids.len() {
            break;
        }
    }
    for &id in &ids {
        let up = &at_server[&id];
        assert!(
            up.headers && up.trailers && up.ended,
            "server side of {id}: {up:?}"
        );
        assert_eq!(up.body, body(id, len), "request body of {id}");
        let down = &at_client[&id];
        assert!(
            down.headers && down.trailers && down.ended,
            "client side of {id}: {down:?}"
        );
        assert_eq!(down.body, body(id, len), "response body of {id}");
        assert_eq!(
            pair.client.stream_state(id),
            pair.server.stream_state(id).mirror()
        );
    }
    assert_eq!(pair.client.open_outbound_streams(), 0);
    assert_eq!(pair.server.open_inbound_streams(), 0);
}

trait Mirror {
    fn mirror(self) -> Self;
}

impl Mirror for StreamState {
    /// The same stream seen from the other end.
    fn mirror(self) -> Self {
        use h2_proto::ClosedBy::*;
        match self {
            Self::HalfClosedLocal => Self::HalfClosedRemote,
            Self::HalfClosedRemote => Self::HalfClosedLocal,
            Self::ReservedLocal => Self::ReservedRemote,
            Self::ReservedRemote => Self::ReservedLocal,
            Self::Closed(SendEndStream) => Self::Closed(RecvEndStream),
            Self::Closed(RecvEndStream) => Self::Closed(SendEndStream),
            Self::Closed(SendRstStream) => Self::Closed(RecvRstStream),
            Self::Closed(RecvRstStream) => Self::Closed(SendRstStream),
            other => other,
        }
    }
}

#[test]
fn many_concurrent_requests_with_bodies_and_trailers_both_ways() {
    let mut pair = Pair::new();
    exchange(&mut pair, 50, 3000);
}

#[test]
fn flow_control_with_small_windows() {
    let mut client = Config::client();
    client.local_settings = client
        .local_settings
        .with(Setting::new(SettingId::INITIAL_WINDOW_SIZE, 100))
        .unwrap();
    let mut server = Config::server();
    server.local_settings = server
        .local_settings
        .with(Setting::new(SettingId::INITIAL_WINDOW_SIZE, 50))
        .unwrap();
    let mut pair = Pair::with_configs(client, server);
    exchange(&mut pair, 6, 6_000);
}

#[test]
fn events_do_not_depend_on_chunking() {
    for chunking in [Chunking::Fixed(1), Chunking::Random { seed: 7, max: 40 }] {
        let mut pair = Pair::new();
        pair.set_chunking(chunking);
        exchange(&mut pair, 5, 1000);
    }
}

#[test]
fn reset_stream_in_flight_closes_both_sides() {
    let mut pair = Pair::new();
    let id = StreamId::new(1);
    pair.client
        .send_headers(id, fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    pair.server.reset_stream(id, ErrorCode::CANCEL).unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(
        matches!(&events[..], [Event::StreamReset(r)] if r.stream_id == id && r.remote_reset && r.error_code == ErrorCode::CANCEL)
    );
    assert_eq!(
        pair.client.stream_state(id),
        StreamState::Closed(h2_proto::ClosedBy::RecvRstStream)
    );
    assert_eq!(
        pair.server.stream_state(id),
        StreamState::Closed(h2_proto::ClosedBy::SendRstStream)
    );
}

/// Settings changes mid-stream: the server moves its INITIAL_WINDOW_SIZE
/// and MAX_FRAME_SIZE up and down while three request bodies are in
/// flight; every body arrives intact and both ends agree on the windows.
#[test]
fn settings_change_mid_stream() {
    let mut pair = Pair::new();
    let len = 150_000;
    let ids = [StreamId::new(1), StreamId::new(3), StreamId::new(5)];
    for &id in &ids {
        pair.client
            .send_headers(id, fields::request_with_length("POST", "/", len), false)
            .unwrap();
    }
    let mut sent: HashMap<StreamId, usize> = ids.iter().map(|&id| (id, 0)).collect();
    let mut received: HashMap<StreamId, Received> = HashMap::new();
    let windows = [1_000, 200_000, 10, 65_535, 70_000];
    for round in 0..5_000 {
        if round % 7 == 0 {
            let window = windows[(round / 7) % windows.len()];
            let frame = 16_384 + (round % 3) as u32 * 8_192;
            pair.server
                .update_settings(&[
                    Setting::new(SettingId::INITIAL_WINDOW_SIZE, window),
                    Setting::new(SettingId::MAX_FRAME_SIZE, frame),
                ])
                .unwrap();
        }
        for &id in &ids {
            let done = sent[&id];
            if done < len {
                let data = body(id, len);
                let n = send_some(&mut pair.client, id, &data[done..]);
                sent.insert(id, done + n);
                if done + n == len {
                    pair.client.end_stream(id).unwrap();
                }
            }
        }
        pair.drive();
        let events = pair.take_server_events();
        acknowledge_all(&mut pair.server, &events);
        collect(&events, &mut received);
        pair.drive();
        if ids
            .iter()
            .all(|id| received.get(id).is_some_and(|r| r.ended))
        {
            break;
        }
    }
    for &id in &ids {
        assert_eq!(received[&id].body, body(id, len), "body of {id}");
        assert!(received[&id].ended);
    }
    assert_eq!(
        pair.client.outbound_flow_control_window(),
        pair.server.inbound_flow_control_window()
    );
}

/// GOAWAY with streams in flight both ways: the server shuts down
/// gracefully while a request body is half sent and another request is in
/// flight above its last stream id.
#[test]
fn goaway_with_in_flight_streams() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(StreamId::new(1), fields::request("POST", "/"), false)
        .unwrap();
    pair.client
        .send_data(StreamId::new(1), b"first half", false, None)
        .unwrap();
    pair.drive();
    // Stream 3 leaves the client as the server's GOAWAY leaves the server.
    pair.client
        .send_headers(StreamId::new(3), fields::request("GET", "/"), true)
        .unwrap();
    pair.server
        .close_connection(ErrorCode::NO_ERROR, None, None)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.client.stream_state(StreamId::new(3)),
        StreamState::Closed(h2_proto::ClosedBy::RecvRstStream)
    );
    pair.client
        .send_data(StreamId::new(1), b"second half", true, None)
        .unwrap();
    pair.drive();
    pair.server
        .send_headers(StreamId::new(1), fields::response(200), true)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::ResponseReceived(r) if r.stream_id == StreamId::new(1))));
    let server_events = pair.take_server_events();
    let body: Vec<u8> = server_events
        .iter()
        .filter_map(|e| match e {
            Event::DataReceived(d) => Some(d.data.to_vec()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(body, b"first halfsecond half");
    assert_eq!(pair.client.open_outbound_streams(), 0);
    assert_eq!(pair.server.open_inbound_streams(), 0);
}
