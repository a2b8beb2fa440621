//! The streaming decoder: bytes in arbitrary chunks → frames.

use bytes::{Buf, Bytes, BytesMut};

use crate::{Frame, FrameError, FrameHeader, Side, PREFACE};

/// The most [`FrameDecoder`] reserves ahead for a frame still arriving: the
/// RFC's initial maximum frame size plus its header.
const RESERVE_AHEAD: usize = (1 << 14) + FrameHeader::LEN;

/// Splits frames off a byte stream that arrives in chunks of any size.
///
/// The caller appends received bytes to a `BytesMut` and calls
/// [`decode`](Self::decode) until it returns `Ok(None)`. Each frame is split
/// off the front of that buffer, so DATA payloads and header block fragments
/// are slices of it and are never copied. The payload length is checked
/// against the maximum frame size as soon as the 9-octet header is in, before
/// a single payload octet is buffered.
///
/// On the server side the decoder first expects the client connection
/// preface ([`for_side`](Self::for_side) or
/// [`expect_preface`](Self::expect_preface)), matched octet by octet so a
/// wrong preface is reported at its first wrong octet.
///
/// After an error whose [`scope`](FrameError::scope) is a stream the bad
/// frame has been consumed and decoding can go on; after a connection error
/// the connection is over and the decoder should be dropped.
///
/// ```
/// use bytes::BytesMut;
/// use h2_frame::{Frame, FrameDecoder, Side, PREFACE};
///
/// let mut decoder = FrameDecoder::for_side(Side::Server);
/// let mut buf = BytesMut::new();
/// buf.extend_from_slice(PREFACE);
/// buf.extend_from_slice(&[0, 0, 0, 4, 1, 0, 0, 0]); // SETTINGS ACK, one octet short
/// assert_eq!(decoder.decode(&mut buf).unwrap(), None);
/// buf.extend_from_slice(&[0]);
/// let frame = decoder.decode(&mut buf).unwrap().unwrap();
/// assert!(matches!(frame, Frame::Settings(ref s) if s.ack));
/// assert!(buf.is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct FrameDecoder {
    max_frame_size: u32,
    /// Preface octets still expected: `0` once the preface is done (or never wanted).
    preface_left: u8,
}

impl FrameDecoder {
    /// The initial SETTINGS_MAX_FRAME_SIZE, 2^14 (RFC 9113 §6.5.2).
    pub const DEFAULT_MAX_FRAME_SIZE: u32 = 1 << 14;

    /// A decoder that expects frames straight away (a client, or a server
    /// whose preface was already consumed), with the default maximum frame size.
    pub const fn new() -> Self {
        Self {
            max_frame_size: Self::DEFAULT_MAX_FRAME_SIZE,
            preface_left: 0,
        }
    }

    /// A decoder for the bytes `side` receives: a server first expects the
    /// client connection preface (RFC 9113 §3.4), a client does not.
    pub const fn for_side(side: Side) -> Self {
        let mut decoder = Self::new();
        if side.is_server() {
            decoder.preface_left = PREFACE.len() as u8;
        }
        decoder
    }

    /// Expects the client connection preface before the next frame.
    pub fn expect_preface(&mut self) {
        self.preface_left = PREFACE.len() as u8;
    }

    /// Whether some of the client connection preface is still expected.
    pub const fn is_awaiting_preface(&self) -> bool {
        self.preface_left != 0
    }

    /// The largest payload accepted: our SETTINGS_MAX_FRAME_SIZE.
    pub const fn max_frame_size(&self) -> u32 {
        self.max_frame_size
    }

    /// Sets the largest payload accepted, from the next frame header on.
    ///
    /// Use the value we advertised in SETTINGS_MAX_FRAME_SIZE once the peer
    /// has acknowledged it; `h2-settings` keeps it in 2^14..=2^24-1.
    pub fn set_max_frame_size(&mut self, max: u32) {
        self.max_frame_size = max;
    }

    /// Decodes the next frame from the front of `buf`.
    ///
    /// `Ok(None)` means `buf` holds no whole frame yet: append more bytes and
    /// call again. When a frame is returned its octets have been split off
    /// `buf`. After a stream-scoped error the bad frame is consumed too.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame>, FrameError> {
        let Some((header, total)) = self.next_header(buf)? else {
            return Ok(None);
        };
        // Frame types that keep nothing of their payload are read in place,
        // which spares the reference counting of a `Bytes` slice.
        if let Some(result) = Frame::parse_fixed(&header, &buf[FrameHeader::LEN..total]) {
            buf.advance(total);
            return result.map(Some);
        }
        let payload = split_payload(buf, header.length);
        Frame::parse(header, payload).map(Some)
    }

    /// Splits the next frame off `buf` without parsing its payload.
    ///
    /// The preface and the maximum frame size are still checked; nothing
    /// else is. Pass the result to [`Frame::parse`] to get the typed frame
    /// (this is what [`decode`](Self::decode) does), or forward it as is.
    pub fn decode_raw(
        &mut self,
        buf: &mut BytesMut,
    ) -> Result<Option<(FrameHeader, Bytes)>, FrameError> {
        let Some((header, _)) = self.next_header(buf)? else {
            return Ok(None);
        };
        Ok(Some((header, split_payload(buf, header.length))))
    }

    /// Consumes the preface if expected, then reads the next frame header
    /// once the whole frame is in `buf`. Returns the header and the frame's
    /// total length; nothing has been consumed from `buf` past the preface.
    fn next_header(
        &mut self,
        buf: &mut BytesMut,
    ) -> Result<Option<(FrameHeader, usize)>, FrameError> {
        if self.preface_left != 0 && !self.consume_preface(buf)? {
            return Ok(None);
        }
        let Some(head) = buf.first_chunk::<{ FrameHeader::LEN }>() else {
            return Ok(None);
        };
        let header = FrameHeader::parse(head);
        // "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame
        // exceeds the size defined in SETTINGS_MAX_FRAME_SIZE" (§4.2). Checked
        // before any payload is buffered; a connection error, for any type.
        if header.length > self.max_frame_size {
            return Err(FrameError::FrameTooLarge {
                kind: header.kind,
                stream_id: header.stream_id,
                length: header.length,
                max: self.max_frame_size,
            });
        }
        let total = FrameHeader::LEN + header.length as usize;
        if buf.len() < total {
            // Room for what is missing, but no more than a default-sized
            // frame at once: a peer that announces 16 MB (when the maximum
            // frame size allows it) and sends it slowly costs what it sent,
            // not what it announced.
            buf.reserve((total - buf.len()).min(RESERVE_AHEAD));
            return Ok(None);
        }
        Ok(Some((header, total)))
    }

    /// Matches as much of the preface as `buf` holds; `Ok(true)` once all
    /// 24 octets have been seen.
    fn consume_preface(&mut self, buf: &mut BytesMut) -> Result<bool, FrameError> {
        let done = PREFACE.len() - usize::from(self.preface_left);
        let expected = &PREFACE[done..];
        let n = expected.len().min(buf.len());
        // "Clients and servers MUST treat an invalid connection preface as a
        // connection error (Section 5.4.1) of type PROTOCOL_ERROR." (§3.4)
        if let Some(at) = expected[..n]
            .iter()
            .zip(&buf[..n])
            .position(|(a, b)| a != b)
        {
            return Err(FrameError::BadPreface { offset: done + at });
        }
        buf.advance(n);
        self.preface_left -= n as u8;
        Ok(self.preface_left == 0)
    }
}

impl Default for FrameDecoder {
    fn default() -> Self {
        Self::new()
    }
}

/// Splits a frame whose header is at the front of `buf` and whose payload
/// is `length` octets off `buf`; returns the payload.
fn split_payload(buf: &mut BytesMut, length: u32) -> Bytes {
    buf.advance(FrameHeader::LEN);
    if length == 0 {
        Bytes::new()
    } else {
        buf.split_to(length as usize).freeze()
    }
}
