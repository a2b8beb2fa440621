//! Property tests: parse(serialise(f)) == f for any valid frame, and any
//! chunking of a byte stream of frames yields the same frames as one chunk.
//!
//! Frames come from the crate's `Arbitrary` impls (the fuzzer's generator),
//! fed from proptest's random octets, so these tests also check that those
//! impls only produce valid frames.

use arbitrary::{Arbitrary, Unstructured};
use bytes::BytesMut;
use h2_frame::{Frame, FrameDecoder, FrameHeader};
use proptest::prelude::*;

fn frames_from(seed: &[u8]) -> Vec<Frame> {
    let mut u = Unstructured::new(seed);
    let mut frames = Vec::new();
    while let Ok(frame) = Frame::arbitrary(&mut u) {
        frames.push(frame);
        if u.is_empty() {
            break;
        }
    }
    frames
}

fn encode_all(frames: &[Frame]) -> BytesMut {
    let mut wire = BytesMut::new();
    for frame in frames {
        frame.encode(&mut wire);
    }
    wire
}

/// Feeds `wire` to a fresh decoder in pieces of the given sizes (cycled).
fn decode_in_chunks(wire: &[u8], sizes: &[usize]) -> Vec<Frame> {
    let mut decoder = FrameDecoder::new();
    decoder.set_max_frame_size(FrameHeader::MAX_LENGTH);
    let mut buf = BytesMut::new();
    let mut frames = Vec::new();
    let mut at = 0;
    let mut sizes = sizes.iter().copied().cycle();
    while at < wire.len() {
        let n = sizes.next().unwrap_or(1).max(1).min(wire.len() - at);
        buf.extend_from_slice(&wire[at..at + n]);
        at += n;
        while let Some(frame) = decoder.decode(&mut buf).unwrap() {
            frames.push(frame);
        }
    }
    assert!(buf.is_empty(), "{} octets left over", buf.len());
    frames
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_of_encode_is_identity(seed in proptest::collection::vec(any::<u8>(), 0..512)) {
        for frame in frames_from(&seed) {
            let mut wire = BytesMut::new();
            frame.encode(&mut wire);
            prop_assert_eq!(wire.len(), frame.encoded_len());
            let header = FrameHeader::parse(wire[..9].try_into().unwrap());
            prop_assert_eq!(header, frame.header());
            let payload = wire.split_off(9).freeze();
            prop_assert_eq!(Frame::parse(header, payload), Ok(frame));
        }
    }

    #[test]
    fn chunking_never_changes_the_frames(
        seed in proptest::collection::vec(any::<u8>(), 0..1024),
        sizes in proptest::collection::vec(1usize..64, 1..16),
    ) {
        let frames = frames_from(&seed);
        let wire = encode_all(&frames);
        prop_assert_eq!(&decode_in_chunks(&wire, &[wire.len().max(1)]), &frames);
        prop_assert_eq!(&decode_in_chunks(&wire, &sizes), &frames);
    }
}

/// One octet at a time must work (the smallest chunking).
#[test]
fn one_octet_at_a_time_yields_the_same_frames() {
    let seed: Vec<u8> = (0..2048u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let frames = frames_from(&seed);
    assert!(frames.len() > 5, "seed should make several frames");
    let wire = encode_all(&frames);
    assert_eq!(decode_in_chunks(&wire, &[1]), frames);
}
