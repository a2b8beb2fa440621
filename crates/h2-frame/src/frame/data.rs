//! DATA (RFC 9113 §6.1).

use bytes::{BufMut, Bytes};

use crate::padding::{padded_length, put_padded, unpad};
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A DATA frame: a slice of a stream's content.
///
/// ```text
/// +---------------+
/// |Pad Length? (8)|
/// +---------------+-----------------------------------------------+
/// |                            Data (*)                         ...
/// +---------------------------------------------------------------+
/// |                           Padding (*)                       ...
/// +---------------------------------------------------------------+
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Data {
    /// The stream; never 0 in a received frame.
    pub stream_id: StreamId,
    /// The data, without pad length or padding; a slice of the received buffer.
    pub payload: Bytes,
    /// END_STREAM: the sender's last frame on this stream.
    pub end_stream: bool,
    /// The pad length when the frame is PADDED (`Some(0)` is one extra octet).
    pub padding: Option<u8>,
}

impl Data {
    /// An unpadded DATA frame without END_STREAM.
    pub fn new(stream_id: StreamId, payload: impl Into<Bytes>) -> Self {
        Self {
            stream_id,
            payload: payload.into(),
            end_stream: false,
            padding: None,
        }
    }

    /// The same frame with END_STREAM set.
    #[must_use]
    pub fn with_end_stream(mut self) -> Self {
        self.end_stream = true;
        self
    }

    /// The same frame padded with `pad_length` octets (plus the pad length octet).
    #[must_use]
    pub fn with_padding(mut self, pad_length: u8) -> Self {
        self.padding = Some(pad_length);
        self
    }

    /// The octets this frame counts against flow-control windows: "The
    /// entire DATA frame payload is included in flow control, including the
    /// Pad Length and Padding fields if present" (§6.1).
    ///
    /// # Panics
    ///
    /// Past 2^24-1 octets, as [`Frame::encode`](crate::Frame::encode).
    pub fn flow_controlled_len(&self) -> u32 {
        padded_length(self.padding, 0, self.payload.len())
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: self.flow_controlled_len(),
            kind: FrameKind::DATA,
            flags: Flags::EMPTY
                .with_if(Flags::END_STREAM, self.end_stream)
                .with_if(Flags::PADDED, self.padding.is_some()),
            stream_id: self.stream_id,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        put_padded(dst, self.padding, &[], &self.payload);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // "If a DATA frame is received whose Stream Identifier field is 0x00,
        // the recipient MUST respond with a connection error (Section 5.4.1)
        // of type PROTOCOL_ERROR." (§6.1)
        if header.stream_id.is_zero() {
            return Err(FrameError::MissingStreamId {
                kind: FrameKind::DATA,
            });
        }
        let end_stream = header.flags.contains(Flags::END_STREAM);
        if !header.flags.contains(Flags::PADDED) {
            // The common case keeps the buffer as it is: no slicing.
            return Ok(Self {
                stream_id: header.stream_id,
                payload,
                end_stream,
                padding: None,
            });
        }
        let unpadded = unpad(header, &payload, 0, || unreachable_too_short(header))?;
        Ok(Self {
            stream_id: header.stream_id,
            payload: payload.slice(unpadded.start..unpadded.end),
            end_stream,
            padding: unpadded.pad_length,
        })
    }
}

/// DATA has no fixed fields after the pad length, so `unpad` never reports
/// a short payload for it beyond the missing pad length.
fn unreachable_too_short(header: &FrameHeader) -> FrameError {
    FrameError::PadLengthMissing {
        kind: header.kind,
        stream_id: header.stream_id,
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Data {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: crate::arb::nonzero_stream_id(u)?,
            payload: crate::arb::bytes(u)?,
            end_stream: u.arbitrary()?,
            padding: u.arbitrary()?,
        })
    }
}
