//! PRIORITY_UPDATE (RFC 9218 §7.1).

use bytes::{BufMut, Bytes};

use super::priority_spec::read_u32;
use crate::header::{payload_length, reported_len};
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A PRIORITY_UPDATE frame, sent on stream 0: the extensible priority of a
/// request stream (RFC 9218 §7.1).
///
/// ```text
/// +-+-------------------------------------------------------------+
/// |R|             Prioritized Stream ID (31)                      |
/// +-+-------------------------------------------------------------+
/// |                  Priority Field Value (*)                    ...
/// +---------------------------------------------------------------+
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriorityUpdate {
    /// The stream whose priority changes; never 0 in a received frame.
    pub prioritized_stream_id: StreamId,
    /// The Priority field value (RFC 9218 §4), ASCII; a slice of the received buffer.
    pub field_value: Bytes,
}

impl PriorityUpdate {
    /// A PRIORITY_UPDATE frame.
    pub fn new(prioritized_stream_id: StreamId, field_value: impl Into<Bytes>) -> Self {
        Self {
            prioritized_stream_id,
            field_value: field_value.into(),
        }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: payload_length(4 + self.field_value.len()),
            kind: FrameKind::PRIORITY_UPDATE,
            flags: Flags::EMPTY,
            stream_id: StreamId::ZERO,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        dst.put_u32(self.prioritized_stream_id.value());
        dst.put_slice(&self.field_value);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // "PRIORITY_UPDATE frames MUST be sent on stream 0. If a
        // PRIORITY_UPDATE frame is received with a stream ID other than 0x00,
        // the recipient MUST respond with a connection error of type
        // PROTOCOL_ERROR." (RFC 9218 §7.1)
        if !header.stream_id.is_zero() {
            return Err(FrameError::UnexpectedStreamId {
                kind: FrameKind::PRIORITY_UPDATE,
                stream_id: header.stream_id,
            });
        }
        // The prioritized stream id is mandatory (RFC 9113 §4.2, on stream 0).
        let Some(word) = read_u32(&payload) else {
            return Err(FrameError::PriorityUpdateTooShort {
                length: reported_len(&payload),
            });
        };
        let prioritized_stream_id = StreamId::new(word);
        // "If a PRIORITY_UPDATE frame is received with a Prioritized Stream ID
        // of 0x00, the recipient MUST respond with a connection error of type
        // PROTOCOL_ERROR." (RFC 9218 §7.1)
        if prioritized_stream_id.is_zero() {
            return Err(FrameError::ZeroPrioritizedStreamId);
        }
        Ok(Self {
            prioritized_stream_id,
            field_value: payload.slice(4..),
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for PriorityUpdate {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            prioritized_stream_id: crate::arb::nonzero_stream_id(u)?,
            field_value: crate::arb::bytes(u)?,
        })
    }
}
