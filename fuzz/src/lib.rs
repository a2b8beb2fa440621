//! Bodies of the fuzz targets, one function per target.
//!
//! Each `fuzz_targets/<name>.rs` is a one-line call into this library (as in
//! rustls), so the same bodies can be replayed on stable over the checked-in
//! corpora by `tests/replay.rs`. Every body checks an oracle, not only "no
//! panic".
#![forbid(unsafe_code)]

/// `frame_decode`: arbitrary bytes into the streaming decoder.
///
/// The first octet picks the set-up: bit 0 expects the client preface, bit 1
/// raises the maximum frame size to 2^24-1, the other six bits the chunk
/// size (1..=64) in which the rest is fed. Oracles: no panic; every frame
/// re-encodes to as many octets as it was decoded from, and re-parses to
/// itself; decoding stops only at a connection error.
pub fn frame_decode(data: &[u8]) {
    use bytes::BytesMut;
    use h2_frame::{FrameDecoder, FrameHeader, Side};

    let Some((&setup, input)) = data.split_first() else {
        return;
    };
    let side = if setup & 1 == 1 {
        Side::Server
    } else {
        Side::Client
    };
    let mut decoder = FrameDecoder::for_side(side);
    if setup & 2 == 2 {
        decoder.set_max_frame_size(FrameHeader::MAX_LENGTH);
    }
    let chunk = usize::from(setup >> 2) + 1;
    let mut buf = BytesMut::new();
    for piece in input.chunks(chunk) {
        buf.extend_from_slice(piece);
        loop {
            let before = buf.len();
            let awaiting_preface = decoder.is_awaiting_preface();
            match decoder.decode(&mut buf) {
                Ok(Some(frame)) => {
                    if !awaiting_preface {
                        assert_eq!(frame.encoded_len(), before - buf.len());
                    }
                    frame_decode_round_trip(&frame);
                }
                Ok(None) => break,
                Err(err) if err.is_connection_error() => return,
                Err(_) => assert!(buf.len() < before, "a stream error consumes its frame"),
            }
        }
    }
}

/// `frame_decode`'s oracle: encode, decode again, compare.
fn frame_decode_round_trip(frame: &h2_frame::Frame) {
    use bytes::BytesMut;
    use h2_frame::{FrameDecoder, FrameHeader};

    let mut wire = BytesMut::new();
    frame.encode(&mut wire);
    assert_eq!(wire.len(), frame.encoded_len());
    let mut decoder = FrameDecoder::new();
    decoder.set_max_frame_size(FrameHeader::MAX_LENGTH);
    let again = decoder
        .decode(&mut wire)
        .expect("a decoded frame re-parses");
    assert_eq!(again.as_ref(), Some(frame));
    assert!(wire.is_empty());
}
