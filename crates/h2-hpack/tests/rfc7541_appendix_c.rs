//! RFC 7541 Appendix C, byte for byte: every example decoded, and re-encoded
//! by our encoder to the same octets, with the dynamic table sizes the RFC
//! prints after each block.

use bytes::{Bytes, BytesMut};
use h2_hpack::{Decoder, Encoder, HeaderField};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn fields(list: &[(&'static str, &'static str)]) -> Vec<HeaderField> {
    list.iter().map(|&f| HeaderField::from(f)).collect()
}

/// One block of an example: the header list, its wire form and the dynamic
/// table size after it.
struct Step {
    headers: Vec<HeaderField>,
    wire: Vec<u8>,
    table_size: usize,
}

fn step(headers: &[(&'static str, &'static str)], wire: &str, table_size: usize) -> Step {
    Step {
        headers: fields(headers),
        wire: hex(wire),
        table_size,
    }
}

/// Decodes each step with one decoder and encodes it with one encoder,
/// both starting from `initial_table_size`.
fn check_sequence(initial_table_size: usize, huffman: bool, steps: &[Step]) {
    let mut decoder = Decoder::with_initial_table_size(initial_table_size);
    let mut encoder = Encoder::with_initial_table_size(initial_table_size);
    encoder.set_huffman(huffman);
    for (i, step) in steps.iter().enumerate() {
        let mut decoded = Vec::new();
        decoder
            .decode(&Bytes::from(step.wire.clone()), &mut decoded)
            .unwrap_or_else(|e| panic!("block {i}: {e:?}"));
        assert_eq!(decoded, step.headers, "decoded list of block {i}");
        assert_eq!(
            decoder.dynamic_table_size(),
            step.table_size,
            "decoder table after block {i}"
        );

        let mut wire = BytesMut::new();
        encoder.encode(&step.headers, &mut wire);
        assert_eq!(wire[..], step.wire[..], "encoded block {i}");
        assert_eq!(
            encoder.dynamic_table_size(),
            step.table_size,
            "encoder table after block {i}"
        );
    }
}

/// C.2.1: literal with indexing, new name.
#[test]
fn c2_1_literal_with_indexing() {
    check_sequence(
        4096,
        false,
        &[step(
            &[("custom-key", "custom-header")],
            "400a637573746f6d2d6b65790d637573746f6d2d686561646572",
            55,
        )],
    );
}

/// C.2.2: literal without indexing, indexed name (`:path` values are not
/// worth indexing under our strategy, as in the RFC's example).
#[test]
fn c2_2_literal_without_indexing() {
    check_sequence(
        4096,
        false,
        &[step(
            &[(":path", "/sample/path")],
            "040c2f73616d706c652f70617468",
            0,
        )],
    );
}

/// C.2.3: never-indexed literal, for a field marked sensitive.
#[test]
fn c2_3_literal_never_indexed() {
    let wire = hex("100870617373776f726406736563726574");
    let expected = HeaderField::sensitive("password", "secret");

    let mut decoded = Vec::new();
    let mut decoder = Decoder::new();
    decoder
        .decode(&Bytes::from(wire.clone()), &mut decoded)
        .unwrap();
    assert_eq!(decoded, std::slice::from_ref(&expected));
    assert!(decoded[0].sensitive);
    assert_eq!(decoder.dynamic_table_size(), 0);

    let mut encoder = Encoder::new();
    encoder.set_huffman(false);
    let mut out = BytesMut::new();
    encoder.encode([&expected], &mut out);
    assert_eq!(out[..], wire[..]);
    assert_eq!(encoder.dynamic_table_size(), 0);
}

/// C.2.4: indexed field from the static table.
#[test]
fn c2_4_indexed() {
    check_sequence(4096, false, &[step(&[(":method", "GET")], "82", 0)]);
}

fn requests(huffman: bool) -> [Step; 3] {
    let first = [
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/"),
        (":authority", "www.example.com"),
    ];
    let second = [
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/"),
        (":authority", "www.example.com"),
        ("cache-control", "no-cache"),
    ];
    let third = [
        (":method", "GET"),
        (":scheme", "https"),
        (":path", "/index.html"),
        (":authority", "www.example.com"),
        ("custom-key", "custom-value"),
    ];
    if huffman {
        [
            step(&first, "828684418cf1e3c2e5f23a6ba0ab90f4ff", 57),
            step(&second, "828684be5886a8eb10649cbf", 110),
            step(
                &third,
                "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf",
                164,
            ),
        ]
    } else {
        [
            step(&first, "828684410f7777772e6578616d706c652e636f6d", 57),
            step(&second, "828684be58086e6f2d6361636865", 110),
            step(
                &third,
                "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
                164,
            ),
        ]
    }
}

/// C.3: three requests without Huffman coding, one context.
#[test]
fn c3_requests_without_huffman() {
    check_sequence(4096, false, &requests(false));
}

/// C.4: the same requests with Huffman coding.
#[test]
fn c4_requests_with_huffman() {
    check_sequence(4096, true, &requests(true));
}

fn responses(huffman: bool) -> [Step; 3] {
    let first = [
        (":status", "302"),
        ("cache-control", "private"),
        ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("location", "https://www.example.com"),
    ];
    let second = [
        (":status", "307"),
        ("cache-control", "private"),
        ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("location", "https://www.example.com"),
    ];
    let third = [
        (":status", "200"),
        ("cache-control", "private"),
        ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        ("location", "https://www.example.com"),
        ("content-encoding", "gzip"),
        (
            "set-cookie",
            "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        ),
    ];
    if huffman {
        [
            step(
                &first,
                "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
                222,
            ),
            step(&second, "4883640effc1c0bf", 222),
            step(
                &third,
                "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
                215,
            ),
        ]
    } else {
        [
            step(
                &first,
                "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
                222,
            ),
            step(&second, "4803333037c1c0bf", 222),
            step(
                &third,
                "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31",
                215,
            ),
        ]
    }
}

/// C.5: three responses without Huffman coding, table size 256 (evictions).
#[test]
fn c5_responses_without_huffman() {
    check_sequence(256, false, &responses(false));
}

/// C.6: the same responses with Huffman coding.
#[test]
fn c6_responses_with_huffman() {
    check_sequence(256, true, &responses(true));
}

/// In HTTP/2 the table starts at 4096: after SETTINGS_HEADER_TABLE_SIZE =
/// 256 is acknowledged, our encoder signals the new size at the start of its
/// next block (`3fe101`) and the rest is C.5.1 byte for byte; a decoder told
/// of the new limit requires that update and accepts the block.
#[test]
fn c5_in_http2_starts_with_a_size_update() {
    let mut encoder = Encoder::new();
    encoder.set_huffman(false);
    encoder.set_max_table_size(256);
    let steps = responses(false);
    let mut wire = BytesMut::new();
    encoder.encode(&steps[0].headers, &mut wire);
    let mut expected = hex("3fe101");
    expected.extend_from_slice(&steps[0].wire);
    assert_eq!(wire[..], expected[..]);

    let mut decoder = Decoder::new();
    decoder.set_max_table_size(256);
    let mut decoded = Vec::new();
    decoder.decode(&wire.freeze(), &mut decoded).unwrap();
    assert_eq!(decoded, steps[0].headers);
    assert_eq!(decoder.dynamic_table_max_size(), 256);
    assert_eq!(decoder.dynamic_table_size(), 222);
}
