//! ALTSVC (RFC 7838 §4).

use bytes::{BufMut, Bytes};

use crate::header::{payload_length, reported_len};
use crate::{Flags, FrameError, FrameHeader, FrameKind, StreamId};

/// An ALTSVC frame: advertises an alternative service (RFC 7838 §4).
///
/// ```text
/// +-------------------------------+-------------------------------+
/// |         Origin-Len (16)       | Origin? (*)                 ...
/// +-------------------------------+-------------------------------+
/// |                   Alt-Svc-Field-Value (*)                   ...
/// +---------------------------------------------------------------+
/// ```
///
/// Framing is all this layer checks. Whether the frame is meaningful (see
/// [`AltSvc::must_be_ignored`]) and whether the receiver is a client is for
/// the connection to decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AltSvc {
    /// 0 when `origin` names the origin; otherwise the stream whose origin is meant.
    pub stream_id: StreamId,
    /// The ASCII origin (empty on a stream); a slice of the received buffer.
    pub origin: Bytes,
    /// The Alt-Svc field value; a slice of the received buffer.
    pub field_value: Bytes,
}

impl AltSvc {
    /// An ALTSVC frame.
    pub fn new(
        stream_id: StreamId,
        origin: impl Into<Bytes>,
        field_value: impl Into<Bytes>,
    ) -> Self {
        Self {
            stream_id,
            origin: origin.into(),
            field_value: field_value.into(),
        }
    }

    /// Whether RFC 7838 §4 says to ignore this frame: "An ALTSVC frame on
    /// stream 0 with empty (length 0) "Origin" information is invalid and
    /// MUST be ignored. An ALTSVC frame on a stream other than stream 0
    /// containing non-empty "Origin" information is invalid and MUST be
    /// ignored."
    pub fn must_be_ignored(&self) -> bool {
        self.stream_id.is_zero() == self.origin.is_empty()
    }

    /// The header this frame is written with.
    ///
    /// # Panics
    ///
    /// If `origin` is longer than 65535 octets, which its 16-bit length
    /// field cannot express.
    pub fn header(&self) -> FrameHeader {
        assert!(
            u16::try_from(self.origin.len()).is_ok(),
            "ALTSVC origin longer than 65535 octets"
        );
        FrameHeader {
            length: payload_length(2 + self.origin.len() + self.field_value.len()),
            kind: FrameKind::ALTSVC,
            flags: Flags::EMPTY,
            stream_id: self.stream_id,
        }
    }

    /// Writes the whole frame; panics as [`AltSvc::header`].
    pub fn encode(&self, dst: &mut impl BufMut) {
        let header = self.header();
        header.encode(dst);
        dst.put_u16(self.origin.len() as u16);
        dst.put_slice(&self.origin);
        dst.put_slice(&self.field_value);
    }

    pub(crate) fn parse(header: &FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        // The 2-octet Origin-Len is mandatory, and the origin must fit in
        // the payload; otherwise the frame is "too small to contain
        // mandatory frame data" (RFC 9113 §4.2). We make this a connection
        // error: an ALTSVC that cannot be framed says the peer's framing is
        // broken, whatever stream it names.
        let Some(len_field) = payload.get(..2) else {
            return Err(FrameError::AltSvcTooShort {
                stream_id: header.stream_id,
                length: reported_len(&payload),
            });
        };
        let origin_length = u16::from_be_bytes([len_field[0], len_field[1]]);
        let origin_end = 2 + usize::from(origin_length);
        if origin_end > payload.len() {
            return Err(FrameError::AltSvcOriginOverrun {
                stream_id: header.stream_id,
                origin_length,
                available: reported_len(&payload[2..]),
            });
        }
        Ok(Self {
            stream_id: header.stream_id,
            origin: payload.slice(2..origin_end),
            field_value: payload.slice(origin_end..),
        })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for AltSvc {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self {
            stream_id: u.arbitrary()?,
            origin: crate::arb::bytes_up_to(u, usize::from(u16::MAX))?,
            field_value: crate::arb::bytes(u)?,
        })
    }
}
