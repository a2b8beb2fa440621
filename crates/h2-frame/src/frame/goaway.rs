//! GOAWAY (RFC 9113 §6.8).

use bytes::{BufMut, Bytes};

use super::priority_spec::read_u32;
use crate::header::{payload_length, reported_len};
use crate::{ErrorCode, Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A GOAWAY frame: the sender will start no more streams above `last_stream_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoAway {
    /// The highest peer-initiated stream the sender may have processed.
    pub last_stream_id: StreamId,
    /// Why the connection is ending.
    pub error_code: ErrorCode,
    /// Opaque diagnostic data; a slice of the received buffer.
    pub debug_data: Bytes,
}

impl GoAway {
    /// Octets of the fixed fields.
    pub const FIXED_LEN: usize = 8;

    /// A GOAWAY without debug data.
    pub const fn new(last_stream_id: StreamId, error_code: ErrorCode) -> Self {
        Self {
            last_stream_id,
            error_code,
            debug_data: Bytes::new(),
        }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: payload_length(Self::FIXED_LEN + self.debug_data.len()),
            kind: FrameKind::GOAWAY,
            flags: Flags::EMPTY,
            stream_id: StreamId::ZERO,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        dst.put_u32(self.last_stream_id.value());
        dst.put_u32(self.error_code.0);
        dst.put_slice(&self.debug_data);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // "An endpoint MUST treat a GOAWAY frame with a stream identifier
        // other than 0x00 as a connection error (Section 5.4.1) of type
        // PROTOCOL_ERROR." (§6.8)
        if !header.stream_id.is_zero() {
            return Err(FrameError::UnexpectedStreamId {
                kind: FrameKind::GOAWAY,
                stream_id: header.stream_id,
            });
        }
        // The last stream id and the error code are mandatory: a shorter frame
        // is "too small to contain mandatory frame data" (§4.2).
        let (Some(last), Some(code)) = (read_u32(&payload), payload.get(4..).and_then(read_u32))
        else {
            return Err(FrameError::GoAwayTooShort {
                length: reported_len(&payload),
            });
        };
        Ok(Self {
            last_stream_id: StreamId::new(last),
            error_code: ErrorCode(code),
            debug_data: payload.slice(Self::FIXED_LEN..),
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for GoAway {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            last_stream_id: u.arbitrary()?,
            error_code: u.arbitrary()?,
            debug_data: crate::arb::bytes(u)?,
        })
    }
}
