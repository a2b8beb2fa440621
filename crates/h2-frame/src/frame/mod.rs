//! The frame types and the [`Frame`] enum over them.

mod altsvc;
mod continuation;
mod data;
mod goaway;
mod headers;
mod origin;
mod ping;
mod priority;
mod priority_spec;
mod priority_update;
mod push_promise;
mod rst_stream;
mod settings;
mod unknown;
mod window_update;

pub use altsvc::AltSvc;
pub use continuation::Continuation;
pub use data::Data;
pub use goaway::GoAway;
pub use headers::Headers;
pub use origin::Origin;
pub use ping::Ping;
pub use priority::Priority;
pub use priority_spec::PrioritySpec;
pub use priority_update::PriorityUpdate;
pub use push_promise::PushPromise;
pub use rst_stream::RstStream;
pub use settings::Settings;
pub use unknown::Unknown;
pub use window_update::WindowUpdate;

use bytes::{BufMut, Bytes};

use crate::{FrameError, FrameHeader, FrameKind, StreamId};

/// Any HTTP/2 frame.
///
/// ```
/// use h2_frame::{Data, Frame, FrameHeader, StreamId};
/// let frame = Frame::from(Data::new(StreamId::new(1), &b"hi"[..]).with_end_stream());
/// let mut wire = Vec::new();
/// frame.encode(&mut wire);
/// assert_eq!(wire, [0, 0, 2, 0, 1, 0, 0, 0, 1, b'h', b'i']);
/// assert_eq!(frame.encoded_len(), wire.len());
///
/// let header = FrameHeader::parse(wire[..9].try_into().unwrap());
/// let parsed = Frame::parse(header, bytes::Bytes::copy_from_slice(&wire[9..])).unwrap();
/// assert_eq!(parsed, frame);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Frame {
    /// DATA (§6.1).
    Data(Data),
    /// HEADERS (§6.2).
    Headers(Headers),
    /// PRIORITY (§6.3).
    Priority(Priority),
    /// RST_STREAM (§6.4).
    RstStream(RstStream),
    /// SETTINGS (§6.5).
    Settings(Settings),
    /// PUSH_PROMISE (§6.6).
    PushPromise(PushPromise),
    /// PING (§6.7).
    Ping(Ping),
    /// GOAWAY (§6.8).
    GoAway(GoAway),
    /// WINDOW_UPDATE (§6.9).
    WindowUpdate(WindowUpdate),
    /// CONTINUATION (§6.10).
    Continuation(Continuation),
    /// ALTSVC (RFC 7838 §4).
    AltSvc(AltSvc),
    /// ORIGIN (RFC 8336 §2), on stream 0.
    Origin(Origin),
    /// PRIORITY_UPDATE (RFC 9218 §7.1).
    PriorityUpdate(PriorityUpdate),
    /// Any other type, kept as received (§5.5).
    Unknown(Unknown),
}

impl Frame {
    /// Parses a frame from its header and its whole payload.
    ///
    /// `payload` is the frame's payload and nothing else; `header.length` is
    /// not consulted, and the maximum frame size is the decoder's business
    /// ([`FrameDecoder`](crate::FrameDecoder)). DATA payloads, header block
    /// fragments and other variable fields are slices of `payload`: nothing
    /// is copied. Every check of RFC 9113 §4–§6 that needs no connection
    /// state is made here; each failure names its error code and scope.
    pub fn parse(header: FrameHeader, payload: Bytes) -> Result<Self, FrameError> {
        match header.kind {
            FrameKind::DATA => Data::parse(&header, payload).map(Self::Data),
            FrameKind::HEADERS => Headers::parse(&header, payload).map(Self::Headers),
            FrameKind::PUSH_PROMISE => PushPromise::parse(&header, payload).map(Self::PushPromise),
            FrameKind::GOAWAY => GoAway::parse(&header, payload).map(Self::GoAway),
            FrameKind::CONTINUATION => {
                Continuation::parse(&header, payload).map(Self::Continuation)
            }
            FrameKind::ALTSVC => AltSvc::parse(&header, payload).map(Self::AltSvc),
            FrameKind::ORIGIN if header.stream_id.is_zero() => {
                Origin::parse(payload).map(Self::Origin)
            }
            FrameKind::PRIORITY_UPDATE => {
                PriorityUpdate::parse(&header, payload).map(Self::PriorityUpdate)
            }
            _ => match Self::parse_fixed(&header, &payload) {
                Some(result) => result,
                None => Ok(Self::Unknown(Unknown::from_parts(&header, payload))),
            },
        }
    }

    /// Parses the frame types that keep nothing of their payload, reading it
    /// in place; `None` for every other type.
    pub(crate) fn parse_fixed(
        header: &FrameHeader,
        payload: &[u8],
    ) -> Option<Result<Self, FrameError>> {
        Some(match header.kind {
            FrameKind::PRIORITY => Priority::parse(header, payload).map(Self::Priority),
            FrameKind::RST_STREAM => RstStream::parse(header, payload).map(Self::RstStream),
            FrameKind::SETTINGS => Settings::parse(header, payload).map(Self::Settings),
            FrameKind::PING => Ping::parse(header, payload).map(Self::Ping),
            FrameKind::WINDOW_UPDATE => {
                WindowUpdate::parse(header, payload).map(Self::WindowUpdate)
            }
            _ => return None,
        })
    }

    /// The header this frame is written with: its type, the flags it
    /// defines, its stream and its payload length.
    ///
    /// # Panics
    ///
    /// For a frame that cannot be expressed, as [`encode`](Self::encode).
    pub fn header(&self) -> FrameHeader {
        match self {
            Self::Data(f) => f.header(),
            Self::Headers(f) => f.header(),
            Self::Priority(f) => f.header(),
            Self::RstStream(f) => f.header(),
            Self::Settings(f) => f.header(),
            Self::PushPromise(f) => f.header(),
            Self::Ping(f) => f.header(),
            Self::GoAway(f) => f.header(),
            Self::WindowUpdate(f) => f.header(),
            Self::Continuation(f) => f.header(),
            Self::AltSvc(f) => f.header(),
            Self::Origin(f) => f.header(),
            Self::PriorityUpdate(f) => f.header(),
            Self::Unknown(f) => f.header(),
        }
    }

    /// Writes the frame, header and payload, exactly as it goes on the wire:
    /// reserved bits and undefined flags unset, padding zeroed.
    ///
    /// # Panics
    ///
    /// If the payload would exceed 2^24-1 octets (or an ALTSVC/ORIGIN origin
    /// 65535): keep frames within the peer's SETTINGS_MAX_FRAME_SIZE (see
    /// the [crate documentation](crate#panics)). Nothing has been written to
    /// `dst` then. And, as any [`BufMut`] write, if `dst` cannot grow to
    /// [`encoded_len`](Self::encoded_len) more octets (`BytesMut` and `Vec`
    /// grow as needed).
    pub fn encode(&self, dst: &mut impl BufMut) {
        match self {
            Self::Data(f) => f.encode(dst),
            Self::Headers(f) => f.encode(dst),
            Self::Priority(f) => f.encode(dst),
            Self::RstStream(f) => f.encode(dst),
            Self::Settings(f) => f.encode(dst),
            Self::PushPromise(f) => f.encode(dst),
            Self::Ping(f) => f.encode(dst),
            Self::GoAway(f) => f.encode(dst),
            Self::WindowUpdate(f) => f.encode(dst),
            Self::Continuation(f) => f.encode(dst),
            Self::AltSvc(f) => f.encode(dst),
            Self::Origin(f) => f.encode(dst),
            Self::PriorityUpdate(f) => f.encode(dst),
            Self::Unknown(f) => f.encode(dst),
        }
    }

    /// Octets [`encode`](Self::encode) writes: 9 plus the payload length.
    ///
    /// # Panics
    ///
    /// For a frame that cannot be expressed, as [`encode`](Self::encode).
    pub fn encoded_len(&self) -> usize {
        FrameHeader::LEN + self.header().length as usize
    }

    /// The stream the frame is sent on (0 for connection-level frames).
    pub fn stream_id(&self) -> StreamId {
        match self {
            Self::Data(f) => f.stream_id,
            Self::Headers(f) => f.stream_id,
            Self::Priority(f) => f.stream_id,
            Self::RstStream(f) => f.stream_id,
            Self::PushPromise(f) => f.stream_id,
            Self::WindowUpdate(f) => f.stream_id,
            Self::Continuation(f) => f.stream_id,
            Self::AltSvc(f) => f.stream_id,
            Self::Unknown(f) => f.stream_id,
            Self::Settings(_)
            | Self::Ping(_)
            | Self::GoAway(_)
            | Self::Origin(_)
            | Self::PriorityUpdate(_) => StreamId::ZERO,
        }
    }

    /// The frame type.
    pub fn kind(&self) -> FrameKind {
        match self {
            Self::Data(_) => FrameKind::DATA,
            Self::Headers(_) => FrameKind::HEADERS,
            Self::Priority(_) => FrameKind::PRIORITY,
            Self::RstStream(_) => FrameKind::RST_STREAM,
            Self::Settings(_) => FrameKind::SETTINGS,
            Self::PushPromise(_) => FrameKind::PUSH_PROMISE,
            Self::Ping(_) => FrameKind::PING,
            Self::GoAway(_) => FrameKind::GOAWAY,
            Self::WindowUpdate(_) => FrameKind::WINDOW_UPDATE,
            Self::Continuation(_) => FrameKind::CONTINUATION,
            Self::AltSvc(_) => FrameKind::ALTSVC,
            Self::Origin(_) => FrameKind::ORIGIN,
            Self::PriorityUpdate(_) => FrameKind::PRIORITY_UPDATE,
            Self::Unknown(f) => f.kind,
        }
    }
}

macro_rules! impl_from {
    ($($variant:ident),*) => {
        $(
            impl From<$variant> for Frame {
                fn from(frame: $variant) -> Self {
                    Self::$variant(frame)
                }
            }
        )*
    };
}

impl_from!(
    Data,
    Headers,
    Priority,
    RstStream,
    Settings,
    PushPromise,
    Ping,
    GoAway,
    WindowUpdate,
    Continuation,
    AltSvc,
    Origin,
    PriorityUpdate,
    Unknown
);
