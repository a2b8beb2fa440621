//! HEADERS (RFC 9113 §6.2).

use bytes::{BufMut, Bytes};

use super::priority_spec::PrioritySpec;
use crate::header::reported_len;
use crate::padding::{padded_length, put_padded, unpad};
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// A HEADERS frame: opens a stream and carries the first fragment of a header block.
///
/// ```text
/// +---------------+
/// |Pad Length? (8)|
/// +-+-------------+-----------------------------------------------+
/// |E|                 Stream Dependency? (31)                     |
/// +-+-------------+-----------------------------------------------+
/// |  Weight? (8)  |
/// +-+-------------+-----------------------------------------------+
/// |                   Header Block Fragment (*)                 ...
/// +---------------------------------------------------------------+
/// |                           Padding (*)                       ...
/// +---------------------------------------------------------------+
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headers {
    /// The stream; never 0 in a received frame.
    pub stream_id: StreamId,
    /// The header block fragment (HPACK octets); a slice of the received buffer.
    pub fragment: Bytes,
    /// END_STREAM: the header block is the last thing sent on the stream.
    pub end_stream: bool,
    /// END_HEADERS: no CONTINUATION follows.
    pub end_headers: bool,
    /// The priority fields, present when the PRIORITY flag is set.
    pub priority: Option<PrioritySpec>,
    /// The pad length when the frame is PADDED.
    pub padding: Option<u8>,
}

impl Headers {
    /// A complete (END_HEADERS) block on `stream_id`, no priority, no padding.
    pub fn new(stream_id: StreamId, fragment: impl Into<Bytes>) -> Self {
        Self {
            stream_id,
            fragment: fragment.into(),
            end_stream: false,
            end_headers: true,
            priority: None,
            padding: None,
        }
    }

    /// The same frame with END_STREAM set.
    #[must_use]
    pub fn with_end_stream(mut self) -> Self {
        self.end_stream = true;
        self
    }

    /// Whether the priority fields make the stream depend on itself.
    ///
    /// "A stream cannot depend on itself. An endpoint MUST treat this as a
    /// stream error (Section 5.4.2) of type PROTOCOL_ERROR." (RFC 7540
    /// §5.3.1, whose priority fields RFC 9113 §5.3.2 keeps). This layer does
    /// not enforce it on HEADERS: the header block must still be decoded to
    /// keep HPACK in step, so `h2-proto` checks this after decoding the block
    /// and then resets the stream.
    pub fn is_self_dependent(&self) -> bool {
        self.priority
            .is_some_and(|spec| spec.dependency == self.stream_id)
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        self.header_for(self.fragment.len())
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.encode_with(&self.fragment, dst);
    }

    /// Writes this frame with `fragment` in place of `self.fragment`, so
    /// that [`write_header_block`](crate::write_header_block) can write
    /// borrowed chunks of a block without copying them into `Bytes`.
    pub(crate) fn encode_with(&self, fragment: &[u8], dst: &mut impl BufMut) {
        self.header_for(fragment.len()).encode(dst);
        let priority = self.priority.map(|spec| spec.to_bytes());
        let fixed = priority.as_ref().map_or(&[][..], |fields| &fields[..]);
        put_padded(dst, self.padding, fixed, fragment);
    }

    fn header_for(&self, fragment_len: usize) -> FrameHeader {
        let fixed = if self.priority.is_some() {
            PrioritySpec::LEN
        } else {
            0
        };
        FrameHeader {
            length: padded_length(self.padding, fixed, fragment_len),
            kind: FrameKind::HEADERS,
            flags: Flags::EMPTY
                .with_if(Flags::END_STREAM, self.end_stream)
                .with_if(Flags::END_HEADERS, self.end_headers)
                .with_if(Flags::PADDED, self.padding.is_some())
                .with_if(Flags::PRIORITY, self.priority.is_some()),
            stream_id: self.stream_id,
        }
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // "If a HEADERS frame is received whose Stream Identifier field is
        // 0x00, the recipient MUST respond with a connection error (Section
        // 5.4.1) of type PROTOCOL_ERROR." (§6.2)
        if header.stream_id.is_zero() {
            return Err(FrameError::MissingStreamId {
                kind: FrameKind::HEADERS,
            });
        }
        let has_priority = header.flags.contains(Flags::PRIORITY);
        let fixed = if has_priority { PrioritySpec::LEN } else { 0 };
        // A frame too small to contain mandatory frame data is a
        // FRAME_SIZE_ERROR, and a connection error for any frame carrying a
        // field block (§4.2).
        let unpadded = unpad(header, &payload, fixed, || FrameError::HeadersTooShort {
            stream_id: header.stream_id,
            length: reported_len(&payload),
        })?;
        let mut start = unpadded.start;
        let priority = if has_priority {
            let fields = payload
                .get(start..start + PrioritySpec::LEN)
                .and_then(|s| <&[u8; PrioritySpec::LEN]>::try_from(s).ok())
                .ok_or(FrameError::HeadersTooShort {
                    stream_id: header.stream_id,
                    length: reported_len(&payload),
                })?;
            start += PrioritySpec::LEN;
            Some(PrioritySpec::parse(fields))
        } else {
            None
        };
        let fragment = if start == 0 && unpadded.end == payload.len() {
            payload
        } else {
            payload.slice(start..unpadded.end)
        };
        Ok(Self {
            stream_id: header.stream_id,
            fragment,
            end_stream: header.flags.contains(Flags::END_STREAM),
            end_headers: header.flags.contains(Flags::END_HEADERS),
            priority,
            padding: unpadded.pad_length,
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Headers {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: crate::arb::nonzero_stream_id(u)?,
            fragment: crate::arb::bytes(u)?,
            end_stream: u.arbitrary()?,
            end_headers: u.arbitrary()?,
            priority: u.arbitrary()?,
            padding: u.arbitrary()?,
        })
    }
}
