//! CONTINUATION (RFC 9113 §6.10).

use bytes::{BufMut, Bytes};

use crate::header::payload_length;
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A CONTINUATION frame: the next fragment of a header block.
///
/// Whether it may appear here (right after a HEADERS, PUSH_PROMISE or
/// CONTINUATION without END_HEADERS on the same stream) is for the
/// connection to check (§6.10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Continuation {
    /// The stream; never 0 in a received frame.
    pub stream_id: StreamId,
    /// The header block fragment; a slice of the received buffer.
    pub fragment: Bytes,
    /// END_HEADERS: the header block ends here.
    pub end_headers: bool,
}

impl Continuation {
    /// A CONTINUATION frame.
    pub fn new(stream_id: StreamId, fragment: impl Into<Bytes>, end_headers: bool) -> Self {
        Self {
            stream_id,
            fragment: fragment.into(),
            end_headers,
        }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        self.header_for(self.fragment.len())
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.encode_with(&self.fragment, dst);
    }

    /// Writes this frame with `fragment` in place of `self.fragment`; see
    /// [`Headers`](crate::Headers)' twin.
    pub(crate) fn encode_with(&self, fragment: &[u8], dst: &mut impl BufMut) {
        self.header_for(fragment.len()).encode(dst);
        dst.put_slice(fragment);
    }

    fn header_for(&self, fragment_len: usize) -> FrameHeader {
        FrameHeader {
            length: payload_length(fragment_len),
            kind: FrameKind::CONTINUATION,
            flags: Flags::EMPTY.with_if(Flags::END_HEADERS, self.end_headers),
            stream_id: self.stream_id,
        }
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // "If a CONTINUATION frame is received with a Stream Identifier field
        // of 0x00, the recipient MUST respond with a connection error
        // (Section 5.4.1) of type PROTOCOL_ERROR." (§6.10)
        if header.stream_id.is_zero() {
            return Err(FrameError::MissingStreamId {
                kind: FrameKind::CONTINUATION,
            });
        }
        Ok(Self {
            stream_id: header.stream_id,
            fragment: payload,
            end_headers: header.flags.contains(Flags::END_HEADERS),
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Continuation {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: crate::arb::nonzero_stream_id(u)?,
            fragment: crate::arb::bytes(u)?,
            end_headers: u.arbitrary()?,
        })
    }
}
