//! `write_header_block`: HEADERS / PUSH_PROMISE + CONTINUATION splitting.

use bytes::{Bytes, BytesMut};
use h2_frame::{
    write_header_block, Continuation, Frame, FrameDecoder, HeaderBlockStart, Headers,
    InvalidMaxFrameSize, PrioritySpec, PushPromise, StreamId,
};

fn sid(id: u32) -> StreamId {
    StreamId::new(id)
}

fn split(start: HeaderBlockStart, block: &[u8], max: u32) -> Vec<Frame> {
    let mut buf = BytesMut::new();
    write_header_block(start, block, max, &mut buf).unwrap();
    let mut decoder = FrameDecoder::new();
    let mut frames = Vec::new();
    while let Some(frame) = decoder.decode(&mut buf).unwrap() {
        frames.push(frame);
    }
    assert!(buf.is_empty());
    frames
}

fn headers_start(priority: Option<PrioritySpec>) -> HeaderBlockStart {
    HeaderBlockStart::Headers {
        stream_id: sid(1),
        end_stream: true,
        priority,
    }
}

/// SPEC API-13 step 6: one HEADERS frame when the block fits.
#[test]
fn block_that_fits_is_one_headers_frame_with_end_headers() {
    let frames = split(headers_start(None), b"abc", 16_384);
    assert_eq!(
        frames,
        [Frame::Headers(
            Headers::new(sid(1), &b"abc"[..]).with_end_stream()
        )]
    );
}

/// An empty block still gives one HEADERS frame.
#[test]
fn empty_block_is_one_empty_headers_frame() {
    let frames = split(headers_start(None), b"", 16_384);
    assert_eq!(
        frames,
        [Frame::Headers(
            Headers::new(sid(1), &b""[..]).with_end_stream()
        )]
    );
}

/// END_HEADERS only on the last frame; END_STREAM only on HEADERS; every
/// payload within the maximum.
#[test]
fn long_block_is_split_into_continuations() {
    let block: Vec<u8> = (0..25u8).collect();
    let frames = split(headers_start(None), &block, 10);
    let mut expected_first =
        Headers::new(sid(1), Bytes::copy_from_slice(&block[..10])).with_end_stream();
    expected_first.end_headers = false;
    assert_eq!(
        frames,
        [
            Frame::Headers(expected_first),
            Frame::Continuation(Continuation::new(
                sid(1),
                Bytes::copy_from_slice(&block[10..20]),
                false
            )),
            Frame::Continuation(Continuation::new(
                sid(1),
                Bytes::copy_from_slice(&block[20..]),
                true
            )),
        ]
    );
}

/// SPEC Q-04 fixed: the 5 priority octets count toward the first frame.
#[test]
fn priority_octets_count_toward_the_first_frame() {
    let spec = PrioritySpec::new(sid(0), false, 15);
    let frames = split(headers_start(Some(spec)), &[7; 12], 10);
    assert_eq!(frames.len(), 2);
    let Frame::Headers(first) = &frames[0] else {
        panic!()
    };
    assert_eq!(first.fragment.len(), 5);
    assert_eq!(first.priority, Some(spec));
    assert_eq!(frames[0].header().length, 10);
    assert_eq!(
        frames[1],
        Frame::Continuation(Continuation::new(sid(1), &[7u8; 7][..], true))
    );
}

/// The 4-octet promised id counts toward the first frame too.
#[test]
fn push_promise_block_is_split_with_its_promised_id() {
    let start = HeaderBlockStart::PushPromise {
        stream_id: sid(1),
        promised_id: sid(2),
    };
    let frames = split(start, &[1, 2, 3, 4, 5, 6, 7, 8], 6);
    let mut first = PushPromise::new(sid(1), sid(2), &[1u8, 2][..]);
    first.end_headers = false;
    assert_eq!(
        frames,
        [
            Frame::PushPromise(first),
            Frame::Continuation(Continuation::new(sid(1), &[3u8, 4, 5, 6, 7, 8][..], true)),
        ]
    );
}

/// A block exactly a multiple of the maximum leaves no empty CONTINUATION.
#[test]
fn block_of_exact_multiple_has_no_trailing_empty_frame() {
    let frames = split(headers_start(None), &[1; 20], 10);
    assert_eq!(frames.len(), 2);
    assert!(
        matches!(&frames[1], Frame::Continuation(c) if c.end_headers && c.fragment.len() == 10)
    );
}

/// A maximum that cannot carry the first frame's fixed fields is refused.
#[test]
fn unusable_max_frame_size_is_an_error() {
    let mut out = Vec::new();
    let spec = PrioritySpec::default();
    assert_eq!(
        write_header_block(headers_start(Some(spec)), b"x", 4, &mut out),
        Err(InvalidMaxFrameSize(4))
    );
    assert_eq!(
        write_header_block(headers_start(None), b"x", 0, &mut out),
        Err(InvalidMaxFrameSize(0))
    );
    assert_eq!(
        write_header_block(headers_start(None), b"x", 1 << 24, &mut out),
        Err(InvalidMaxFrameSize(1 << 24))
    );
    assert!(out.is_empty());
}

proptest::proptest! {
    /// The borrowed-chunk writer and the frame types' own `encode` are one
    /// code path: re-encoding the frames `write_header_block` produced gives
    /// back its exact octets, for any block, start and maximum.
    #[test]
    fn written_block_is_what_its_frames_encode_to(
        block in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
        max in 5u32..64,
        push in proptest::bool::ANY,
        priority in proptest::option::of((1u32..100, proptest::bool::ANY, proptest::num::u8::ANY)),
    ) {
        let start = if push {
            HeaderBlockStart::PushPromise { stream_id: sid(3), promised_id: sid(4) }
        } else {
            headers_start(priority.map(|(dep, e, w)| PrioritySpec::new(sid(dep), e, w)))
        };
        let mut written = BytesMut::new();
        write_header_block(start, &block, max, &mut written).unwrap();
        let mut reencoded = BytesMut::new();
        let mut fragments = Vec::new();
        for frame in split(start, &block, max) {
            proptest::prop_assert!(frame.header().length <= max);
            match &frame {
                Frame::Headers(f) => fragments.extend_from_slice(&f.fragment),
                Frame::PushPromise(f) => fragments.extend_from_slice(&f.fragment),
                Frame::Continuation(f) => fragments.extend_from_slice(&f.fragment),
                other => proptest::prop_assert!(false, "unexpected {other:?}"),
            }
            frame.encode(&mut reencoded);
        }
        proptest::prop_assert_eq!(&written[..], &reencoded[..]);
        proptest::prop_assert_eq!(fragments, block);
    }
}
