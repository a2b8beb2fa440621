//! The one way encoding can panic (a caller-built frame the wire cannot
//! express, see the crate's "Panics" section), and that it panics before
//! writing anything, so a caught panic leaves no half frame behind.

use std::panic::{catch_unwind, AssertUnwindSafe};

use bytes::Bytes;
use h2_frame::{AltSvc, Data, Frame, FrameHeader, Origin, StreamId};

/// Encodes `frame` into a buffer that already holds one octet; returns
/// whether it panicked and what the buffer held afterwards.
fn encode_caught(frame: &Frame) -> (bool, Vec<u8>) {
    let mut dst = vec![0xaa];
    let panicked = catch_unwind(AssertUnwindSafe(|| frame.encode(&mut dst))).is_err();
    (panicked, dst)
}

#[test]
fn largest_expressible_payload_encodes() {
    let max = FrameHeader::MAX_LENGTH as usize;
    let frame = Frame::Data(Data::new(StreamId::new(1), vec![7u8; max]));
    let (panicked, dst) = encode_caught(&frame);
    assert!(!panicked);
    assert_eq!(dst.len(), 1 + FrameHeader::LEN + max);
    assert_eq!(dst[1..4], [0xff, 0xff, 0xff]);
}

#[test]
fn payload_past_the_24_bit_length_panics_before_writing() {
    let max = FrameHeader::MAX_LENGTH as usize;
    // The padding octets count: 2^24-1 of data plus a pad length field is one too many.
    let padded = Data::new(StreamId::new(1), vec![7u8; max]).with_padding(0);
    let plain = Data::new(StreamId::new(1), vec![7u8; max + 1]);
    for frame in [Frame::Data(padded), Frame::Data(plain)] {
        assert_eq!(encode_caught(&frame), (true, vec![0xaa]));
    }
}

#[test]
fn origin_past_the_16_bit_length_panics_before_writing() {
    let long = Bytes::from(vec![b'a'; usize::from(u16::MAX) + 1]);
    let altsvc = Frame::AltSvc(AltSvc::new(
        StreamId::ZERO,
        long.clone(),
        &b"h2=\":443\""[..],
    ));
    assert_eq!(encode_caught(&altsvc), (true, vec![0xaa]));
    let origin = Frame::Origin(Origin::new(vec![Bytes::from_static(b"https://a"), long]));
    assert_eq!(encode_caught(&origin), (true, vec![0xaa]));

    let longest = Bytes::from(vec![b'a'; usize::from(u16::MAX)]);
    let (panicked, dst) = encode_caught(&Frame::Origin(Origin::new(vec![longest])));
    assert!(!panicked);
    assert_eq!(dst[1 + FrameHeader::LEN..][..2], [0xff, 0xff]);
}
