//! Frames of a type this crate does not parse (RFC 9113 §5.5).

use bytes::{BufMut, Bytes};

use crate::header::payload_length;
use crate::{Flags, FrameHeader, FrameKind, StreamId};

/// A frame kept as received: "Implementations MUST ignore and discard frames
/// of unknown types" (RFC 9113 §5.5), a decision left to the layer above,
/// which may also want to surface the frame to the application.
///
/// Besides unregistered types, an ORIGIN frame on a non-zero stream lands
/// here (see [`Origin`](crate::Origin)). All flag bits are kept, since their
/// meaning is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// The frame type.
    pub kind: FrameKind,
    /// The flags octet as received.
    pub flags: Flags,
    /// The stream the frame names.
    pub stream_id: StreamId,
    /// The whole payload; a slice of the received buffer.
    pub payload: Bytes,
}

impl Unknown {
    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: payload_length(self.payload.len()),
            kind: self.kind,
            flags: self.flags,
            stream_id: self.stream_id,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        dst.put_slice(&self.payload);
    }

    pub(crate) fn from_parts(header: &FrameHeader, payload: Bytes) -> Self {
        Self {
            kind: header.kind,
            flags: header.flags,
            stream_id: header.stream_id,
            payload,
        }
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Unknown {
    /// Only unregistered types, so that the frame parses back as `Unknown`.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut kind = FrameKind(u.arbitrary()?);
        if kind.is_known() {
            // 0x80..=0x90 are unregistered.
            kind = FrameKind(0x80 | kind.0);
        }
        Ok(Self {
            kind,
            flags: u.arbitrary()?,
            stream_id: u.arbitrary()?,
            payload: crate::arb::bytes(u)?,
        })
    }
}
