//! What the attack tests share: request frames, and the check that a
//! well-behaved client on a fresh connection is still served.
// Each attack binary uses its own subset.
#![allow(dead_code)]

use h2_frame::{Frame, RstStream};
use h2_proto::{ErrorCode, Event, StreamId};
use h2_testkit::{fields, Pair, RawPeer};

/// The chunk size the floods are fed in: what one socket read returns.
pub(crate) const CHUNK: usize = 16 << 10;

/// A GET on `id` with END_STREAM, from the peer's encoder.
pub(crate) fn get(peer: &mut RawPeer, id: u32) -> Vec<Frame> {
    peer.headers(id, fields::request("GET", "/"))
        .end_stream()
        .frames()
}

/// RST_STREAM(CANCEL) on `id`.
pub(crate) fn cancel(id: u32) -> Frame {
    RstStream {
        stream_id: StreamId::new(id),
        error_code: ErrorCode::CANCEL,
    }
    .into()
}

/// A default client and server on a fresh connection: a GET is answered
/// with a body and the stream completes.
pub(crate) fn fresh_client_is_served() {
    let mut pair = Pair::new();
    let id = pair.client.get_next_available_stream_id().unwrap();
    pair.client
        .send_headers(id, fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    let events = pair.take_server_events();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == id));
    pair.server
        .send_headers(id, fields::response(200), false)
        .unwrap();
    pair.server.send_data(id, b"ok", true, None).unwrap();
    pair.drive();
    let events = pair.take_client_events();
    assert!(matches!(&events[0], Event::ResponseReceived(r) if r.stream_id == id));
    assert!(matches!(&events[1], Event::DataReceived(d) if d.data == "ok"));
    assert!(matches!(&events[2], Event::StreamEnded(e) if e.stream_id == id));
}
