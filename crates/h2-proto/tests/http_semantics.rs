//! HTTP semantics through the public API, one test per item of SPEC §6
//! (header rules, content-length, HEAD, informational responses, trailers,
//! HPACK interplay): received blocks that break a rule reset only their
//! stream (RST_STREAM PROTOCOL_ERROR, RFC 9113 §8.1.1); blocks and DATA we
//! are asked to send that would break one are refused with nothing queued.

use h2_frame::{Data, ErrorCode, Frame, Headers, RstStream, StreamId};
use h2_proto::{
    Config, ConnectionState, DataReceived, Error, Event, HeaderError, HeaderField,
    InformationalResponseReceived, RequestReceived, ResponseReceived, StreamEnded, StreamReset,
    TrailersReceived, UsageError,
};
use h2_testkit::{fields, Pair, RawPeer};

fn id(n: u32) -> StreamId {
    StreamId::new(n)
}

fn h(name: &'static str, value: &'static str) -> HeaderField {
    HeaderField::new(name, value)
}

fn rst(n: u32, code: ErrorCode) -> Frame {
    Frame::RstStream(RstStream {
        stream_id: id(n),
        error_code: code,
    })
}

fn reset_by_us(n: u32) -> Event {
    Event::StreamReset(StreamReset {
        stream_id: id(n),
        error_code: ErrorCode::PROTOCOL_ERROR,
        remote_reset: false,
    })
}

fn ended(n: u32) -> Event {
    Event::StreamEnded(StreamEnded { stream_id: id(n) })
}

fn data(n: u32, payload: &'static [u8], end: bool) -> Event {
    Event::DataReceived(DataReceived {
        stream_id: id(n),
        data: payload.into(),
        flow_controlled_length: payload.len() as u32,
        stream_ended: end.then_some(StreamEnded { stream_id: id(n) }),
    })
}

/// A server facing a raw client, past the handshake.
fn server() -> RawPeer {
    RawPeer::connected(Config::server())
}

/// A client facing a raw server, with a request sent on each of `ids`.
fn client_with(ids: &[u32], request: &[HeaderField], end_stream: bool) -> RawPeer {
    let mut peer = RawPeer::connected(Config::client());
    for &n in ids {
        peer.conn
            .send_headers(id(n), request.to_vec(), end_stream)
            .unwrap();
    }
    let _ = peer.read_frames();
    peer
}

/// Sends `block` as a new request on stream `n` and expects it refused:
/// RST_STREAM(PROTOCOL_ERROR), no event, the connection open.
fn assert_request_refused(peer: &mut RawPeer, n: u32, block: Vec<HeaderField>, end_stream: bool) {
    let builder = peer.headers(n, block.clone());
    let builder = if end_stream {
        builder.end_stream()
    } else {
        builder
    };
    let events = builder.send().unwrap();
    assert_eq!(events, [], "{block:?}");
    assert_eq!(
        peer.read_frames(),
        [rst(n, ErrorCode::PROTOCOL_ERROR)],
        "{block:?}"
    );
    assert_eq!(peer.conn.state(), ConnectionState::Open);
}

/// The request fields with one more field.
fn request_plus(extra: &[(&'static str, &'static str)]) -> Vec<HeaderField> {
    let mut block = fields::request("GET", "/");
    block.extend(extra.iter().map(|&(n, v)| h(n, v)));
    block
}

// ----- §6.1 block kinds and pipeline -------------------------------------

/// SPEC HDR-1: the kind of a block comes from where it sits on its stream:
/// the first block a server receives is a request, a client's are 1xx or
/// the final response, a later one is a trailer section; a PUSH_PROMISE
/// carries a request.
#[test]
fn hdr_1_block_kind_follows_the_stream() {
    let mut peer = client_with(&[1], &fields::request("GET", "/"), true);
    let events = peer
        .headers(1, fields::list(&[("x", "promised")]))
        .send()
        .unwrap();
    // A block that is not a valid 1xx or response here is malformed.
    assert_eq!(events, [reset_by_us(1)]);

    let mut peer = client_with(&[1], &fields::request("GET", "/"), true);
    let mut events = peer.headers(1, fields::response(103)).send().unwrap();
    events.extend(peer.headers(1, fields::response(200)).send().unwrap());
    events.extend(
        peer.headers(1, fields::list(&[("x-trailer", "1")]))
            .end_stream()
            .send()
            .unwrap(),
    );
    assert_eq!(
        events,
        [
            Event::InformationalResponseReceived(InformationalResponseReceived {
                stream_id: id(1),
                headers: fields::response(103),
                priority_updated: None,
            }),
            Event::ResponseReceived(ResponseReceived {
                stream_id: id(1),
                headers: fields::response(200),
                stream_ended: None,
                priority_updated: None,
            }),
            Event::TrailersReceived(TrailersReceived {
                stream_id: id(1),
                headers: fields::list(&[("x-trailer", "1")]),
                stream_ended: Some(StreamEnded { stream_id: id(1) }),
                priority_updated: None,
            }),
            ended(1),
        ]
    );

    // A PUSH_PROMISE carries a request, checked with the request rules.
    let mut peer = client_with(&[3], &fields::request("GET", "/"), true);
    let events = peer
        .headers(3, fields::response(200))
        .promise(2)
        .send()
        .unwrap();
    assert_eq!(events, []);
    assert_eq!(peer.read_frames(), [rst(2, ErrorCode::PROTOCOL_ERROR)]);
}

/// SPEC HDR-2, RH-74 (fixed, RFC 9113 §8.1.1): a malformed received block is a
/// stream error; the connection and its other streams go on.
#[test]
fn hdr_2_malformed_block_resets_only_its_stream() {
    let mut peer = server();
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    assert_request_refused(&mut peer, 3, request_plus(&[("Bad", "x")]), true);
    let events = peer
        .send_frame(Data::new(id(1), &b"still here"[..]).with_end_stream())
        .unwrap();
    assert_eq!(events, [data(1, b"still here", true), ended(1)]);
}

/// SPEC HDR-3: an outbound block the rules refuse queues nothing and
/// changes nothing, not even the HPACK table (SPEC Q-03 fixed).
#[test]
fn hdr_3_refused_outbound_block_changes_nothing() {
    let mut peer = RawPeer::connected(Config::client());
    let bad = request_plus(&[("x-first", "indexed?"), ("te", "gzip")]);
    assert_eq!(
        peer.conn.send_headers(id(1), bad, true),
        Err(Error::Header(HeaderError::InvalidTe))
    );
    assert!(peer.read_frames().is_empty());
    assert_eq!(peer.conn.get_next_available_stream_id(), Ok(id(1)));
    // The peer's decoder, which saw nothing, still decodes what follows.
    let good = request_plus(&[("x-first", "indexed?")]);
    peer.conn.send_headers(id(1), good.clone(), true).unwrap();
    let frames = peer.read_frames();
    let [Frame::Headers(Headers { fragment, .. })] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    assert_eq!(peer.decode_block(fragment), good);
}

// ----- §6.2 / §6.3 inbound normalisation and validation ------------------

/// SPEC HDR-10 (Q-21 fixed): cookie crumbs are joined after validation,
/// in place of the first crumb, never indexed.
#[test]
fn hdr_10_cookie_crumbs_joined_where_the_first_was() {
    let mut peer = server();
    let block = request_plus(&[("cookie", "a=1"), ("x", "y"), ("cookie", "b=2")]);
    let events = peer.headers(1, block).end_stream().send().unwrap();
    let Event::RequestReceived(r) = &events[0] else {
        panic!("{events:?}")
    };
    let mut expected = request_plus(&[]);
    expected.push(HeaderField::sensitive("cookie", "a=1; b=2"));
    expected.push(h("x", "y"));
    assert_eq!(r.headers, expected);
    // A crumb before the pseudo-header fields is still out of place.
    let mut misplaced = vec![h("cookie", "a=1")];
    misplaced.extend(fields::request("GET", "/"));
    assert_request_refused(&mut peer, 3, misplaced, true);
}

/// SPEC HDR-20: an empty name.
#[test]
fn hdr_20_empty_name_refused() {
    assert_request_refused(&mut server(), 1, request_plus(&[("", "v")]), true);
}

/// SPEC HDR-21: an uppercase name.
#[test]
fn hdr_21_uppercase_name_refused() {
    assert_request_refused(&mut server(), 1, request_plus(&[("X-Upper", "v")]), true);
}

/// SPEC HDR-22: surrounding whitespace in a value; an empty value is fine.
#[test]
fn hdr_22_surrounding_whitespace_refused_empty_value_accepted() {
    let mut peer = server();
    assert_request_refused(&mut peer, 1, request_plus(&[("x", " v")]), true);
    assert_request_refused(&mut peer, 3, request_plus(&[("x", "v\t")]), true);
    let events = peer
        .headers(5, request_plus(&[("x", "")]))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == id(5)));
}

/// SPEC HDR-23: `te` other than `trailers` (compared case-insensitively).
#[test]
fn hdr_23_te_other_than_trailers_refused() {
    let mut peer = server();
    assert_request_refused(&mut peer, 1, request_plus(&[("te", "gzip")]), true);
    let events = peer
        .headers(3, request_plus(&[("te", "Trailers")]))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(_)));
}

/// SPEC HDR-24: every connection-specific field.
#[test]
fn hdr_24_connection_specific_fields_refused() {
    let mut peer = server();
    for (i, name) in [
        "connection",
        "proxy-connection",
        "keep-alive",
        "transfer-encoding",
        "upgrade",
    ]
    .into_iter()
    .enumerate()
    {
        let n = 1 + 2 * i as u32;
        assert_request_refused(&mut peer, n, request_plus(&[(name, "x")]), true);
    }
}

/// SPEC HDR-25: a duplicate pseudo-header, one after a regular field, an
/// unknown one.
#[test]
fn hdr_25_pseudo_header_placement() {
    let mut peer = server();
    assert_request_refused(&mut peer, 1, request_plus(&[(":path", "/again")]), true);
    let mut late = vec![h("x", "1")];
    late.extend(fields::request("GET", "/"));
    assert_request_refused(&mut peer, 3, late, true);
    let mut unknown = fields::request("GET", "/");
    unknown.insert(0, h(":foo", "bar"));
    assert_request_refused(&mut peer, 5, unknown, true);
}

/// SPEC HDR-26: request, response and trailer pseudo-header rules.
#[test]
fn hdr_26_pseudo_headers_per_block_kind() {
    let mut peer = server();
    let without = |name: &str| -> Vec<HeaderField> {
        fields::request("GET", "/")
            .into_iter()
            .filter(|f| f.name != name)
            .collect()
    };
    assert_request_refused(&mut peer, 1, without(":method"), true);
    assert_request_refused(&mut peer, 3, without(":scheme"), true);
    assert_request_refused(&mut peer, 5, without(":path"), true);
    let mut status = fields::request("GET", "/");
    status.insert(0, h(":status", "200"));
    assert_request_refused(&mut peer, 7, status, true);
    let mut protocol = fields::request("GET", "/");
    protocol.insert(0, h(":protocol", "websocket"));
    assert_request_refused(&mut peer, 9, protocol, true);
    // Trailers carry no pseudo-header field.
    peer.headers(11, fields::request("POST", "/"))
        .send()
        .unwrap();
    let events = peer
        .headers(11, fields::list(&[(":path", "/")]))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(11)]);

    // A response needs :status and carries no request pseudo-header.
    let mut peer = client_with(&[1, 3], &fields::request("GET", "/"), true);
    let events = peer
        .headers(1, fields::list(&[("x", "1")]))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(1)]);
    let mut response = fields::response(200);
    response.push(h(":path", "/"));
    let events = peer.headers(3, response).end_stream().send().unwrap();
    assert_eq!(events, [reset_by_us(3)]);
}

/// SPEC HDR-27: `:authority` or `host` for http(s), equal when both are
/// present, one `host` only.
#[test]
fn hdr_27_authority_and_host() {
    let mut peer = server();
    let no_authority: Vec<_> = fields::request("GET", "/")
        .into_iter()
        .filter(|f| f.name != ":authority")
        .collect();
    assert_request_refused(&mut peer, 1, no_authority.clone(), true);
    assert_request_refused(
        &mut peer,
        3,
        request_plus(&[("host", "other.example")]),
        true,
    );
    let mut two_hosts = no_authority.clone();
    two_hosts.extend([h("host", "example.com"), h("host", "example.com")]);
    assert_request_refused(&mut peer, 5, two_hosts, true);
    // Host alone is enough, and the same origin in both is accepted.
    let mut host_only = no_authority;
    host_only.push(h("host", "example.com"));
    let events = peer.headers(7, host_only).end_stream().send().unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == id(7)));
    let events = peer
        .headers(9, request_plus(&[("host", "EXAMPLE.com:443")]))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(r) if r.stream_id == id(9)));
}

/// SPEC HDR-28: an empty `:path`.
#[test]
fn hdr_28_empty_path_refused() {
    let mut peer = server();
    assert_request_refused(&mut peer, 1, fields::request("GET", ""), true);
}

/// SPEC HDR-29 (fixed): illegal characters, a `:path` that is not a path,
/// a `:status` that is not three digits.
#[test]
fn hdr_29_characters_path_and_status_checked() {
    let mut peer = server();
    for (n, value) in [(1, &b"a\0b"[..]), (3, b"a\r\nb"), (5, b"a\x7fb")] {
        let mut block = fields::request("GET", "/");
        block.push(HeaderField::new("x", value.to_vec()));
        assert_request_refused(&mut peer, n, block, true);
    }
    assert_request_refused(&mut peer, 7, fields::request("GET", "index.html"), true);
    assert_request_refused(&mut peer, 9, fields::request("GET", "*"), true);
    let events = peer
        .headers(11, fields::request("OPTIONS", "*"))
        .end_stream()
        .send()
        .unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(_)));

    let mut peer = client_with(&[1], &fields::request("GET", "/"), true);
    let events = peer
        .headers(1, fields::list(&[(":status", "20")]))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(1)]);
}

// ----- §6.4 / §6.5 outbound normalisation and validation -----------------

/// The fields of the one HEADERS frame the connection queued.
fn sent_block(peer: &mut RawPeer) -> Vec<HeaderField> {
    let frames = peer.read_frames();
    let [Frame::Headers(Headers { fragment, .. })] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    peer.decode_block(fragment)
}

/// SPEC HDR-40, HDR-41, HDR-42, HDR-43 (and HDR-90: never-indexed
/// literals): outbound names lowercased, whitespace stripped,
/// connection-specific fields dropped, credentials and short cookies sent
/// never-indexed.
#[test]
fn hdr_40_to_43_outbound_normalisation() {
    let mut peer = RawPeer::connected(Config::client());
    let block = request_plus(&[
        ("X-Custom", " v "),
        ("connection", "close"),
        ("authorization", "secret"),
        ("cookie", "short=1"),
        ("cookie", "a-cookie-longer-than-twenty=1"),
    ]);
    peer.conn.send_headers(id(1), block, true).unwrap();
    let mut expected = request_plus(&[("x-custom", "v")]);
    expected.push(HeaderField::sensitive("authorization", "secret"));
    expected.push(HeaderField::sensitive("cookie", "short=1"));
    expected.push(h("cookie", "a-cookie-longer-than-twenty=1"));
    assert_eq!(sent_block(&mut peer), expected);
}

/// SPEC HDR-44: a field the caller marked sensitive stays never-indexed;
/// a plain one stays plain.
#[test]
fn hdr_44_sensitive_mark_is_kept() {
    let mut peer = RawPeer::connected(Config::client());
    let mut block = fields::request("GET", "/");
    block.push(HeaderField::sensitive("x-token", "abc"));
    block.push(h("x-plain", "abc"));
    peer.conn.send_headers(id(1), block.clone(), true).unwrap();
    assert_eq!(sent_block(&mut peer), block);
}

/// SPEC RH-44: fields received as never-indexed literals keep the mark in
/// the event (`HeaderField::sensitive`), so an intermediary forwarding them
/// keeps the indexing intent (RFC 7541 §7.1.3); plain ones stay plain.
#[test]
fn rh_44_received_never_indexed_fields_stay_sensitive_in_events() {
    let mut peer = server();
    let mut block = fields::request("GET", "/");
    block.push(HeaderField::sensitive("x-token", "abc"));
    block.push(h("x-plain", "abc"));
    let events = peer.headers(1, block.clone()).send().unwrap();
    let [Event::RequestReceived(request)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(request.headers, block);
    let marks: Vec<bool> = request.headers.iter().map(|f| f.sensitive).collect();
    assert_eq!(marks, [false, false, false, false, true, false]);
}

/// SPEC HDR-50, HDR-51 (Q-22 fixed): outbound validation applies the
/// inbound rules, with normalisation on or off; nothing is queued.
#[test]
fn hdr_50_hdr_51_outbound_validation() {
    let mut config = Config::client();
    config.normalize_outbound_headers = false;
    let mut peer = RawPeer::connected(config);
    let cases: [(Vec<HeaderField>, HeaderError); 5] = [
        (
            request_plus(&[("X-Upper", "v")]),
            HeaderError::UppercaseName {
                name: "X-Upper".into(),
            },
        ),
        (
            request_plus(&[("connection", "close")]),
            HeaderError::ConnectionSpecificField {
                name: "connection".into(),
            },
        ),
        (request_plus(&[("te", "gzip")]), HeaderError::InvalidTe),
        (
            request_plus(&[("host", "other.example")]),
            HeaderError::AuthorityHostMismatch,
        ),
        (fields::request("GET", ""), HeaderError::EmptyPath),
    ];
    for (block, error) in cases {
        assert_eq!(
            peer.conn.send_headers(id(1), block, true),
            Err(Error::Header(error))
        );
    }
    assert!(matches!(
        peer.conn
            .send_headers(id(1), request_plus(&[("x", " v")]), true),
        Err(Error::Header(HeaderError::SurroundingWhitespace { .. }))
    ));
    assert!(peer.read_frames().is_empty());
    // A server's response needs :status; trailers carry no pseudo-header.
    let mut peer = server();
    peer.headers(1, fields::request("POST", "/"))
        .send()
        .unwrap();
    assert_eq!(
        peer.conn
            .send_headers(id(1), fields::list(&[("x", "1")]), false),
        Err(Error::Header(HeaderError::MissingPseudoHeader(":status")))
    );
    peer.conn
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    assert_eq!(
        peer.conn.send_headers(id(1), fields::response(200), true),
        Err(Error::Header(HeaderError::PseudoHeaderInTrailers {
            name: ":status".into()
        }))
    );
}

/// SPEC HDR-52: a block is informational when its leading pseudo-header
/// run has a `:status` starting with `1`, judged before normalisation.
#[test]
fn hdr_52_informational_detection_on_the_raw_fields() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    let _ = peer.read_frames();
    // Plain (name, value) pairs are a header list; names and values are
    // bytes, never decoded (SPEC RH-17: no dicts, no header_encoding).
    peer.conn
        .send_headers(id(1), [(":status", "100"), ("X-Hint", "1")], false)
        .unwrap();
    assert_eq!(
        sent_block(&mut peer),
        [h(":status", "100"), h("x-hint", "1")]
    );
    // Still before the final response: a 200 may follow, then DATA.
    peer.conn
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    peer.conn.send_data(id(1), b"ok", true, None).unwrap();
}

// ----- §6.6 content-length, HEAD, bodies ---------------------------------

/// SPEC HDR-60 (Q-19 fixed): content-length is `1*DIGIT`, duplicates must
/// agree, and it is checked even with inbound validation off.
#[test]
fn hdr_60_content_length_syntax() {
    let mut peer = server();
    for (n, value) in [(1, "-1"), (3, "1_0"), (5, "0x5"), (7, "")] {
        assert_request_refused(
            &mut peer,
            n,
            request_plus(&[("content-length", value)]),
            false,
        );
    }
    assert_request_refused(
        &mut peer,
        9,
        request_plus(&[("content-length", "5"), ("content-length", "6")]),
        false,
    );
    let events = peer
        .headers(
            11,
            request_plus(&[("content-length", "2"), ("content-length", "2")]),
        )
        .send()
        .unwrap();
    assert!(matches!(&events[0], Event::RequestReceived(_)));
    let events = peer
        .send_frame(Data::new(id(11), &b"ab"[..]).with_end_stream())
        .unwrap();
    assert_eq!(events, [data(11, b"ab", true), ended(11)]);

    let mut config = Config::server();
    config.validate_inbound_headers = false;
    let mut peer = RawPeer::connected(config);
    assert_request_refused(
        &mut peer,
        1,
        request_plus(&[("content-length", "x")]),
        false,
    );
}

/// SPEC HDR-61 (Q-13 fixed): DATA past the content-length resets the stream
/// at once, and END_STREAM short of it too.
#[test]
fn hdr_61_data_checked_against_content_length() {
    let mut peer = server();
    peer.headers(1, request_plus(&[("content-length", "3")]))
        .send()
        .unwrap();
    let events = peer.send_frame(Data::new(id(1), &b"ab"[..])).unwrap();
    assert_eq!(events, [data(1, b"ab", false)]);
    let events = peer.send_frame(Data::new(id(1), &b"cd"[..])).unwrap();
    assert_eq!(events, [reset_by_us(1)]);
    assert_eq!(peer.read_frames(), [rst(1, ErrorCode::PROTOCOL_ERROR)]);

    peer.headers(3, request_plus(&[("content-length", "3")]))
        .send()
        .unwrap();
    let events = peer
        .send_frame(Data::new(id(3), &b"ab"[..]).with_end_stream())
        .unwrap();
    assert_eq!(events, [reset_by_us(3)]);
    assert_eq!(peer.conn.state(), ConnectionState::Open);
}

/// SPEC HDR-62 (Q-19 fixed): END_STREAM on HEADERS or trailers also ends
/// the content, which must then match; 204 and 304 responses carry none,
/// whatever their content-length says.
#[test]
fn hdr_62_end_stream_on_headers_and_trailers_checks_the_length() {
    let mut peer = server();
    assert_request_refused(&mut peer, 1, request_plus(&[("content-length", "5")]), true);
    peer.headers(3, request_plus(&[("content-length", "5")]))
        .send()
        .unwrap();
    peer.send_frame(Data::new(id(3), &b"ab"[..])).unwrap();
    let _ = peer.read_frames();
    let events = peer
        .headers(3, fields::list(&[("x-trailer", "1")]))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(3)]);

    let mut peer = client_with(&[1, 3, 5], &fields::request("GET", "/"), true);
    let events = peer
        .headers(1, fields::response_with_length(200, 5))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(1)]);
    // A 304 announcing the length of the resource, then an empty DATA
    // frame ending the stream: fine (Python h2 failed it).
    peer.headers(3, fields::response_with_length(304, 1000))
        .send()
        .unwrap();
    let events = peer
        .send_frame(Data::new(id(3), &b""[..]).with_end_stream())
        .unwrap();
    assert_eq!(events, [data(3, b"", true), ended(3)]);
    // A 204 with content.
    peer.headers(5, fields::response(204)).send().unwrap();
    let events = peer.send_frame(Data::new(id(5), &b"x"[..])).unwrap();
    assert_eq!(events, [reset_by_us(5)]);
}

/// SPEC HDR-63: a response to HEAD has no content, whatever its
/// content-length; both when received and when sent.
#[test]
fn hdr_63_head_response_has_no_content() {
    let mut peer = client_with(&[1], &fields::request("HEAD", "/"), true);
    let events = peer
        .headers(1, fields::response_with_length(200, 1000))
        .send()
        .unwrap();
    assert!(matches!(&events[..], [Event::ResponseReceived(_)]));
    let events = peer.send_frame(Data::new(id(1), &b"x"[..])).unwrap();
    assert_eq!(events, [reset_by_us(1)]);

    let mut peer = server();
    peer.headers(1, fields::request("HEAD", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn
        .send_headers(id(1), fields::response_with_length(200, 1000), false)
        .unwrap();
    let _ = peer.read_frames();
    assert_eq!(
        peer.conn.send_data(id(1), b"x", true, None),
        Err(Error::Usage(UsageError::ContentLengthMismatch {
            stream_id: id(1),
            content_length: 0,
            sent: 1
        }))
    );
    assert!(peer.read_frames().is_empty());
    peer.conn.end_stream(id(1)).unwrap();
}

/// The sending side of HDR-60..HDR-62: DATA within and ending at the
/// content-length we announced, after the headers; refused otherwise,
/// with nothing queued.
#[test]
fn outbound_content_must_match_the_content_length() {
    let mut peer = RawPeer::connected(Config::client());
    let post = fields::request_with_length("POST", "/", 3);
    peer.conn.send_headers(id(1), post.clone(), false).unwrap();
    let mismatch = |sent| {
        Err(Error::Usage(UsageError::ContentLengthMismatch {
            stream_id: id(1),
            content_length: 3,
            sent,
        }))
    };
    assert_eq!(
        peer.conn.send_data(id(1), b"abcd", false, None),
        mismatch(4)
    );
    assert_eq!(peer.conn.send_data(id(1), b"ab", true, None), mismatch(2));
    peer.conn.send_data(id(1), b"ab", false, None).unwrap();
    assert_eq!(peer.conn.end_stream(id(1)), mismatch(2));
    assert_eq!(
        peer.conn
            .send_headers(id(1), fields::list(&[("x-trailer", "1")]), true),
        mismatch(2)
    );
    let _ = peer.read_frames();
    assert_eq!(peer.conn.send_data(id(1), b"cd", false, None), mismatch(4));
    assert!(peer.read_frames().is_empty());
    peer.conn.send_data(id(1), b"c", true, None).unwrap();

    // A request that ends with its headers announces no content.
    assert_eq!(
        peer.conn.send_headers(id(3), post, true),
        Err(Error::Usage(UsageError::ContentLengthMismatch {
            stream_id: id(3),
            content_length: 3,
            sent: 0
        }))
    );
    assert_eq!(peer.conn.get_next_available_stream_id(), Ok(id(3)));
}

/// RFC 9113 §8.1: no DATA (nor END_STREAM) before the final response
/// headers; with outbound validation off the caller may.
#[test]
fn outbound_data_needs_the_headers_first() {
    let mut peer = server();
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    let _ = peer.read_frames();
    let refused = Err(Error::Usage(UsageError::DataBeforeHeaders {
        stream_id: id(1),
    }));
    assert_eq!(peer.conn.send_data(id(1), b"x", false, None), refused);
    assert_eq!(peer.conn.end_stream(id(1)), refused);
    peer.conn
        .send_headers(id(1), fields::response(100), false)
        .unwrap();
    assert_eq!(peer.conn.send_data(id(1), b"x", false, None), refused);
    let _ = peer.read_frames();
    assert_eq!(peer.conn.send_data(id(1), b"x", false, None), refused);
    assert!(peer.read_frames().is_empty());

    let mut config = Config::server();
    config.validate_outbound_headers = false;
    let mut peer = RawPeer::connected(config);
    peer.headers(1, fields::request("GET", "/"))
        .end_stream()
        .send()
        .unwrap();
    peer.conn.send_data(id(1), b"x", true, None).unwrap();
}

// ----- §6.7 informational responses --------------------------------------

/// SPEC HDR-70: a server sends any number of 1xx before the final
/// response, never with END_STREAM, never after it (RH-50). The request
/// ended, so the server sends them in half-closed (remote) (RH-48) and the
/// client receives them in half-closed (local) (RH-49).
#[test]
fn hdr_70_sending_informational_responses() {
    let mut pair = Pair::new();
    pair.client
        .send_headers(id(1), fields::request("GET", "/"), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.server.send_headers(id(1), fields::response(103), true),
        Err(Error::Usage(UsageError::InvalidInformationalResponse))
    );
    for status in [100, 103, 103] {
        pair.server
            .send_headers(id(1), fields::response(status), false)
            .unwrap();
    }
    pair.server
        .send_headers(id(1), fields::response(200), false)
        .unwrap();
    assert_eq!(
        pair.server
            .send_headers(id(1), fields::response(103), false),
        Err(Error::Usage(UsageError::InvalidInformationalResponse))
    );
    pair.server.end_stream(id(1)).unwrap();
    pair.drive();
    let kinds: Vec<_> = pair
        .take_client_events()
        .into_iter()
        .map(|e| match e {
            Event::InformationalResponseReceived(i) => i.headers[0].value.clone(),
            Event::ResponseReceived(r) => r.headers[0].value.clone(),
            Event::DataReceived(_) => "data".into(),
            Event::StreamEnded(_) => "end".into(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["100", "103", "103", "200", "data", "end"]);
}

/// SPEC HDR-71, RH-50 (as stream errors): a client resets the stream on a 1xx
/// after the final response, a 1xx with END_STREAM, or DATA after only 1xx.
#[test]
fn hdr_71_receiving_informational_responses() {
    let mut peer = client_with(&[1, 3, 5], &fields::request("GET", "/"), true);
    peer.headers(1, fields::response(200)).send().unwrap();
    let events = peer
        .headers(1, fields::response(100))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(1)]);
    let events = peer
        .headers(3, fields::response(103))
        .end_stream()
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(3)]);
    peer.headers(5, fields::response(103)).send().unwrap();
    let events = peer
        .send_frame(Data::new(id(5), &b"x"[..]).with_end_stream())
        .unwrap();
    assert_eq!(events, [reset_by_us(5)]);
}

// ----- §6.8 trailers ------------------------------------------------------

/// SPEC HDR-80: one trailer section per side, with END_STREAM and no
/// pseudo-header field, both ways.
#[test]
fn hdr_80_trailers() {
    let mut peer = RawPeer::connected(Config::client());
    peer.conn
        .send_headers(id(1), fields::request("POST", "/"), false)
        .unwrap();
    assert_eq!(
        peer.conn
            .send_headers(id(1), fields::list(&[("x-trailer", "1")]), false),
        Err(Error::Usage(UsageError::TrailersWithoutEndStream))
    );
    peer.conn
        .send_headers(id(1), fields::list(&[("x-trailer", "1")]), true)
        .unwrap();
    assert!(matches!(
        peer.conn
            .send_headers(id(1), fields::list(&[("x-trailer", "2")]), true),
        Err(Error::Usage(UsageError::NotAllowedInState { .. }))
    ));
    let _ = peer.read_frames();
    // Received: a second block after the trailers is a frame after
    // END_STREAM (STREAM_CLOSED); trailers without END_STREAM are malformed.
    peer.headers(1, fields::response(200)).send().unwrap();
    let events = peer
        .headers(1, fields::list(&[("grpc-status", "0")]))
        .send()
        .unwrap();
    assert_eq!(events, [reset_by_us(1)]);
}

// ----- §6.9 HPACK interplay -----------------------------------------------

/// SPEC HDR-91: a block that does not decompress ends the connection with
/// COMPRESSION_ERROR (SPEC Q-11 fixed); a header list over our limit only
/// refuses its stream.
#[test]
fn hdr_91_decoder_failures() {
    let mut peer = server();
    let err = peer
        .send_frame(Headers {
            stream_id: id(1),
            fragment: vec![0xff, 0xff, 0xff, 0xff, 0x7f].into(),
            end_stream: true,
            end_headers: true,
            priority: None,
            padding: None,
        })
        .unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::COMPRESSION_ERROR));
    assert_eq!(
        peer.expect_goaway().error_code,
        ErrorCode::COMPRESSION_ERROR
    );
}

/// SPEC HDR-92: a block is decoded even when its stream is refused, so the
/// dynamic table stays in step: the next block's indexed references still
/// resolve.
#[test]
fn hdr_92_refused_blocks_still_update_hpack() {
    let mut peer = server();
    // The peer's encoder indexes x-session; the request is malformed.
    assert_request_refused(
        &mut peer,
        1,
        request_plus(&[("x-session", "0123456789"), ("te", "gzip")]),
        true,
    );
    let good = request_plus(&[("x-session", "0123456789")]);
    let events = peer.headers(3, good.clone()).end_stream().send().unwrap();
    assert_eq!(
        events[0],
        Event::RequestReceived(RequestReceived {
            stream_id: id(3),
            headers: good,
            stream_ended: Some(StreamEnded { stream_id: id(3) }),
            priority_updated: None,
            priority: None,
        })
    );
}

// ----- exchanges between two connections ---------------------------------

/// A gRPC-style call: a request with a body and trailers, a response with
/// a body and trailers (`grpc-status`), both directions in one stream.
#[test]
fn grpc_style_call_with_trailers_both_ways() {
    let mut pair = Pair::new();
    let request = vec![
        h(":method", "POST"),
        h(":scheme", "http"),
        h(":authority", "grpc.example"),
        h(":path", "/echo.Echo/Say"),
        h("te", "trailers"),
        h("content-type", "application/grpc"),
    ];
    pair.client
        .send_headers(id(1), request.clone(), false)
        .unwrap();
    pair.client
        .send_data(id(1), b"\0\0\0\0\x02hi", false, None)
        .unwrap();
    pair.client
        .send_headers(id(1), [("x-request-checksum", "1")], true)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_server_events(),
        [
            Event::RequestReceived(RequestReceived {
                stream_id: id(1),
                headers: request,
                stream_ended: None,
                priority_updated: None,
                priority: None,
            }),
            data(1, b"\0\0\0\0\x02hi", false),
            Event::TrailersReceived(TrailersReceived {
                stream_id: id(1),
                headers: fields::list(&[("x-request-checksum", "1")]),
                stream_ended: Some(StreamEnded { stream_id: id(1) }),
                priority_updated: None,
            }),
            ended(1),
        ]
    );
    pair.server
        .send_headers(
            id(1),
            [(":status", "200"), ("content-type", "application/grpc")],
            false,
        )
        .unwrap();
    pair.server
        .send_data(id(1), b"\0\0\0\0\x02hi", false, None)
        .unwrap();
    let trailers = fields::list(&[("grpc-status", "0"), ("grpc-message", "")]);
    pair.server
        .send_headers(id(1), trailers.clone(), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_client_events(),
        [
            Event::ResponseReceived(ResponseReceived {
                stream_id: id(1),
                headers: fields::list(&[(":status", "200"), ("content-type", "application/grpc")]),
                stream_ended: None,
                priority_updated: None,
            }),
            data(1, b"\0\0\0\0\x02hi", false),
            Event::TrailersReceived(TrailersReceived {
                stream_id: id(1),
                headers: trailers,
                stream_ended: Some(StreamEnded { stream_id: id(1) }),
                priority_updated: None,
            }),
            ended(1),
        ]
    );
    assert!(pair.client.stream_state(id(1)).is_closed());
    assert!(pair.server.stream_state(id(1)).is_closed());
}

/// `expect: 100-continue`: the client waits for the 100 before its body,
/// then the final response arrives.
#[test]
fn expect_100_continue_then_the_final_response() {
    let mut pair = Pair::new();
    let mut request = fields::request_with_length("PUT", "/upload", 4);
    request.push(h("expect", "100-continue"));
    pair.client
        .send_headers(id(1), request.clone(), false)
        .unwrap();
    pair.drive();
    assert!(
        matches!(&pair.take_server_events()[..], [Event::RequestReceived(r)] if r.headers == request)
    );
    pair.server
        .send_headers(id(1), fields::response(100), false)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_client_events(),
        [Event::InformationalResponseReceived(
            InformationalResponseReceived {
                stream_id: id(1),
                headers: fields::response(100),
                priority_updated: None,
            }
        )]
    );
    pair.client.send_data(id(1), b"body", true, None).unwrap();
    pair.drive();
    assert_eq!(
        pair.take_server_events(),
        [data(1, b"body", true), ended(1)]
    );
    pair.server
        .send_headers(id(1), fields::response(201), true)
        .unwrap();
    pair.drive();
    assert_eq!(
        pair.take_client_events(),
        [
            Event::ResponseReceived(ResponseReceived {
                stream_id: id(1),
                headers: fields::response(201),
                stream_ended: Some(StreamEnded { stream_id: id(1) }),
                priority_updated: None,
            }),
            ended(1),
        ]
    );
}
