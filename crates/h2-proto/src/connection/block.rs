//! Header block assembly: a HEADERS or PUSH_PROMISE frame without
//! END_HEADERS, then CONTINUATION frames on the same stream, and nothing else
//! in between (RFC 9113 §4.3, §6.10).

use bytes::{Bytes, BytesMut};
use h2_frame::{Continuation, PrioritySpec, StreamId};

use crate::{Error, Limit, Limits, ProtocolError};

/// The frame that opened a header block, without its fragment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockStart {
    /// A HEADERS frame.
    Headers {
        /// Its stream.
        stream_id: StreamId,
        /// END_STREAM on the HEADERS frame.
        end_stream: bool,
        /// Its priority fields, if the PRIORITY flag was set.
        priority: Option<PrioritySpec>,
    },
    /// A PUSH_PROMISE frame.
    PushPromise {
        /// The stream it arrived on.
        stream_id: StreamId,
        /// The stream it reserves.
        promised_id: StreamId,
    },
}

impl BlockStart {
    pub(crate) fn stream_id(&self) -> StreamId {
        match self {
            Self::Headers { stream_id, .. } | Self::PushPromise { stream_id, .. } => *stream_id,
        }
    }
}

/// A header block whose END_HEADERS has not arrived yet.
#[derive(Debug)]
pub(crate) struct PendingBlock {
    pub(crate) start: BlockStart,
    fragments: BytesMut,
    frames: usize,
}

impl PendingBlock {
    /// Starts a block with the first frame's fragment, checking the limits
    /// before anything is buffered.
    pub(crate) fn start(
        start: BlockStart,
        fragment: &[u8],
        limits: &Limits,
    ) -> Result<Self, Error> {
        check_limits(1, fragment.len(), limits)?;
        Ok(Self {
            start,
            fragments: BytesMut::from(fragment),
            frames: 1,
        })
    }

    /// Adds a CONTINUATION frame. The limits are checked before its fragment
    /// is buffered (a CONTINUATION flood costs at most the limit).
    pub(crate) fn push(&mut self, frame: &Continuation, limits: &Limits) -> Result<(), Error> {
        // "A CONTINUATION frame MUST be preceded by a HEADERS, PUSH_PROMISE
        // or CONTINUATION frame without the END_HEADERS flag set" on the
        // same stream (§6.10); a frame for another stream interrupts the
        // block, which "MUST" be "a connection error of type PROTOCOL_ERROR".
        if frame.stream_id != self.start.stream_id() {
            return Err(Error::Protocol(ProtocolError::ContinuationExpected {
                stream_id: self.start.stream_id(),
            }));
        }
        let frames = self.frames + 1;
        check_limits(frames, self.fragments.len() + frame.fragment.len(), limits)?;
        self.frames = frames;
        self.fragments.extend_from_slice(&frame.fragment);
        Ok(())
    }

    /// Octets buffered so far.
    pub(crate) fn len(&self) -> usize {
        self.fragments.len()
    }

    /// The whole block.
    pub(crate) fn finish(self) -> (BlockStart, Bytes) {
        (self.start, self.fragments.freeze())
    }
}

fn check_limits(frames: usize, size: usize, limits: &Limits) -> Result<(), Error> {
    if frames > limits.max_header_block_frames {
        return Err(Error::DenialOfService {
            limit: Limit::HeaderBlockFrames,
        });
    }
    if size > limits.max_header_block_size {
        return Err(Error::DenialOfService {
            limit: Limit::HeaderBlockSize,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> BlockStart {
        BlockStart::Headers {
            stream_id: StreamId::new(1),
            end_stream: false,
            priority: None,
        }
    }

    /// SPEC RX-4, DOS-3: at most 64 frames per block by default.
    #[test]
    fn the_65th_frame_of_a_block_is_refused() {
        let limits = Limits::default();
        let mut block = PendingBlock::start(start(), b"a", &limits).unwrap();
        let more = Continuation::new(StreamId::new(1), &b"b"[..], false);
        for _ in 1..64 {
            block.push(&more, &limits).unwrap();
        }
        assert_eq!(
            block.push(&more, &limits),
            Err(Error::DenialOfService {
                limit: Limit::HeaderBlockFrames
            })
        );
        let (_, bytes) = block.finish();
        assert_eq!(bytes.len(), 64);
    }

    #[test]
    fn size_is_checked_before_buffering() {
        let limits = Limits {
            max_header_block_size: 4,
            ..Limits::default()
        };
        let mut block = PendingBlock::start(start(), b"abc", &limits).unwrap();
        let more = Continuation::new(StreamId::new(1), &b"de"[..], true);
        assert!(block.push(&more, &limits).is_err());
        assert_eq!(block.finish().1, &b"abc"[..]);
    }

    /// SPEC RX-4: only a CONTINUATION on the same stream may follow.
    #[test]
    fn continuation_on_another_stream_is_a_protocol_error() {
        let limits = Limits::default();
        let mut block = PendingBlock::start(start(), b"a", &limits).unwrap();
        let other = Continuation::new(StreamId::new(3), &b"b"[..], true);
        assert_eq!(
            block.push(&other, &limits),
            Err(Error::Protocol(ProtocolError::ContinuationExpected {
                stream_id: StreamId::new(1)
            }))
        );
    }
}
