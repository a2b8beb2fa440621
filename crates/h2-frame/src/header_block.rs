//! Splitting an encoded header block into HEADERS or PUSH_PROMISE plus
//! CONTINUATION frames (RFC 9113 §4.3, §6.10).

use bytes::{BufMut, Bytes};

use crate::{Continuation, FrameHeader, Headers, PrioritySpec, PushPromise, StreamId};

/// The frame that opens a header block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderBlockStart {
    /// A HEADERS frame.
    Headers {
        /// The stream.
        stream_id: StreamId,
        /// END_STREAM on the HEADERS frame.
        end_stream: bool,
        /// Priority fields on the HEADERS frame; their 5 octets count
        /// toward the first frame's size.
        priority: Option<PrioritySpec>,
    },
    /// A PUSH_PROMISE frame; the 4-octet promised id counts toward the
    /// first frame's size.
    PushPromise {
        /// The stream the promise is made on.
        stream_id: StreamId,
        /// The stream reserved for the push.
        promised_id: StreamId,
    },
}

impl HeaderBlockStart {
    /// Octets of the first frame's payload taken before the fragment.
    const fn fixed_len(&self) -> usize {
        match self {
            Self::Headers {
                priority: Some(_), ..
            } => PrioritySpec::LEN,
            Self::Headers { priority: None, .. } => 0,
            Self::PushPromise { .. } => PushPromise::PROMISED_ID_LEN,
        }
    }

    const fn stream_id(&self) -> StreamId {
        match self {
            Self::Headers { stream_id, .. } | Self::PushPromise { stream_id, .. } => *stream_id,
        }
    }
}

/// `max_frame_size` cannot carry the header block: it is 0, larger than the
/// 24-bit length field, or too small for the first frame's fixed fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a maximum frame size of {0} octets cannot carry a header block")]
pub struct InvalidMaxFrameSize(pub u32);

/// Writes a complete header block as one HEADERS (or PUSH_PROMISE) frame
/// followed by as many CONTINUATION frames as needed, none with a payload
/// above `max_frame_size` (the peer's SETTINGS_MAX_FRAME_SIZE).
///
/// "A header block MUST be transmitted as a contiguous sequence of frames"
/// (§4.3): the caller writes nothing in between. END_HEADERS is set on the
/// last frame only; an empty block still gives one HEADERS frame. No
/// padding is written.
///
/// ```
/// use h2_frame::{write_header_block, HeaderBlockStart, StreamId};
/// let start = HeaderBlockStart::Headers { stream_id: StreamId::new(1), end_stream: true, priority: None };
/// let mut out = Vec::new();
/// write_header_block(start, &[0x82, 0x86, 0x84], 2, &mut out).unwrap();
/// assert_eq!(out, [
///     0, 0, 2, 0x1, 0x1, 0, 0, 0, 1, 0x82, 0x86, // HEADERS, END_STREAM
///     0, 0, 1, 0x9, 0x4, 0, 0, 0, 1, 0x84,       // CONTINUATION, END_HEADERS
/// ]);
/// ```
pub fn write_header_block(
    start: HeaderBlockStart,
    block: &[u8],
    max_frame_size: u32,
    dst: &mut impl BufMut,
) -> Result<(), InvalidMaxFrameSize> {
    let max = max_frame_size as usize;
    let fixed = start.fixed_len();
    if max_frame_size == 0 || max_frame_size > FrameHeader::MAX_LENGTH || max < fixed {
        return Err(InvalidMaxFrameSize(max_frame_size));
    }
    let first_len = block.len().min(max - fixed);
    let (first, mut rest) = block.split_at(first_len);
    let end_headers = rest.is_empty();
    // The frames are built with empty fragments and written with borrowed
    // chunks of `block`: nothing is copied into a `Bytes`.
    match start {
        HeaderBlockStart::Headers {
            stream_id,
            end_stream,
            priority,
        } => Headers {
            stream_id,
            fragment: Bytes::new(),
            end_stream,
            end_headers,
            priority,
            padding: None,
        }
        .encode_with(first, dst),
        HeaderBlockStart::PushPromise {
            stream_id,
            promised_id,
        } => PushPromise {
            stream_id,
            promised_id,
            fragment: Bytes::new(),
            end_headers,
            padding: None,
        }
        .encode_with(first, dst),
    }
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(rest.len().min(max));
        rest = tail;
        Continuation::new(start.stream_id(), Bytes::new(), rest.is_empty()).encode_with(chunk, dst);
    }
    Ok(())
}
