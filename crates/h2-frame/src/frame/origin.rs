//! ORIGIN (RFC 8336 §2).

use alloc::vec::Vec;

use bytes::{BufMut, Bytes};

use crate::header::payload_length;
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// An ORIGIN frame on stream 0: the origins the server is authoritative for
/// (RFC 8336 §2).
///
/// ```text
/// +-------------------------------+-------------------------------+
/// |         Origin-Len (16)       | ASCII-Origin?               ...
/// +-------------------------------+-------------------------------+
/// ```
/// (repeated for each entry)
///
/// "The ORIGIN frame MUST be sent on stream 0; an ORIGIN frame on any other
/// stream is invalid and MUST be ignored" (RFC 8336 §2.1), so an ORIGIN frame
/// on another stream is not parsed: it is handed up as an
/// [`Unknown`](crate::Unknown) frame, which the connection ignores anyway.
/// Flags are ignored (§2.1 defines none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The ASCII origins in order; slices of the received buffer.
    pub origins: Vec<Bytes>,
}

impl Origin {
    /// An ORIGIN frame listing `origins`.
    pub fn new(origins: Vec<Bytes>) -> Self {
        Self { origins }
    }

    /// The header this frame is written with.
    ///
    /// # Panics
    ///
    /// If an origin is longer than 65535 octets, which its 16-bit length
    /// field cannot express.
    pub fn header(&self) -> FrameHeader {
        let mut len = 0;
        for origin in &self.origins {
            assert!(
                u16::try_from(origin.len()).is_ok(),
                "ORIGIN entry longer than 65535 octets"
            );
            len += 2 + origin.len();
        }
        FrameHeader {
            length: payload_length(len),
            kind: FrameKind::ORIGIN,
            flags: Flags::EMPTY,
            stream_id: StreamId::ZERO,
        }
    }

    /// Writes the whole frame; panics as [`Origin::header`].
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        for origin in &self.origins {
            dst.put_u16(origin.len() as u16);
            dst.put_slice(origin);
        }
    }

    /// Parses the payload of an ORIGIN frame already known to be on stream 0.
    pub(crate) fn parse(payload: Bytes) -> Result<Self, FrameError> {
        let mut origins = Vec::new();
        let mut at = 0;
        while at < payload.len() {
            // An entry cut short is "too small to contain mandatory frame
            // data" (RFC 9113 §4.2) on stream 0: a connection error.
            let end = payload
                .get(at..at + 2)
                .map(|len| at + 2 + usize::from(u16::from_be_bytes([len[0], len[1]])))
                .filter(|&end| end <= payload.len())
                .ok_or(FrameError::OriginEntryOverrun { offset: at as u32 })?;
            origins.push(payload.slice(at + 2..end));
            at = end;
        }
        Ok(Self { origins })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Origin {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let count = u.arbitrary_len::<u16>()?.min(64);
        let mut origins = Vec::with_capacity(count);
        for _ in 0..count {
            origins.push(crate::arb::bytes_up_to(u, 1024)?);
        }
        Ok(Self { origins })
    }
}
