//! PING (RFC 9113 §6.7).

use bytes::BufMut;

use crate::header::reported_len;
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A PING frame, or its acknowledgement (which echoes the payload).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Ping {
    /// ACK: this answers the peer's PING.
    pub ack: bool,
    /// Opaque data, echoed in the acknowledgement.
    pub payload: [u8; 8],
}

impl Ping {
    /// Length of the payload.
    pub const LEN: u32 = 8;

    /// A PING that asks for an acknowledgement.
    pub const fn new(payload: [u8; 8]) -> Self {
        Self {
            ack: false,
            payload,
        }
    }

    /// The acknowledgement of a PING carrying `payload`.
    pub const fn ack(payload: [u8; 8]) -> Self {
        Self { ack: true, payload }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: Self::LEN,
            kind: FrameKind::PING,
            flags: Flags::EMPTY.with_if(Flags::ACK, self.ack),
            stream_id: StreamId::ZERO,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        dst.put_slice(&self.payload);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Self, FrameError> {
        // "If a PING frame is received with a Stream Identifier field value
        // other than 0x00, the recipient MUST respond with a connection error
        // (Section 5.4.1) of type PROTOCOL_ERROR." (§6.7)
        if !header.stream_id.is_zero() {
            return Err(FrameError::UnexpectedStreamId {
                kind: FrameKind::PING,
                stream_id: header.stream_id,
            });
        }
        // "Receipt of a PING frame with a length field value other than 8
        // MUST be treated as a connection error (Section 5.4.1) of type
        // FRAME_SIZE_ERROR." (§6.7)
        let Ok(data) = <[u8; 8]>::try_from(payload) else {
            return Err(FrameError::PingLength {
                length: reported_len(payload),
            });
        };
        Ok(Self {
            ack: header.flags.contains(Flags::ACK),
            payload: data,
        })
    }
}
