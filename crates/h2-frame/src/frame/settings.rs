//! SETTINGS (RFC 9113 §6.5).

use alloc::vec::Vec;

use bytes::BufMut;

use crate::header::{payload_length, reported_len};
use crate::{Flags, FrameError, FrameHeader, FrameKind, Setting, SettingId, StreamId};

/// A SETTINGS frame, or its acknowledgement.
///
/// Values are kept as received, unknown identifiers included; checking them
/// is `h2-settings`' job.
///
/// ```
/// use h2_frame::{Setting, SettingId, Settings};
/// let frame = Settings::new(vec![Setting::new(SettingId::ENABLE_PUSH, 0)]);
/// let mut out = Vec::new();
/// frame.encode(&mut out);
/// assert_eq!(out, [0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Settings {
    /// ACK: acknowledges the peer's SETTINGS; then `settings` is empty.
    pub ack: bool,
    /// The parameters, in wire order (repeats included: the last one wins, §6.5).
    pub settings: Vec<Setting>,
}

impl Settings {
    /// Octets per setting on the wire.
    pub const ENTRY_LEN: usize = 6;

    /// A SETTINGS frame carrying `settings`.
    pub fn new(settings: Vec<Setting>) -> Self {
        Self {
            ack: false,
            settings,
        }
    }

    /// An acknowledgement (empty, with ACK).
    pub const fn ack() -> Self {
        Self {
            ack: true,
            settings: Vec::new(),
        }
    }

    /// The header this frame is written with.
    pub fn header(&self) -> FrameHeader {
        FrameHeader {
            length: payload_length(self.settings.len() * Self::ENTRY_LEN),
            kind: FrameKind::SETTINGS,
            flags: Flags::EMPTY.with_if(Flags::ACK, self.ack),
            stream_id: StreamId::ZERO,
        }
    }

    /// Writes the whole frame; see [`Frame::encode`](crate::Frame::encode).
    pub fn encode(&self, dst: &mut impl BufMut) {
        self.header().encode(dst);
        for setting in &self.settings {
            dst.put_u16(setting.id.0);
            dst.put_u32(setting.value);
        }
    }

    pub(crate) fn parse(header: &FrameHeader, payload: &[u8]) -> Result<Self, FrameError> {
        // "If an endpoint receives a SETTINGS frame whose Stream Identifier
        // field is anything other than 0x00, the endpoint MUST respond with a
        // connection error (Section 5.4.1) of type PROTOCOL_ERROR." (§6.5)
        if !header.stream_id.is_zero() {
            return Err(FrameError::UnexpectedStreamId {
                kind: FrameKind::SETTINGS,
                stream_id: header.stream_id,
            });
        }
        let ack = header.flags.contains(Flags::ACK);
        // "Receipt of a SETTINGS frame with the ACK flag set and a length
        // field value other than 0 MUST be treated as a connection error
        // (Section 5.4.1) of type FRAME_SIZE_ERROR." (§6.5)
        if ack && !payload.is_empty() {
            return Err(FrameError::SettingsAckWithPayload {
                length: reported_len(payload),
            });
        }
        // "A SETTINGS frame with a length other than a multiple of 6 octets
        // MUST be treated as a connection error (Section 5.4.1) of type
        // FRAME_SIZE_ERROR." (§6.5)
        if payload.len() % Self::ENTRY_LEN != 0 {
            return Err(FrameError::SettingsLength {
                length: reported_len(payload),
            });
        }
        let settings = payload
            .chunks_exact(Self::ENTRY_LEN)
            .map(|entry| Setting {
                id: SettingId(u16::from_be_bytes([entry[0], entry[1]])),
                value: u32::from_be_bytes([entry[2], entry[3], entry[4], entry[5]]),
            })
            .collect();
        Ok(Self { ack, settings })
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Settings {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        if u.arbitrary()? {
            Ok(Self::ack())
        } else {
            Ok(Self::new(u.arbitrary()?))
        }
    }
}
