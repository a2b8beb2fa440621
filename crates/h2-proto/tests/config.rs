//! The configuration switches (SPEC CFG-1..CFG-9) as the connection
//! applies them.

use h2_frame::{Frame, StreamId};
use h2_proto::{Config, Event, HeaderField};
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

/// SPEC CFG-6: with inbound validation off, a request the rules refuse is
/// delivered as it came.
#[test]
fn cfg_6_inbound_validation_off_delivers_malformed_blocks() {
    let mut config = Config::server();
    config.validate_inbound_headers = false;
    let mut peer = RawPeer::connected(config);
    let block = fields::list(&[(":method", "GET"), (":path", "/"), ("X-Upper", "v")]);
    let events = peer.headers(1, block.clone()).end_stream().send().unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.headers == block));
}

/// SPEC CFG-7, HDR-10: cookie crumbs are joined by default, kept apart
/// with inbound normalisation off.
#[test]
fn cfg_7_cookie_joining() {
    let mut request = fields::request("GET", "/");
    request.push(HeaderField::new("cookie", "a=1"));
    request.push(HeaderField::new("cookie", "b=2"));

    let mut peer = RawPeer::connected(Config::server());
    let events = peer
        .headers(1, request.clone())
        .end_stream()
        .send()
        .unwrap();
    let Event::RequestReceived(r) = &events[0] else {
        panic!("{events:?}")
    };
    let cookies: Vec<_> = r.headers.iter().filter(|f| f.name == "cookie").collect();
    assert_eq!(cookies.len(), 1);
    assert_eq!(cookies[0].value, "a=1; b=2");

    let mut config = Config::server();
    config.normalize_inbound_headers = false;
    let mut peer = RawPeer::connected(config);
    let events = peer.headers(1, request).end_stream().send().unwrap();
    let Event::RequestReceived(r) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(r.headers.iter().filter(|f| f.name == "cookie").count(), 2);
}

/// SPEC CFG-5, HDR-40: outbound names are lowercased by default; with
/// normalisation and validation off they go out as given.
#[test]
fn cfg_4_cfg_5_outbound_normalisation() {
    let mut pair = Pair::new();
    let mut request = fields::request("GET", "/");
    request.push(HeaderField::new("X-Custom", "v"));
    pair.client
        .send_headers(id(1), request.clone(), true)
        .unwrap();
    pair.drive();
    let events = pair.take_server_events();
    let Event::RequestReceived(r) = &events[0] else {
        panic!("{events:?}")
    };
    assert!(r.headers.iter().any(|f| f.name == "x-custom"));

    let mut config = Config::client();
    config.normalize_outbound_headers = false;
    config.validate_outbound_headers = false;
    let mut peer = RawPeer::connected(config);
    peer.conn.send_headers(id(1), request, true).unwrap();
    let frames = peer.read_frames();
    let Frame::Headers(h) = &frames[0] else {
        panic!("{frames:?}")
    };
    let sent = peer.decode_block(&h.fragment);
    assert!(sent.iter().any(|f| f.name == "X-Custom"));
}

/// Upstream 4.2.0's split_outbound_cookies: a cookie goes out one crumb
/// per field, and is joined again at the other end.
#[test]
fn split_outbound_cookies() {
    let mut client = Config::client();
    client.split_outbound_cookies = true;
    let mut peer = RawPeer::connected(client);
    let mut request = fields::request("GET", "/");
    request.push(HeaderField::new("cookie", "a=1; b=2; c=3"));
    peer.conn.send_headers(id(1), request, true).unwrap();
    let frames = peer.read_frames();
    let Frame::Headers(h) = &frames[0] else {
        panic!("{frames:?}")
    };
    let sent = peer.decode_block(&h.fragment);
    assert_eq!(sent.iter().filter(|f| f.name == "cookie").count(), 3);
}

/// SPEC CFG-2, API-4: the settings to advertise are part of the
/// configuration, and go out in the preamble in order.
#[test]
fn cfg_2_local_settings_in_the_preamble() {
    let mut config = Config::client();
    config.local_settings = config
        .local_settings
        .with(h2_frame::Setting::new(
            h2_frame::SettingId::MAX_CONCURRENT_STREAMS,
            7,
        ))
        .unwrap();
    let mut conn = h2_proto::Connection::new(config);
    conn.initiate_connection().unwrap();
    let out = conn.data_to_send();
    // Preface, then SETTINGS whose MAX_CONCURRENT_STREAMS entry is 7.
    assert!(out[24..].windows(6).any(|w| w == [0, 3, 0, 0, 0, 7]));
    assert_eq!(
        conn.local_settings().current().max_concurrent_streams(),
        Some(7)
    );
    // Settings of the other side are refused before anything is queued.
    let mut mismatched = Config::server();
    mismatched.local_settings = h2_proto::Settings::client();
    let mut conn = h2_proto::Connection::new(mismatched);
    assert_eq!(
        conn.initiate_connection(),
        Err(h2_proto::Error::Usage(
            h2_proto::UsageError::SettingsSideMismatch
        ))
    );
    assert!(conn.data_to_send().is_empty());
}
