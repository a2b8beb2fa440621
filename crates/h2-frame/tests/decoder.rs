//! The streaming decoder: preface, partial input, the maximum frame size,
//! recovery after stream errors, and the raw (unparsed) mode.

use bytes::{Bytes, BytesMut};
use h2_frame::{
    Data, Flags, Frame, FrameDecoder, FrameError, FrameHeader, FrameKind, Ping, Settings, Side,
    StreamId, WindowUpdate, PREFACE,
};

fn wire(frames: &[Frame]) -> BytesMut {
    let mut out = BytesMut::new();
    for frame in frames {
        frame.encode(&mut out);
    }
    out
}

/// SPEC RX-1: only a server expects the preface, and it is consumed across calls.
#[test]
fn server_expects_preface_client_does_not() {
    let ping = Frame::Ping(Ping::new([9; 8]));
    let mut bytes = BytesMut::from(&PREFACE[..]);
    bytes.extend_from_slice(&wire(std::slice::from_ref(&ping)));

    let mut server = FrameDecoder::for_side(Side::Server);
    assert!(server.is_awaiting_preface());
    let mut buf = BytesMut::from(&bytes[..5]);
    assert_eq!(server.decode(&mut buf), Ok(None));
    assert!(buf.is_empty(), "matched preface octets are consumed");
    buf.extend_from_slice(&bytes[5..]);
    assert_eq!(server.decode(&mut buf), Ok(Some(ping.clone())));
    assert!(!server.is_awaiting_preface());

    let mut client = FrameDecoder::for_side(Side::Client);
    assert!(!client.is_awaiting_preface());
    let mut buf = wire(std::slice::from_ref(&ping));
    assert_eq!(client.decode(&mut buf), Ok(Some(ping)));
}

#[test]
fn expect_preface_can_be_switched_on_later() {
    let mut decoder = FrameDecoder::new();
    decoder.expect_preface();
    let mut buf = BytesMut::from(&wire(&[Frame::Settings(Settings::ack())])[..]);
    assert_eq!(
        decoder.decode(&mut buf),
        Err(FrameError::BadPreface { offset: 0 })
    );
}

/// Every strict prefix of a frame is "need more", and consumes nothing.
#[test]
fn every_prefix_of_a_frame_needs_more() {
    let frame = Frame::Data(Data::new(StreamId::new(1), &b"payload"[..]).with_padding(3));
    let bytes = wire(std::slice::from_ref(&frame));
    for n in 0..bytes.len() {
        let mut buf = BytesMut::from(&bytes[..n]);
        assert_eq!(FrameDecoder::new().decode(&mut buf), Ok(None), "prefix {n}");
        assert_eq!(buf.len(), n);
    }
    let mut buf = bytes;
    assert_eq!(FrameDecoder::new().decode(&mut buf), Ok(Some(frame)));
}

/// The maximum frame size can change between frames; the new value applies
/// from the next header on.
#[test]
fn max_frame_size_is_settable_while_running() {
    let big = Frame::Data(Data::new(StreamId::new(1), vec![1u8; 20_000]));
    let mut buf = wire(&[Frame::Ping(Ping::new([0; 8])), big.clone()]);
    let mut decoder = FrameDecoder::new();
    assert_eq!(decoder.max_frame_size(), 16_384);
    assert!(matches!(decoder.decode(&mut buf), Ok(Some(Frame::Ping(_)))));
    decoder.set_max_frame_size(32_768);
    assert_eq!(decoder.max_frame_size(), 32_768);
    assert_eq!(decoder.decode(&mut buf), Ok(Some(big)));

    let mut buf = wire(&[Frame::Data(Data::new(StreamId::new(1), vec![1u8; 20_000]))]);
    decoder.set_max_frame_size(16_384);
    assert!(matches!(
        decoder.decode(&mut buf),
        Err(FrameError::FrameTooLarge {
            length: 20_000,
            max: 16_384,
            ..
        })
    ));
}

/// Waiting for a large payload reserves room for it once, bounded by the
/// (already checked) frame length.
#[test]
fn waiting_for_a_payload_reserves_room_for_it() {
    let mut decoder = FrameDecoder::new();
    let mut buf = BytesMut::from(&[0x00, 0x30, 0x00, 0, 0, 0, 0, 0, 1][..]);
    assert_eq!(decoder.decode(&mut buf), Ok(None));
    assert!(buf.capacity() >= 9 + 0x3000);
}

/// After a stream-scoped error the bad frame is consumed and the next frame decodes.
#[test]
fn decoding_goes_on_after_a_stream_error() {
    let mut buf = BytesMut::new();
    // PRIORITY of length 4 on stream 3 (stream FRAME_SIZE_ERROR) ...
    buf.extend_from_slice(&[0, 0, 4, 0x2, 0, 0, 0, 0, 3, 0, 0, 0, 1]);
    // ... WINDOW_UPDATE 0 on stream 5 (stream PROTOCOL_ERROR) ...
    buf.extend_from_slice(&[0, 0, 4, 0x8, 0, 0, 0, 0, 5, 0, 0, 0, 0]);
    // ... then a good WINDOW_UPDATE.
    let good = Frame::WindowUpdate(WindowUpdate::new(StreamId::new(5), 10));
    good.encode(&mut buf);

    let mut decoder = FrameDecoder::new();
    let err = decoder.decode(&mut buf).unwrap_err();
    assert_eq!(
        err,
        FrameError::PriorityLength {
            stream_id: StreamId::new(3),
            length: 4
        }
    );
    assert!(!err.is_connection_error());
    let err = decoder.decode(&mut buf).unwrap_err();
    assert_eq!(
        err,
        FrameError::ZeroWindowIncrement {
            stream_id: StreamId::new(5)
        }
    );
    assert_eq!(decoder.decode(&mut buf), Ok(Some(good)));
    assert!(buf.is_empty());
}

/// `decode_raw` splits frames without parsing them: no payload checks, but
/// the preface and size checks still apply.
#[test]
fn decode_raw_splits_without_parsing() {
    let mut buf = BytesMut::from(&PREFACE[..]);
    // A PING of length 3 is invalid, but raw decoding does not look inside.
    buf.extend_from_slice(&[0, 0, 3, 0x6, 0xff, 0, 0, 0, 0, 1, 2, 3]);
    let mut decoder = FrameDecoder::for_side(Side::Server);
    let (header, payload) = decoder.decode_raw(&mut buf).unwrap().unwrap();
    assert_eq!(
        header,
        FrameHeader {
            length: 3,
            kind: FrameKind::PING,
            flags: Flags(0xff),
            stream_id: StreamId::ZERO
        }
    );
    assert_eq!(payload, Bytes::from_static(&[1, 2, 3]));
    assert_eq!(
        Frame::parse(header, payload),
        Err(FrameError::PingLength { length: 3 })
    );
    assert_eq!(decoder.decode_raw(&mut buf), Ok(None));

    let mut buf = BytesMut::from(&[0x01, 0, 0, 0x0, 0, 0, 0, 0, 1][..]);
    assert!(matches!(
        decoder.decode_raw(&mut buf),
        Err(FrameError::FrameTooLarge { .. })
    ));
}
