//! PRIORITY (RFC 9113 §6.3).

use bytes::BufMut;

use super::priority_spec::PrioritySpec;
use crate::header::reported_len;
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A PRIORITY frame (deprecated by RFC 9113 §5.3.2, still parsed and checked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Priority {
    /// The stream being reprioritised; never 0 in a received frame.
    pub stream_id: StreamId,
    /// The dependency and weight.
    pub spec: PrioritySpec,
}

impl Priority {
    /// A PRIORITY frame.
    pub const fn new(stream_id: StreamId, spec: PrioritySpec) -> Self {
        Self { stream_id, spec }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: PrioritySpec::LEN as u32,
            kind: FrameKind::PRIORITY,
            flags: Flags::EMPTY,
            stream_id: self.stream_id,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        self.spec.encode(dst);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Self, FrameError> {
        // "If a PRIORITY frame is received with a stream identifier of 0x00,
        // the recipient MUST respond with a connection error (Section 5.4.1)
        // of type PROTOCOL_ERROR." (§6.3)
        if header.stream_id.is_zero() {
            return Err(FrameError::MissingStreamId {
                kind: FrameKind::PRIORITY,
            });
        }
        // "A PRIORITY frame with a length other than 5 octets MUST be treated
        // as a stream error (Section 5.4.2) of type FRAME_SIZE_ERROR." (§6.3)
        let Ok(fields) = <&[u8; PrioritySpec::LEN]>::try_from(payload) else {
            return Err(FrameError::PriorityLength {
                stream_id: header.stream_id,
                length: reported_len(payload),
            });
        };
        let spec = PrioritySpec::parse(fields);
        // "A stream cannot depend on itself. An endpoint MUST treat this as a
        // stream error (Section 5.4.2) of type PROTOCOL_ERROR." (RFC 7540
        // §5.3.1). RFC 9113 no longer repeats the sentence but keeps the
        // frame and "some of the mandatory handling" of RFC 7540's scheme
        // (§5.3.2); we keep this check, as peers still test for it.
        if spec.dependency == header.stream_id {
            return Err(FrameError::PrioritySelfDependency {
                stream_id: header.stream_id,
            });
        }
        Ok(Self {
            stream_id: header.stream_id,
            spec,
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Priority {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let stream_id = crate::arb::nonzero_stream_id(u)?;
        let mut spec: PrioritySpec = u.arbitrary()?;
        if spec.dependency == stream_id {
            spec.dependency = StreamId::new(stream_id.value() - 1);
        }
        Ok(Self { stream_id, spec })
    }
}
