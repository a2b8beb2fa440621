//! Block-level tests: one per SPEC item of §6 and §8 (RH-xx) that is a header
//! rule, one per quirk decided in `docs/decisions.md`, and the property that
//! what we prepare to send, a strict peer accepts.

mod inbound;
mod info;
mod outbound;
mod properties;
mod requests;

use bytes::Bytes;
use h2_hpack::HeaderField;

use super::pseudo::Pseudo;
use super::*;

fn f(name: &'static str, value: &'static str) -> HeaderField {
    HeaderField::new(name, value)
}

fn request() -> Vec<HeaderField> {
    vec![
        f(":method", "GET"),
        f(":scheme", "https"),
        f(":authority", "example.com"),
        f(":path", "/"),
        f("accept", "*/*"),
    ]
}

fn response(status: &'static str) -> Vec<HeaderField> {
    vec![f(":status", status), f("content-type", "text/plain")]
}

fn with(mut fields: Vec<HeaderField>, extra: &[(&'static str, &'static str)]) -> Vec<HeaderField> {
    fields.extend(extra.iter().map(|&(n, v)| f(n, v)));
    fields
}

fn without(fields: Vec<HeaderField>, name: &str) -> Vec<HeaderField> {
    fields
        .into_iter()
        .filter(|x| x.name != name.as_bytes())
        .collect()
}

fn inbound(
    fields: Vec<HeaderField>,
    kind: BlockKind,
) -> Result<(Vec<HeaderField>, BlockInfo), HeaderError> {
    check_inbound(fields, kind, &InboundRules::default())
}

fn inbound_err(fields: Vec<HeaderField>, kind: BlockKind) -> HeaderError {
    inbound(fields, kind).expect_err("block should be malformed")
}

fn outbound(
    fields: Vec<HeaderField>,
    kind: BlockKind,
) -> Result<(Vec<HeaderField>, BlockInfo), HeaderError> {
    prepare_outbound(fields, kind, &OutboundRules::default())
}

fn outbound_err(fields: Vec<HeaderField>, kind: BlockKind) -> HeaderError {
    outbound(fields, kind).expect_err("block should be refused")
}

/// Outbound rules with normalisation off, validation on.
fn validate_only() -> OutboundRules {
    OutboundRules {
        normalize: false,
        ..OutboundRules::default()
    }
}

fn name(s: &'static str) -> Bytes {
    Bytes::from_static(s.as_bytes())
}

fn connect() -> Vec<HeaderField> {
    vec![
        f(":method", "CONNECT"),
        f(":authority", "proxy.example:443"),
    ]
}

fn websocket() -> Vec<HeaderField> {
    vec![
        f(":method", "CONNECT"),
        f(":protocol", "websocket"),
        f(":scheme", "https"),
        f(":path", "/chat"),
        f(":authority", "server.example.com"),
        f("sec-websocket-protocol", "chat, superchat"),
        f("sec-websocket-version", "13"),
        f("origin", "http://www.example.com"),
    ]
}

fn with_path(method: &'static str, path: &'static str) -> Vec<HeaderField> {
    vec![
        f(":method", method),
        f(":scheme", "https"),
        f(":authority", "example.com"),
        f(":path", path),
    ]
}
