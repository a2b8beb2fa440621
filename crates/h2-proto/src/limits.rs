//! Bounds on what a peer can make this connection hold or do.
//!
//! Every one is on by default and every one is a field a user can set. Two
//! more bounds are settings we advertise and enforce, and live in
//! [`Config::local_settings`](crate::Config::local_settings):
//! SETTINGS_MAX_CONCURRENT_STREAMS (100) and SETTINGS_MAX_HEADER_LIST_SIZE
//! (64 KiB). None needs a clock: the budgets count events and are refilled
//! by the peer's useful work (see `docs/security.md` for each attack class,
//! its limit and the test that proves it).

use h2_frame::ErrorCode;

/// The denial-of-service limits of a [`Connection`](crate::Connection).
///
/// ```
/// use h2_proto::Limits;
/// let limits = Limits { max_header_block_frames: 8, ..Limits::default() };
/// assert_eq!(limits.max_closed_streams, 65_536);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Frames in one header block: the HEADERS or PUSH_PROMISE frame plus its
    /// CONTINUATION frames. One more is a connection error
    /// ENHANCE_YOUR_CALM (a CONTINUATION flood, SPEC DOS-3). Default 64, as
    /// Python h2.
    pub max_header_block_frames: usize,
    /// Encoded octets in one header block, checked as each frame arrives and
    /// before its fragment is buffered. One more is a connection error
    /// ENHANCE_YOUR_CALM. Default 128 KiB: twice the default header list
    /// size, which HPACK never needs more than.
    pub max_header_block_size: usize,
    /// SETTINGS frames we sent that the peer has not acknowledged yet;
    /// `update_settings` past it fails. Default 8.
    pub max_pending_local_settings: usize,
    /// Automatic replies (PING ACK, SETTINGS ACK, and RST_STREAM for the
    /// peer's stream errors) queued while the output buffer is not drained.
    /// One more is a connection error ENHANCE_YOUR_CALM
    /// ([`Limit::QueuedControlReplies`]): a peer that floods PINGs, SETTINGS
    /// or bad frames and does not read cannot grow our output without bound
    /// (CVE-2019-9512, 9514, 9515). Default 1024.
    pub max_queued_control_replies: usize,
    /// Closed streams remembered, with how they closed, so that late frames
    /// get the reaction RFC 9113 §5.1 gives (SPEC CL-1): the most recent
    /// `max_closed_streams` stream ids of each direction. A stream forgotten
    /// counts as implicitly closed. Memory grows with the streams closed,
    /// not with their ids: up to 8 octets per closure kept. Default 65,536,
    /// as Python h2's `MAX_CLOSED_STREAMS`.
    pub max_closed_streams: usize,
    /// Streams the peer reserved with PUSH_PROMISE and not yet answered.
    /// A promise past it is refused with RST_STREAM(REFUSED_STREAM): reserved
    /// streams do not count toward MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2),
    /// so without this bound a server could make a client hold any number.
    /// Default 100.
    pub max_reserved_remote_streams: usize,
    /// Stream resets a peer may cause beyond those that completed streams
    /// earn back (Rapid Reset, CVE-2023-44487; MadeYouReset, CVE-2025-8671).
    /// Each RST_STREAM the peer sends on a live stream it opened, and each
    /// RST_STREAM we send on a live stream because of the peer's stream
    /// error, spends one; each stream that ends normally (END_STREAM both
    /// ways) gives one back, up to this many. When none is left the
    /// connection ends with ENHANCE_YOUR_CALM
    /// ([`Limit::StreamResets`]). Default 1000, nghttp2's burst; a client
    /// that completes streams while it cancels some is never stopped.
    pub stream_reset_budget: usize,
    /// Frames in a row that carry nothing: DATA without payload octets or
    /// END_STREAM, and HEADERS, PUSH_PROMISE or CONTINUATION with an empty
    /// fragment that does not end its block (CVE-2019-9518). Any DATA with
    /// payload or END_STREAM and any complete header block resets the count.
    /// One more is a connection error ENHANCE_YOUR_CALM
    /// ([`Limit::EmptyFrames`]). Default 100.
    pub max_empty_frames: usize,
    /// The RST_STREAM code for a stream whose header list exceeds our
    /// SETTINGS_MAX_HEADER_LIST_SIZE. The block is still decoded, so the
    /// connection goes on (RFC 9113 §10.5.1). Default ENHANCE_YOUR_CALM, the
    /// code Python h2 uses for the whole connection.
    pub oversized_header_list_code: ErrorCode,
}

impl Limits {
    /// The default limits, as a constant.
    pub const DEFAULT: Self = Self {
        max_header_block_frames: 64,
        max_header_block_size: 128 * 1024,
        max_pending_local_settings: 8,
        max_queued_control_replies: 1024,
        max_closed_streams: 65_536,
        max_reserved_remote_streams: 100,
        stream_reset_budget: 1000,
        max_empty_frames: 100,
        oversized_header_list_code: ErrorCode::ENHANCE_YOUR_CALM,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Which limit a peer ran into; carried by
/// [`Error::DenialOfService`](crate::Error::DenialOfService).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_header_block_frames`].
    HeaderBlockFrames,
    /// [`Limits::max_header_block_size`].
    HeaderBlockSize,
    /// [`Limits::max_queued_control_replies`].
    QueuedControlReplies,
    /// [`Limits::stream_reset_budget`].
    StreamResets,
    /// [`Limits::max_empty_frames`].
    EmptyFrames,
}
