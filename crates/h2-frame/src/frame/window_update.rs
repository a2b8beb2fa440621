//! WINDOW_UPDATE (RFC 9113 §6.9).

use bytes::BufMut;

use crate::header::reported_len;
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A WINDOW_UPDATE frame: grows a flow-control window (stream 0 = the connection's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WindowUpdate {
    /// The stream whose window grows, or 0 for the connection window.
    pub stream_id: StreamId,
    /// The increment, in `1..=2^31-1` in a received frame.
    pub increment: u32,
}

impl WindowUpdate {
    /// Length of the payload.
    pub const LEN: u32 = 4;
    /// The largest increment, 2^31-1.
    pub const MAX_INCREMENT: u32 = 0x7fff_ffff;

    /// A WINDOW_UPDATE frame.
    pub const fn new(stream_id: StreamId, increment: u32) -> Self {
        Self {
            stream_id,
            increment,
        }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: Self::LEN,
            kind: FrameKind::WINDOW_UPDATE,
            flags: Flags::EMPTY,
            stream_id: self.stream_id,
        }
    }

    /// Writes the whole frame; the reserved bit is written as 0, so an
    /// increment above 2^31-1 loses its top bit.
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        dst.put_u32(self.increment & Self::MAX_INCREMENT);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Self, FrameError> {
        // "A WINDOW_UPDATE frame with a length other than 4 octets MUST be
        // treated as a connection error (Section 5.4.1) of type
        // FRAME_SIZE_ERROR." (§6.9)
        let Ok(word) = <[u8; 4]>::try_from(payload) else {
            return Err(FrameError::WindowUpdateLength {
                stream_id: header.stream_id,
                length: reported_len(payload),
            });
        };
        // The top bit is reserved ("R: A single reserved bit", §6.9) and
        // ignored on receipt (§4.1).
        let increment = u32::from_be_bytes(word) & Self::MAX_INCREMENT;
        // "A receiver MUST treat the receipt of a WINDOW_UPDATE frame with a
        // flow-control window increment of 0 as a stream error (Section
        // 5.4.2) of type PROTOCOL_ERROR; errors on the connection
        // flow-control window MUST be treated as a connection error (Section
        // 5.4.1)." (§6.9) — FrameError::scope picks which from the stream id.
        if increment == 0 {
            return Err(FrameError::ZeroWindowIncrement {
                stream_id: header.stream_id,
            });
        }
        Ok(Self {
            stream_id: header.stream_id,
            increment,
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for WindowUpdate {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: u.arbitrary()?,
            increment: u.int_in_range(1..=Self::MAX_INCREMENT)?,
        })
    }
}
