//! Legitimate heavy use is not punished by the denial-of-service defences
//! (docs/security.md): with the default limits, a client and a server in
//! memory get through 10,000 sequential requests with cancellations, 1,000
//! concurrent streams (with the limit raised), a 100 MB upload and a long
//! gRPC-style stream. `Pair::drive` panics on any connection error, so
//! each test fails if a defence fires.

use h2_proto::{ClosedBy, Config, ErrorCode, Event, HeaderField, Setting, SettingId, StreamState};
use h2_testkit::{fields, Pair};

/// Acknowledges every DATA event to the side that received it, so that
/// windows reopen as an application that reads would reopen them.
fn acknowledge(conn: &mut h2_proto::Connection, events: &[Event]) -> usize {
    let mut octets = 0;
    for event in events {
        if let Event::DataReceived(data) = event {
            octets += data.data.len();
            conn.acknowledge_received_data(data.flow_controlled_length, data.stream_id)
                .unwrap();
        }
    }
    octets
}

/// 10,000 sequential requests; one in five is cancelled by the client
/// (RST_STREAM(CANCEL)) after the response head arrives, the way a browser
/// cancels when the user navigates away. 2,000 resets, 8,000 completed
/// streams: the reset budget never runs out.
#[test]
fn ten_thousand_requests_with_cancellations() {
    let mut pair = Pair::new();
    let mut cancelled = 0;
    let mut completed = 0;
    for n in 0..10_000 {
        let id = pair.client.get_next_available_stream_id().unwrap();
        pair.client
            .send_headers(id, fields::request("GET", "/page"), true)
            .unwrap();
        pair.drive();
        let events = pair.take_server_events();
        assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == id));
        pair.server
            .send_headers(id, fields::response(200), false)
            .unwrap();
        if n % 5 == 0 {
            pair.drive();
            pair.client.reset_stream(id, ErrorCode::CANCEL).unwrap();
            pair.drive();
            cancelled += 1;
        } else {
            pair.server.send_data(id, b"<html/>", true, None).unwrap();
            pair.drive();
            completed += 1;
        }
        pair.client_events.clear();
        pair.server_events.clear();
    }
    assert_eq!((cancelled, completed), (2000, 8000));
    assert_eq!(pair.server.open_inbound_streams(), 0);
}

/// A burst of cancellations is absorbed too: a page with 200 subresources
/// is abandoned twice in a row (400 resets), then the client carries on.
#[test]
fn abandoned_pages_are_absorbed() {
    let mut pair = Pair::new();
    for _ in 0..2 {
        let mut ids = Vec::new();
        for _ in 0..100 {
            let id = pair.client.get_next_available_stream_id().unwrap();
            pair.client
                .send_headers(id, fields::request("GET", "/sub"), true)
                .unwrap();
            ids.push(id);
        }
        pair.drive();
        for id in ids {
            pair.client.reset_stream(id, ErrorCode::CANCEL).unwrap();
        }
        pair.drive();
    }
    let id = pair.client.get_next_available_stream_id().unwrap();
    pair.client
        .send_headers(id, fields::request("GET", "/next"), true)
        .unwrap();
    pair.drive();
    let events = pair.take_server_events();
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::RequestReceived(r) if r.stream_id == id)));
}

/// 1,000 concurrent streams, each with a small request body, when the
/// server raises MAX_CONCURRENT_STREAMS to 1,000: all are served.
#[test]
fn a_thousand_concurrent_streams() {
    let mut server = Config::server();
    server.local_settings = server
        .local_settings
        .with(Setting::new(SettingId::MAX_CONCURRENT_STREAMS, 1000))
        .unwrap();
    let mut pair = Pair::with_configs(Config::client(), server);
    // A server that takes many uploads at once opens its connection window
    // (as the example server does): 1,000 bodies of 1 KiB.
    pair.server
        .increment_flow_control_window(1 << 20, None)
        .unwrap();
    pair.drive();
    let body = [b'b'; 1024];
    let mut ids = Vec::new();
    for _ in 0..1000 {
        let id = pair.client.get_next_available_stream_id().unwrap();
        pair.client
            .send_headers(
                id,
                fields::request_with_length("POST", "/up", body.len()),
                false,
            )
            .unwrap();
        pair.client.send_data(id, &body, true, None).unwrap();
        ids.push(id);
        // Drain now and then, as a client writing to a socket would.
        if ids.len() % 50 == 0 {
            pair.drive();
            let events = pair.take_server_events();
            acknowledge(&mut pair.server, &events);
        }
    }
    pair.drive();
    let events = pair.take_server_events();
    acknowledge(&mut pair.server, &events);
    assert_eq!(pair.server.open_inbound_streams(), 1000);
    for &id in &ids {
        pair.server
            .send_headers(id, fields::response(204), true)
            .unwrap();
    }
    pair.drive();
    let ended = pair
        .take_client_events()
        .iter()
        .filter(|e| matches!(e, Event::StreamEnded(_)))
        .count();
    assert_eq!(ended, 1000);
    assert_eq!(pair.server.open_inbound_streams(), 0);
}

/// A 100 MB upload on one stream, with the default windows, the server
/// acknowledging what it reads.
#[test]
fn a_hundred_megabyte_upload() {
    const SIZE: usize = 100_000_000;
    let mut pair = Pair::new();
    let id = pair.client.get_next_available_stream_id().unwrap();
    pair.client
        .send_headers(
            id,
            fields::request_with_length("POST", "/upload", SIZE),
            false,
        )
        .unwrap();
    let chunk = vec![b'u'; 16 << 10];
    let mut sent = 0;
    let mut received = 0;
    while sent < SIZE {
        let window = pair.client.local_flow_control_window(id).unwrap();
        let mut room = usize::try_from(window).unwrap_or(0);
        while room > 0 && sent < SIZE {
            let n = room.min(chunk.len()).min(SIZE - sent);
            sent += n;
            room -= n;
            pair.client
                .send_data(id, &chunk[..n], sent == SIZE, None)
                .unwrap();
        }
        pair.drive();
        let events = pair.take_server_events();
        received += acknowledge(&mut pair.server, &events);
        pair.drive();
        pair.client_events.clear();
    }
    assert_eq!(received, SIZE);
    pair.server
        .send_headers(id, fields::response(201), true)
        .unwrap();
    pair.drive();
    assert!(matches!(
        pair.take_client_events().last(),
        Some(Event::StreamEnded(e)) if e.stream_id == id
    ));
}

/// A gRPC-style bidirectional stream: 10,000 length-prefixed messages each
/// way on one long-lived stream, keep-alive PINGs every 100 messages, an
/// empty DATA frame with END_STREAM to end the request, and trailers.
#[test]
fn a_long_grpc_style_stream() {
    let mut pair = Pair::new();
    let id = pair.client.get_next_available_stream_id().unwrap();
    let mut request = fields::request("POST", "/pkg.Service/Chat");
    request.push(HeaderField::new("content-type", "application/grpc"));
    request.push(HeaderField::new("te", "trailers"));
    pair.client.send_headers(id, request, false).unwrap();
    pair.drive();
    pair.server_events.clear();
    let mut head_sent = false;
    let message = |n: u32| {
        let body = format!("message number {n:>8}");
        let mut framed = vec![0];
        framed.extend_from_slice(&(body.len() as u32).to_be_bytes());
        framed.extend_from_slice(body.as_bytes());
        framed
    };
    let (mut to_server, mut to_client, mut pongs) = (0, 0, 0);
    for n in 0..10_000 {
        pair.client.send_data(id, &message(n), false, None).unwrap();
        pair.drive();
        let events = pair.take_server_events();
        to_server += acknowledge(&mut pair.server, &events);
        if !head_sent {
            let mut head = fields::response(200);
            head.push(HeaderField::new("content-type", "application/grpc"));
            pair.server.send_headers(id, head, false).unwrap();
            head_sent = true;
        }
        pair.server.send_data(id, &message(n), false, None).unwrap();
        if n % 100 == 0 {
            pair.client.ping(u64::from(n).to_be_bytes()).unwrap();
            pair.server.ping(u64::from(n).to_be_bytes()).unwrap();
        }
        pair.drive();
        let events = pair.take_client_events();
        to_client += acknowledge(&mut pair.client, &events);
        pongs += events
            .iter()
            .filter(|e| matches!(e, Event::PingAckReceived(_)))
            .count();
    }
    pair.client.send_data(id, b"", true, None).unwrap();
    pair.drive();
    pair.server
        .send_headers(id, fields::list(&[("grpc-status", "0")]), true)
        .unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(matches!(&events[0], Event::TrailersReceived(t) if t.stream_id == id));
    assert_eq!(to_server, 10_000 * 28);
    assert_eq!(to_client, 10_000 * 28);
    assert_eq!(pongs, 100);
    assert_eq!(
        pair.server.stream_state(id),
        StreamState::Closed(ClosedBy::SendEndStream)
    );
    assert_eq!(pair.client.open_outbound_streams(), 0);
}
