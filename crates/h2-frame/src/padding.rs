//! Padding shared by DATA, HEADERS and PUSH_PROMISE (RFC 9113 §6.1, §6.2, §6.6).

use bytes::BufMut;

use crate::header::payload_length;
use crate::{FrameError, FrameHeader};

/// Where the useful part of a possibly padded payload lies.
pub(crate) struct Unpadded {
    /// The pad length field, when the PADDED flag is set.
    pub(crate) pad_length: Option<u8>,
    /// Offset of the first octet after the pad length field.
    pub(crate) start: usize,
    /// Offset one past the last octet before the padding.
    pub(crate) end: usize,
}

/// Locates the padding of a payload whose fixed fields (after the pad
/// length) take `fixed` octets; `too_short` is the error for a payload that
/// cannot hold those fixed fields.
///
/// An empty body after the fixed fields is valid, so padding that fills the
/// rest of the payload exactly is accepted (SPEC Q-17, second half).
pub(crate) fn unpad(
    header: &FrameHeader,
    payload: &[u8],
    fixed: usize,
    too_short: impl FnOnce() -> FrameError,
) -> Result<Unpadded, FrameError> {
    let len = payload.len();
    if !header.flags.contains(crate::Flags::PADDED) {
        if len < fixed {
            return Err(too_short());
        }
        return Ok(Unpadded {
            pad_length: None,
            start: 0,
            end: len,
        });
    }
    let Some(&pad_length) = payload.first() else {
        return Err(FrameError::PadLengthMissing {
            kind: header.kind,
            stream_id: header.stream_id,
        });
    };
    let Some(room) = (len - 1).checked_sub(fixed) else {
        return Err(too_short());
    };
    // "If the length of the padding is the length of the frame payload or
    // greater, the recipient MUST treat this as a connection error
    // (Section 5.4.1) of type PROTOCOL_ERROR." (§6.1, §6.2, §6.6). Padding
    // that would also cover HEADERS' priority fields or PUSH_PROMISE's
    // promised id leaves those unreadable, so the room counted is what is
    // left after them (RFC 7540 §6.2 said it outright: "Padding that exceeds
    // the size remaining for the header block fragment MUST be treated as a
    // PROTOCOL_ERROR").
    if usize::from(pad_length) > room {
        return Err(FrameError::PaddingTooLong {
            kind: header.kind,
            stream_id: header.stream_id,
            pad_length,
            room: room as u32,
        });
    }
    Ok(Unpadded {
        pad_length: Some(pad_length),
        start: 1,
        end: len - usize::from(pad_length),
    })
}

/// The payload length of a DATA, HEADERS or PUSH_PROMISE frame whose fixed
/// fields take `fixed` octets and whose body takes `body`, padding included.
///
/// # Panics
///
/// When the sum does not fit the 24-bit length field (see [`Frame::encode`](crate::Frame::encode)).
pub(crate) fn padded_length(pad_length: Option<u8>, fixed: usize, body: usize) -> u32 {
    let padding = pad_length.map_or(0, |pad| 1 + usize::from(pad));
    payload_length(padding + fixed + body)
}

/// Writes a DATA, HEADERS or PUSH_PROMISE payload: the pad length field when
/// padded, the fixed fields, the body, then the padding, zeroed: "Padding
/// octets MUST be set to zero when sending" (§6.1, §6.2, §6.6).
pub(crate) fn put_padded(dst: &mut impl BufMut, pad_length: Option<u8>, fixed: &[u8], body: &[u8]) {
    if let Some(pad) = pad_length {
        dst.put_u8(pad);
    }
    dst.put_slice(fixed);
    dst.put_slice(body);
    if let Some(pad) = pad_length {
        dst.put_bytes(0, usize::from(pad));
    }
}
