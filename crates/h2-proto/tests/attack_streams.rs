//! Attacks on streams (docs/security.md): Rapid Reset, MadeYouReset, stream
//! exhaustion and the PRIORITY resource loop, each driven by a raw peer
//! against a server `Connection` in memory. Each test asserts the reaction,
//! a bound on what the connection holds (sampled `buffered_bytes` and the
//! heap counted by the allocator), and that a fresh client is still served.

mod attack_support;

use attack_support::{cancel, fresh_client_is_served, get, CHUNK};
use h2_frame::{Data, Frame, Priority, PrioritySpec, WindowUpdate};
use h2_proto::{Config, Error, ErrorCode, Event, Limit, Limits, StreamId, StreamState};
use h2_testkit::memory::{HeapMeter, StatsAlloc, System, INSTRUMENTED_SYSTEM};
use h2_testkit::{fields, RawPeer};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const BUDGET: u32 = Limits::DEFAULT.stream_reset_budget as u32;

/// Rapid Reset (CVE-2023-44487): HEADERS then RST_STREAM, endlessly. Each
/// reset costs O(1) and spends the budget; the one past it ends the
/// connection with GOAWAY(ENHANCE_YOUR_CALM). The connection holds no more
/// than one read's worth of input and the closed-stream record (8 octets per
/// id).
#[test]
fn rapid_reset_spends_the_budget_then_goaway_enhance_your_calm() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut frames = Vec::new();
    for n in 0..BUDGET + 200 {
        let id = 2 * n + 1;
        frames.extend(get(&mut peer, id));
        frames.push(cancel(id));
    }
    let wire = RawPeer::wire(frames);
    meter.reset();

    let flood = peer.flood(&wire, CHUNK, false);
    let retained = meter.retained();

    assert_eq!(
        flood.error,
        Some(Error::DenialOfService {
            limit: Limit::StreamResets
        })
    );
    // Exactly the budget was absorbed: the reset of stream BUDGET+1 failed.
    let last = StreamId::new(2 * BUDGET + 1);
    assert_eq!(peer.conn.highest_inbound_stream_id(), last);
    assert_eq!(peer.conn.open_inbound_streams(), 1);
    let goaway = peer.expect_goaway();
    assert_eq!(goaway.error_code, ErrorCode::ENHANCE_YOUR_CALM);
    assert_eq!(goaway.last_stream_id, last);
    eprintln!(
        "rapid reset: {} resets absorbed, peak buffered {} octets, heap retained {retained}",
        BUDGET, flood.peak_buffered
    );
    assert!(flood.peak_buffered <= CHUNK + 64);
    assert!(retained <= 64 << 10, "retained {retained}");
    fresh_client_is_served();
}

/// Completed streams earn resets back: a peer that cancels one stream for
/// every one it completes is never stopped (nghttp2's and hyperium's limits
/// count resets; ours counts the ones not matched by useful work).
#[test]
fn resets_matched_by_completed_streams_never_run_out() {
    let _meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    for n in 0..3 * BUDGET {
        let id = 2 * n + 1;
        let frames = get(&mut peer, id);
        peer.send_frames(frames).unwrap();
        if n % 2 == 0 {
            peer.send_frame(cancel(id)).unwrap();
        } else {
            peer.conn
                .send_headers(StreamId::new(id), fields::response(204), true)
                .unwrap();
        }
        let _ = peer.read_frames();
    }
    assert_eq!(peer.conn.open_inbound_streams(), 0);
}

/// How MadeYouReset (CVE-2025-8671) makes us reset a stream the peer opened.
#[derive(Clone, Copy, Debug)]
enum Provocation {
    /// WINDOW_UPDATE that overflows the stream's send window (§6.9.1).
    WindowOverflow,
    /// DATA past the request's content-length (§8.1.1).
    PastContentLength,
    /// DATA after END_STREAM, on a half-closed (remote) stream (§5.1).
    HalfClosedData,
}

impl Provocation {
    fn frames(self, peer: &mut RawPeer, id: u32) -> Vec<Frame> {
        let stream_id = StreamId::new(id);
        match self {
            Self::WindowOverflow => {
                let mut frames = peer.headers(id, fields::request("GET", "/")).frames();
                frames.push(
                    WindowUpdate {
                        stream_id,
                        increment: (1 << 31) - 1,
                    }
                    .into(),
                );
                frames
            }
            Self::PastContentLength => {
                let mut frames = peer
                    .headers(id, fields::request_with_length("POST", "/", 1))
                    .frames();
                frames.push(Data::new(stream_id, &b"xx"[..]).into());
                frames
            }
            Self::HalfClosedData => {
                let mut frames = get(peer, id);
                frames.push(Data::new(stream_id, &b"x"[..]).into());
                frames
            }
        }
    }

    fn code(self) -> ErrorCode {
        match self {
            Self::WindowOverflow => ErrorCode::FLOW_CONTROL_ERROR,
            Self::PastContentLength => ErrorCode::PROTOCOL_ERROR,
            Self::HalfClosedData => ErrorCode::STREAM_CLOSED,
        }
    }
}

/// MadeYouReset (CVE-2025-8671): the peer makes us reset its streams with
/// frames that are stream errors. Each reset is sent with the RFC's code
/// and spends the same budget as the peer's own resets; past it, GOAWAY
/// ENHANCE_YOUR_CALM. A peer that reads gets every RST_STREAM.
#[test]
fn made_you_reset_spends_the_same_budget() {
    for provocation in [
        Provocation::WindowOverflow,
        Provocation::PastContentLength,
        Provocation::HalfClosedData,
    ] {
        let mut meter = HeapMeter::start(GLOBAL);
        let mut peer = RawPeer::connected(Config::server());
        let mut frames = Vec::new();
        for n in 0..BUDGET + 200 {
            frames.extend(provocation.frames(&mut peer, 2 * n + 1));
        }
        let wire = RawPeer::wire(frames);
        meter.reset();

        let flood = peer.flood(&wire, CHUNK, true);
        let retained = meter.retained();

        assert_eq!(
            flood.error,
            Some(Error::DenialOfService {
                limit: Limit::StreamResets
            }),
            "{provocation:?}"
        );
        assert_eq!(flood.resets, BUDGET as usize, "{provocation:?}");
        assert_eq!(
            flood.last_reset,
            Some((StreamId::new(2 * BUDGET - 1), provocation.code()))
        );
        assert_eq!(
            flood.goaway.map(|g| g.error_code),
            Some(ErrorCode::ENHANCE_YOUR_CALM)
        );
        eprintln!(
            "made you reset ({provocation:?}): peak buffered {}, heap retained {retained}",
            flood.peak_buffered
        );
        assert!(flood.peak_buffered <= CHUNK + 64);
        assert!(retained <= 64 << 10, "{provocation:?}: retained {retained}");
    }
    fresh_client_is_served();
}

/// Stream exhaustion: streams past MAX_CONCURRENT_STREAMS are refused with
/// REFUSED_STREAM, for as long as the peer reads; the live streams stay at
/// the limit and the closed-stream record at 8 octets per id (SPEC RH-85).
#[test]
fn streams_past_the_limit_are_refused_and_state_stays_bounded() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut frames = Vec::new();
    for n in 0..100 {
        frames.extend(
            peer.headers(2 * n + 1, fields::request("GET", "/"))
                .frames(),
        );
    }
    for n in 100..10_100 {
        frames.extend(get(&mut peer, 2 * n + 1));
    }
    let wire = RawPeer::wire(frames);
    meter.reset();

    // A peer that reads: 4 KiB at a time, about 300 refusals per read,
    // stays under the bound on queued replies.
    let flood = peer.flood(&wire, 4 << 10, true);
    let retained = meter.retained();

    assert_eq!(flood.error, None);
    assert_eq!(flood.events, 100);
    assert_eq!(flood.resets, 10_000);
    assert_eq!(
        flood.last_reset,
        Some((StreamId::new(20_199), ErrorCode::REFUSED_STREAM))
    );
    assert_eq!(peer.conn.open_inbound_streams(), 100);
    eprintln!(
        "stream exhaustion: 10,000 refused, peak buffered {}, heap retained {retained}",
        flood.peak_buffered
    );
    assert!(flood.peak_buffered <= 2 * CHUNK);
    // 100 live streams (under 200 octets each) and 10,100 closed ids.
    assert!(retained <= 256 << 10, "retained {retained}");
    // The connection still serves: a stream that finishes frees a slot.
    peer.conn
        .send_headers(StreamId::new(1), fields::response(204), true)
        .unwrap();
    let _ = peer.read_frames();
    peer.send_frame(Data {
        end_stream: true,
        ..Data::new(StreamId::new(1), &b""[..])
    })
    .unwrap();
    let events = peer
        .headers(20_201, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    assert!(
        matches!(&events[0], Event::RequestReceived(r) if r.stream_id == StreamId::new(20_201))
    );
    fresh_client_is_served();
}

/// A peer that opens streams past the limit and does not read: the
/// REFUSED_STREAM replies are automatic replies, bounded like PING ACKs.
#[test]
fn refusals_to_a_peer_that_does_not_read_are_bounded() {
    let _meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let mut frames = Vec::new();
    for n in 0..100 {
        frames.extend(
            peer.headers(2 * n + 1, fields::request("GET", "/"))
                .frames(),
        );
    }
    for n in 100..3000 {
        frames.extend(get(&mut peer, 2 * n + 1));
    }
    let flood = peer.flood(&RawPeer::wire(frames), CHUNK, false);
    assert_eq!(
        flood.error,
        Some(Error::DenialOfService {
            limit: Limit::QueuedControlReplies
        })
    );
    let max = Limits::DEFAULT.max_queued_control_replies;
    // 1024 RST_STREAM frames of 13 octets and the request input.
    assert!(flood.peak_buffered <= max * 13 + CHUNK + 64);
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::ENHANCE_YOUR_CALM
    );
}

/// Stream ids jumping to 2^31-1 (§5.1.1): the stream is accepted and its
/// closure remembered in a few octets, not a record sized by the id; after
/// it the peer can open nothing lower, which is a connection
/// PROTOCOL_ERROR ("The identifier of a newly established stream MUST be
/// numerically greater than all streams that the initiating endpoint has
/// opened or reserved").
#[test]
fn a_stream_id_of_2_31_minus_1_costs_no_more_than_any_other() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    let top = StreamId::MAX.value();
    let mut frames = get(&mut peer, top);
    frames.push(cancel(top));
    let wire = RawPeer::wire(frames);
    meter.reset();

    let flood = peer.flood(&wire, CHUNK, true);
    let retained = meter.retained();

    assert_eq!(flood.error, None);
    assert_eq!(
        peer.conn.stream_state(StreamId::MAX),
        StreamState::Closed(h2_proto::ClosedBy::RecvRstStream)
    );
    eprintln!("stream id 2^31-1: heap retained {retained}");
    // The HPACK table's first chunk and a 16-slot closed-stream ring, where
    // a record sized by the id would take 512 KiB.
    assert!(retained <= 8 << 10, "retained {retained}");
    let frames = get(&mut peer, 3);
    let error = peer.send_frames(frames).unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::PROTOCOL_ERROR));
    fresh_client_is_served();
}

/// The resource loop (CVE-2019-9513): PRIORITY frames reshuffling a
/// dependency tree of 2,000 ids. PRIORITY never allocates stream state
/// (SPEC DOS-5): after 200,000 frames no stream exists, and the flood made
/// no allocation per frame.
#[test]
fn priority_reshuffling_allocates_nothing_per_frame() {
    let mut meter = HeapMeter::start(GLOBAL);
    let mut peer = RawPeer::connected(Config::server());
    const FRAMES: u32 = 200_000;
    let frames = (0..FRAMES).map(|n| {
        let id = 2 * (n % 2000) + 1;
        let parent = 2 * ((n * 7919) % 2000) + 1;
        let parent = if parent == id { 0 } else { parent };
        Frame::from(Priority {
            stream_id: StreamId::new(id),
            spec: PrioritySpec::new(StreamId::new(parent), n % 3 == 0, (n % 256) as u8),
        })
    });
    let wire = RawPeer::wire(frames);
    // One chunk first, so the reused buffers have their size.
    let warm = peer.flood(&wire[..CHUNK], CHUNK, false);
    meter.reset();

    let flood = peer.flood(&wire[warm.fed..], CHUNK, false);
    let retained = meter.retained();
    let allocations = meter.allocations();

    assert_eq!(flood.error, None);
    assert_eq!(warm.events + flood.events, FRAMES as usize);
    assert_eq!(peer.conn.highest_inbound_stream_id(), StreamId::ZERO);
    assert_eq!(peer.conn.stream_state(StreamId::new(1)), StreamState::Idle);
    eprintln!(
        "priority loop: {FRAMES} frames, {allocations} allocations, heap retained {retained}"
    );
    let chunks = wire.len() / CHUNK + 1;
    assert!(allocations <= 2 * chunks, "{allocations} allocations");
    assert!(retained <= 4 << 10, "retained {retained}");
    fresh_client_is_served();
}
