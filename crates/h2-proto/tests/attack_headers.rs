//! Attacks through header blocks (docs/security.md): the HPACK bomb
//! (CVE-2016-6581) and 0-length headers (CVE-2019-9516), driven by a raw
//! peer against a server `Connection` in memory. Each test asserts the
//! reaction, a bound on the heap the connection keeps, that the connection
//! goes on serving, and that a fresh client is served.

mod attack_support;

use attack_support::fresh_client_is_served;
use h2_frame::{Frame, Headers, StreamId};
use h2_proto::{Config, ErrorCode, Event, Limits};
use h2_testkit::memory::{HeapMeter, StatsAlloc, System, INSTRUMENTED_SYSTEM};
use h2_testkit::{fields, RawPeer};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A HEADERS frame with END_STREAM and END_HEADERS carrying `block`.
fn headers(id: u32, block: Vec<u8>) -> Frame {
    Headers {
        stream_id: StreamId::new(id),
        fragment: block.into(),
        end_stream: true,
        end_headers: true,
        priority: None,
        padding: None,
    }
    .into()
}

/// A GET request's fields, written by hand with static-table references and
/// a literal `:authority` that is not indexed, so that the peer's own
/// encoder stays in step with the connection's table.
fn hand_written_get() -> Vec<u8> {
    let mut block = vec![0x82, 0x87, 0x84, 0x01, 11];
    block.extend_from_slice(b"example.com");
    block
}

/// The HPACK bomb (CVE-2016-6581): one 4 KiB table entry, then a 16 KiB
/// block that references it 16,352 times (64 MiB once decoded). Decoding
/// stops keeping fields at the 64 KiB header-list limit, the block is still
/// processed so the table stays in step, and only the stream is refused
/// with RST_STREAM(ENHANCE_YOUR_CALM): the 431 of HTTP/2. The connection
/// goes on.
#[test]
fn hpack_bomb_refuses_the_stream_within_the_header_list_limit() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    // Stream 1 puts `x-bomb: a * 4026` (4064 octets) in the table.
    let mut first = hand_written_get();
    first.extend_from_slice(&[0x40, 6]);
    first.extend_from_slice(b"x-bomb");
    first.extend_from_slice(&[0x7f, 0xbb, 0x1e]);
    first.extend_from_slice(&[b'a'; 4026]);
    let events = peer.send_frame(headers(1, first)).unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(_)));
    // Stream 3: the bomb.
    let mut bomb = hand_written_get();
    bomb.extend_from_slice(&[0xbe; (16 << 10) - 32]);
    let wire = RawPeer::wire([headers(3, bomb)]);
    meter.reset();

    let flood = peer.flood(&wire, 16 << 10, false);
    let retained = meter.retained();

    assert_eq!(flood.error, None);
    assert_eq!(flood.events, 0);
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(3), ErrorCode::ENHANCE_YOUR_CALM)
    );
    eprintln!(
        "HPACK bomb: peak buffered {}, heap retained {retained}",
        flood.peak_buffered
    );
    // The input buffer, grown to the 16 KiB frame, is all that stays.
    assert!(retained <= 32 << 10, "retained {retained}");
    // The table is in step: the peer's encoder and the connection agree.
    let events = peer
        .headers(5, fields::request("GET", "/after"))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == StreamId::new(5)));
    fresh_client_is_served();
}

/// The heap the bomb's decoding takes at its peak is bounded by the header
/// list limit, not by the 64 MiB it expands to.
#[test]
fn hpack_bomb_allocates_no_more_than_the_header_list_limit() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut first = hand_written_get();
    first.extend_from_slice(&[0x40, 6]);
    first.extend_from_slice(b"x-bomb");
    first.extend_from_slice(&[0x7f, 0xbb, 0x1e]);
    first.extend_from_slice(&[b'a'; 4026]);
    peer.send_frame(headers(1, first)).unwrap();
    let mut bomb = hand_written_get();
    bomb.extend_from_slice(&[0xbe; (16 << 10) - 32]);
    let wire = RawPeer::wire([headers(3, bomb)]);
    meter.reset();

    let _ = peer.flood(&wire, 32 << 10, false);
    let change = meter.allocations();
    let limit = 65_536;
    // Every allocation the bomb made, added up: the input buffer, the field
    // list up to the limit, never the expansion.
    eprintln!("HPACK bomb: {change} allocations");
    assert!(change <= 64, "{change} allocations");
    assert!(meter.retained() <= limit as isize);
}

/// 0-length headers (CVE-2019-9516): 1,000 fields with an empty name and
/// value. With inbound validation (the default) the request is malformed
/// and refused with RST_STREAM(PROTOCOL_ERROR); nothing is kept.
#[test]
fn empty_header_names_are_refused_and_nothing_is_kept() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut block = hand_written_get();
    for _ in 0..1000 {
        // Literal without indexing, new name: empty name, empty value.
        block.extend_from_slice(&[0x00, 0x00, 0x00]);
    }
    let wire = RawPeer::wire([headers(1, block)]);
    meter.reset();

    let flood = peer.flood(&wire, 16 << 10, false);
    let retained = meter.retained();

    assert_eq!(flood.error, None);
    assert_eq!(flood.events, 0);
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(1), ErrorCode::PROTOCOL_ERROR)
    );
    eprintln!("0-length headers (validated): heap retained {retained}");
    assert!(retained <= 4 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// Without validation empty fields are counted at their full overhead (32
/// octets each, RFC 7541 §4.1), so 3,000 of them (9 KB on the wire) pass the
/// 64 KiB header-list limit and the stream is refused; and indexed ones
/// fill the dynamic table only up to its size.
#[test]
fn empty_header_fields_count_at_full_overhead() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut config = Config::server();
    config.validate_inbound_headers = false;
    let mut peer = RawPeer::connected(config);
    let mut block = hand_written_get();
    for _ in 0..3000 {
        // Literal with incremental indexing: each would be a 32-octet entry.
        block.extend_from_slice(&[0x40, 0x00, 0x00]);
    }
    let wire = RawPeer::wire([headers(1, block)]);
    meter.reset();

    let flood = peer.flood(&wire, 16 << 10, false);
    let retained = meter.retained();

    assert_eq!(flood.error, None);
    assert_eq!(
        peer.expect_rst(),
        (StreamId::new(1), Limits::DEFAULT.oversized_header_list_code)
    );
    eprintln!("0-length headers (unvalidated): heap retained {retained}");
    // The input buffer (one read) and the dynamic table, which holds at
    // most 4096 / 32 = 128 such entries in its chunks.
    assert!(retained <= 32 << 10, "retained {retained}");
    fresh_client_is_served();
}
