//! RST_STREAM (RFC 9113 §6.4).

use bytes::BufMut;

use crate::header::reported_len;
use crate::{ErrorCode, Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A RST_STREAM frame: ends a stream at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RstStream {
    /// The stream being reset; never 0 in a received frame.
    pub stream_id: StreamId,
    /// Why.
    pub error_code: ErrorCode,
}

impl RstStream {
    /// Length of the payload.
    pub const LEN: u32 = 4;

    /// A RST_STREAM frame.
    pub const fn new(stream_id: StreamId, error_code: ErrorCode) -> Self {
        Self {
            stream_id,
            error_code,
        }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: Self::LEN,
            kind: FrameKind::RST_STREAM,
            flags: Flags::EMPTY,
            stream_id: self.stream_id,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        dst.put_u32(self.error_code.0);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Self, FrameError> {
        // "If a RST_STREAM frame is received with a stream identifier of 0x00,
        // the recipient MUST treat this as a connection error (Section 5.4.1)
        // of type PROTOCOL_ERROR." (§6.4)
        if header.stream_id.is_zero() {
            return Err(FrameError::MissingStreamId {
                kind: FrameKind::RST_STREAM,
            });
        }
        // "A RST_STREAM frame with a length other than 4 octets MUST be
        // treated as a connection error (Section 5.4.1) of type
        // FRAME_SIZE_ERROR." (§6.4)
        let Ok(code) = <[u8; 4]>::try_from(payload) else {
            return Err(FrameError::RstStreamLength {
                stream_id: header.stream_id,
                length: reported_len(payload),
            });
        };
        Ok(Self {
            stream_id: header.stream_id,
            error_code: ErrorCode(u32::from_be_bytes(code)),
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for RstStream {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: crate::arb::nonzero_stream_id(u)?,
            error_code: u.arbitrary()?,
        })
    }
}
