//! PUSH_PROMISE (RFC 9113 §6.6).

use bytes::{BufMut, Bytes};

use super::priority_spec::read_u32;
use crate::header::reported_len;
use crate::padding::{padded_length, put_padded, unpad};
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A PUSH_PROMISE frame: reserves a stream for a pushed response and carries
/// the first fragment of the promised request's header block.
///
/// ```text
/// +---------------+
/// |Pad Length? (8)|
/// +-+-------------+-----------------------------------------------+
/// |R|                  Promised Stream ID (31)                    |
/// +-+-----------------------------+-------------------------------+
/// |                   Header Block Fragment (*)                 ...
/// +---------------------------------------------------------------+
/// |                           Padding (*)                       ...
/// +---------------------------------------------------------------+
/// ```
///
/// Whether the promised id has the right parity and is new is for the
/// connection to decide (§5.1.1); this layer only rejects 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushPromise {
    /// The stream the promise is made on; never 0 in a received frame.
    pub stream_id: StreamId,
    /// The stream reserved for the push; never 0 in a received frame.
    pub promised_id: StreamId,
    /// The header block fragment; a slice of the received buffer.
    pub fragment: Bytes,
    /// END_HEADERS: no CONTINUATION follows.
    pub end_headers: bool,
    /// The pad length when the frame is PADDED.
    pub padding: Option<u8>,
}

impl PushPromise {
    /// Octets of the promised stream id field.
    pub const PROMISED_ID_LEN: usize = 4;

    /// A complete (END_HEADERS) promise, unpadded.
    pub fn new(stream_id: StreamId, promised_id: StreamId, fragment: impl Into<Bytes>) -> Self {
        Self {
            stream_id,
            promised_id,
            fragment: fragment.into(),
            end_headers: true,
            padding: None,
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
        let promised_id = self.promised_id.value().to_be_bytes();
        put_padded(dst, self.padding, &promised_id, fragment);
    }

    fn header_for(&self, fragment_len: usize) -> FrameHeader {
        FrameHeader {
            length: padded_length(self.padding, Self::PROMISED_ID_LEN, fragment_len),
            kind: FrameKind::PUSH_PROMISE,
            flags: Flags::EMPTY
                .with_if(Flags::END_HEADERS, self.end_headers)
                .with_if(Flags::PADDED, self.padding.is_some()),
            stream_id: self.stream_id,
        }
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // "If the Stream Identifier field specifies the value 0x00, a
        // recipient MUST respond with a connection error (Section 5.4.1) of
        // type PROTOCOL_ERROR." (§6.6)
        if header.stream_id.is_zero() {
            return Err(FrameError::MissingStreamId {
                kind: FrameKind::PUSH_PROMISE,
            });
        }
        let too_short = || FrameError::PushPromiseTooShort {
            stream_id: header.stream_id,
            length: reported_len(&payload),
        };
        let unpadded = unpad(header, &payload, Self::PROMISED_ID_LEN, too_short)?;
        let word = payload
            .get(unpadded.start..)
            .and_then(read_u32)
            .ok_or_else(too_short)?;
        // The reserved bit is ignored (§6.6: "R: A single reserved bit.").
        let promised_id = StreamId::new(word);
        // Stream 0 is the connection and can never be promised (§5.1.1).
        if promised_id.is_zero() {
            return Err(FrameError::ZeroPromisedStreamId {
                stream_id: header.stream_id,
            });
        }
        Ok(Self {
            stream_id: header.stream_id,
            promised_id,
            fragment: payload.slice(unpadded.start + Self::PROMISED_ID_LEN..unpadded.end),
            end_headers: header.flags.contains(Flags::END_HEADERS),
            padding: unpadded.pad_length,
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for PushPromise {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: crate::arb::nonzero_stream_id(u)?,
            promised_id: crate::arb::nonzero_stream_id(u)?,
            fragment: crate::arb::bytes(u)?,
            end_headers: u.arbitrary()?,
            padding: u.arbitrary()?,
        })
    }
}
