//! Seeds for `server_receive` and `client_receive` that reach the HTTP
//! semantics: requests of every kind (CONNECT, extended CONNECT, HEAD),
//! content-length, trailers, 1xx, 204/304, cookies, the `priority` field,
//! PRIORITY_UPDATE, PUSH_PROMISE, ALTSVC, ORIGIN, and malformed blocks.
//!
//! `H2_WRITE_SEEDS=1 cargo test --test seeds` writes them as
//! `corpus/<target>/seed-<name>`; without it the test checks that each
//! checked-in seed is up to date, and runs it through its target.

use std::path::Path;

use bytes::{Bytes, BytesMut};
use h2_frame::{
    AltSvc, Data, Frame, Headers, Origin, PrioritySpec, PriorityUpdate, PushPromise, Settings,
    StreamId,
};
use h2_hpack::{Encoder, HeaderField};

/// Frames from one peer, with its own HPACK context.
struct Script {
    encoder: Encoder,
    wire: Vec<u8>,
}

impl Script {
    /// The script of a fuzz input: the chunk-size octet first.
    fn new(chunk: u8) -> Self {
        Self {
            encoder: Encoder::new(),
            wire: vec![chunk],
        }
    }

    fn frame(mut self, frame: impl Into<Frame>) -> Self {
        frame.into().encode(&mut self.wire);
        self
    }

    fn block(&mut self, fields: &[(&str, &str)]) -> Bytes {
        let fields: Vec<HeaderField> = fields
            .iter()
            .map(|&(n, v)| HeaderField::new(n.as_bytes().to_vec(), v.as_bytes().to_vec()))
            .collect();
        let mut block = BytesMut::new();
        self.encoder.encode(&fields, &mut block);
        block.freeze()
    }

    fn headers(mut self, id: u32, fields: &[(&str, &str)], end_stream: bool) -> Self {
        let fragment = self.block(fields);
        self.frame(Headers {
            stream_id: StreamId::new(id),
            fragment,
            end_stream,
            end_headers: true,
            priority: None,
            padding: None,
        })
    }

    fn headers_with_priority(mut self, id: u32, fields: &[(&str, &str)], depends_on: u32) -> Self {
        let fragment = self.block(fields);
        self.frame(Headers {
            stream_id: StreamId::new(id),
            fragment,
            end_stream: true,
            end_headers: true,
            priority: Some(PrioritySpec::new(StreamId::new(depends_on), false, 15)),
            padding: None,
        })
    }

    fn promise(mut self, id: u32, promised: u32, fields: &[(&str, &str)]) -> Self {
        let fragment = self.block(fields);
        self.frame(PushPromise {
            stream_id: StreamId::new(id),
            promised_id: StreamId::new(promised),
            fragment,
            end_headers: true,
            padding: None,
        })
    }

    fn data(self, id: u32, payload: &'static [u8], end_stream: bool) -> Self {
        let frame = Data::new(StreamId::new(id), payload);
        self.frame(if end_stream {
            frame.with_end_stream()
        } else {
            frame
        })
    }

    fn settings(self) -> Self {
        self.frame(Settings::new(Vec::new())).frame(Settings::ack())
    }
}

const GET: &[(&str, &str)] = &[
    (":method", "GET"),
    (":scheme", "https"),
    (":authority", "example.com"),
    (":path", "/"),
];

fn request(
    method: &'static str,
    extra: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        (":method", method),
        (":scheme", "https"),
        (":authority", "example.com"),
        (":path", "/"),
    ];
    fields.extend_from_slice(extra);
    fields
}

/// Inputs for `server_receive` (after the preface, which it adds).
fn server_seeds() -> Seeds {
    let post = request(
        "POST",
        &[
            ("content-length", "5"),
            ("priority", "u=1, i"),
            ("te", "trailers"),
        ],
    );
    vec![
        (
            "post-trailers",
            Script::new(255)
                .settings()
                .headers(1, &post, false)
                .data(1, b"hello", false)
                .headers(1, &[("x-checksum", "1")], true)
                .wire,
        ),
        (
            "content-length-mismatch",
            Script::new(7)
                .settings()
                .headers(1, &post, false)
                .data(1, b"hel", true)
                .headers(3, &post, true)
                .headers(
                    5,
                    &request("PUT", &[("content-length", "1"), ("content-length", "2")]),
                    false,
                )
                .headers(7, &post, false)
                .data(7, b"hello!", false)
                .wire,
        ),
        (
            "connect",
            Script::new(255)
                .settings()
                .headers(
                    1,
                    &[(":method", "CONNECT"), (":authority", "proxy.example:443")],
                    false,
                )
                .data(1, b"tunnel", false)
                .headers(
                    3,
                    &[
                        (":method", "CONNECT"),
                        (":protocol", "websocket"),
                        (":scheme", "https"),
                        (":authority", "example.com"),
                        (":path", "/chat"),
                    ],
                    false,
                )
                .headers(
                    5,
                    &[
                        (":method", "CONNECT"),
                        (":authority", "a:1"),
                        (":path", "/"),
                    ],
                    true,
                )
                .wire,
        ),
        (
            "priority-update",
            Script::new(31)
                .settings()
                .frame(PriorityUpdate::new(StreamId::new(3), "u=0"))
                .headers(1, &request("GET", &[("priority", "u=5")]), true)
                .frame(PriorityUpdate::new(StreamId::new(1), "u=2, i"))
                .headers(3, GET, true)
                .headers_with_priority(5, GET, 1)
                .frame(PriorityUpdate::new(StreamId::new(2), "u=1"))
                .wire,
        ),
        (
            "malformed-requests",
            Script::new(255)
                .settings()
                .headers(1, &request("GET", &[("X-Upper", "v")]), true)
                .headers(3, &request("GET", &[("connection", "close")]), true)
                .headers(
                    5,
                    &request(
                        "GET",
                        &[
                            ("cookie", "a=1"),
                            ("cookie", "b=2"),
                            ("host", "example.com"),
                        ],
                    ),
                    true,
                )
                .headers(
                    7,
                    &[
                        (":method", "HEAD"),
                        (":path", "/"),
                        (":scheme", "https"),
                        ("host", "h"),
                    ],
                    true,
                )
                .headers(9, &[("x", "1"), (":method", "GET")], true)
                .frame(Origin::new(vec![Bytes::from_static(b"https://x.example")]))
                .wire,
        ),
    ]
}

/// Inputs for `client_receive`: its streams 1, 3 and 5 carry GET requests
/// (3 still sending).
fn client_seeds() -> Seeds {
    vec![
        (
            "informational-then-final",
            Script::new(255)
                .settings()
                .headers(1, &[(":status", "100")], false)
                .headers(1, &[(":status", "103"), ("link", "</s.css>")], false)
                .headers(1, &[(":status", "200"), ("content-length", "2")], false)
                .data(1, b"ok", false)
                .headers(1, &[("grpc-status", "0")], true)
                .headers(3, &[(":status", "204")], true)
                .headers(5, &[(":status", "304"), ("content-length", "100")], false)
                .data(5, b"", true)
                .wire,
        ),
        (
            "push-altsvc-origin",
            Script::new(63)
                .settings()
                .promise(
                    1,
                    2,
                    &[
                        (":method", "GET"),
                        (":scheme", "https"),
                        (":authority", "example.com"),
                        (":path", "/s.css"),
                    ],
                )
                .frame(AltSvc::new(StreamId::new(2), "", "h2=\":443\""))
                .frame(AltSvc::new(StreamId::ZERO, "https://example.com", "clear"))
                .frame(Origin::new(vec![Bytes::from_static(
                    b"https://example.com",
                )]))
                .headers(2, &[(":status", "200"), ("content-length", "4")], false)
                .data(2, b"body", true)
                .promise(
                    3,
                    4,
                    &[
                        (":method", "POST"),
                        (":scheme", "https"),
                        (":authority", "example.com"),
                        (":path", "/"),
                    ],
                )
                .headers(1, &[(":status", "200")], true)
                .wire,
        ),
        (
            "malformed-responses",
            Script::new(255)
                .settings()
                .headers(1, &[(":status", "100")], true)
                .headers(3, &[(":status", "20")], true)
                .headers(5, &[(":status", "200"), ("content-length", "1")], true)
                .frame(PriorityUpdate::new(StreamId::new(1), "u=1"))
                .wire,
        ),
    ]
}

/// Named inputs for one target.
type Seeds = Vec<(&'static str, Vec<u8>)>;

/// A target's corpus directory, its body, its seeds.
type Target = (&'static str, fn(&[u8]), Seeds);

#[test]
fn semantic_seeds_are_checked_in_and_replay() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let write = std::env::var_os("H2_WRITE_SEEDS").is_some_and(|v| v == "1");
    let targets: [Target; 2] = [
        ("server_receive", h2_fuzz::server_receive, server_seeds()),
        ("client_receive", h2_fuzz::client_receive, client_seeds()),
    ];
    for (target, body, seeds) in targets {
        for (name, bytes) in seeds {
            let path = root.join(target).join(format!("seed-{name}"));
            if write {
                std::fs::write(&path, &bytes).expect("corpus is writable");
            }
            let stored = std::fs::read(&path).unwrap_or_default();
            assert!(
                stored == bytes,
                "{} is out of date; rewrite it with H2_WRITE_SEEDS=1 cargo test --test seeds",
                path.display()
            );
            body(&bytes);
        }
    }
}
