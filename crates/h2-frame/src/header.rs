//! The 9-octet frame header (RFC 9113 §4.1).

use bytes::BufMut;

use crate::{Flags, FrameKind, StreamId};

/// The fixed 9-octet header that starts every frame (RFC 9113 §4.1).
///
/// ```text
/// +-----------------------------------------------+
/// |                 Length (24)                   |
/// +---------------+---------------+---------------+
/// |   Type (8)    |   Flags (8)   |
/// +-+-------------+---------------+-------------------------------+
/// |R|                 Stream Identifier (31)                      |
/// +=+=============================================================+
/// ```
///
/// ```
/// use h2_frame::{Flags, FrameHeader, FrameKind, StreamId};
/// let bytes = [0, 0, 3, 0x0, 0x8, 0x80, 0, 0, 1];
/// let header = FrameHeader::parse(&bytes);
/// assert_eq!(header.length, 3);
/// assert_eq!(header.kind, FrameKind::DATA);
/// assert_eq!(header.flags, Flags::PADDED);
/// assert_eq!(header.stream_id, StreamId::new(1)); // reserved bit ignored
/// assert_eq!(header.to_bytes(), [0, 0, 3, 0x0, 0x8, 0, 0, 0, 1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameHeader {
    /// Length of the payload in octets (24 bits on the wire).
    pub length: u32,
    /// The frame type.
    pub kind: FrameKind,
    /// The raw flags octet, as received.
    pub flags: Flags,
    /// The stream the frame belongs to; the reserved bit is not part of it.
    pub stream_id: StreamId,
}

impl FrameHeader {
    /// Size of the header on the wire.
    pub const LEN: usize = 9;
    /// The largest payload length the 24-bit length field can carry, 2^24-1.
    pub const MAX_LENGTH: u32 = (1 << 24) - 1;

    /// Reads a header. Every 9-octet value is a header, so this cannot fail.
    /// Of the reserved bit, "The semantics of this bit are undefined, and the
    /// bit MUST remain unset (0x00) when sending and MUST be ignored when
    /// receiving" (§4.1), so it is dropped.
    pub const fn parse(bytes: &[u8; Self::LEN]) -> Self {
        Self {
            length: u32::from_be_bytes([0, bytes[0], bytes[1], bytes[2]]),
            kind: FrameKind(bytes[3]),
            flags: Flags(bytes[4]),
            stream_id: StreamId::new(u32::from_be_bytes([bytes[5], bytes[6], bytes[7], bytes[8]])),
        }
    }

    /// The header as it goes on the wire, with the reserved bit unset.
    ///
    /// # Panics
    ///
    /// If `length` exceeds [`Self::MAX_LENGTH`]: such a frame cannot be
    /// expressed, and writing a truncated length would corrupt the stream.
    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        assert!(
            self.length <= Self::MAX_LENGTH,
            "frame payload of {} octets exceeds the 24-bit length field",
            self.length
        );
        let len = self.length.to_be_bytes();
        let id = self.stream_id.value().to_be_bytes();
        [
            len[1],
            len[2],
            len[3],
            self.kind.0,
            self.flags.0,
            id[0],
            id[1],
            id[2],
            id[3],
        ]
    }

    /// Writes the header to `dst`.
    ///
    /// # Panics
    ///
    /// As [`Self::to_bytes`], and if `dst` has no room left (as [`BufMut::put_slice`]).
    pub fn encode(&self, dst: &mut impl BufMut) {
        dst.put_slice(&self.to_bytes());
    }
}

impl core::fmt::Display for FrameHeader {
    /// `HEADERS len=12 flags=0x05 stream=1`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} len={} flags={} stream={}",
            self.kind, self.length, self.flags, self.stream_id
        )
    }
}

/// A payload length as the 24-bit field wants it.
///
/// # Panics
///
/// When it does not fit: see [`FrameHeader::to_bytes`].
pub(crate) fn payload_length(len: usize) -> u32 {
    match u32::try_from(len) {
        Ok(len) if len <= FrameHeader::MAX_LENGTH => len,
        _ => panic!("frame payload of {len} octets exceeds the 24-bit length field"),
    }
}

/// A received payload's length for an error report (payloads never pass 2^24).
pub(crate) fn reported_len(payload: &[u8]) -> u32 {
    u32::try_from(payload.len()).unwrap_or(u32::MAX)
}
