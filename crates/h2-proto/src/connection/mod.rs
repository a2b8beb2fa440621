//! The [`Connection`]: the whole protocol state of one HTTP/2 connection.

mod block;
mod budget;
mod flow;
pub(crate) mod fsm;
mod goaway;
mod message;
mod origin;
mod priority;
mod recv;
mod send;
mod settings;
mod upgrade;

use bytes::{BufMut, Bytes, BytesMut};
use h2_frame::{
    ErrorCode, Flags, FrameDecoder, FrameHeader, FrameKind, GoAway, RstStream, Side, StreamId,
};
use h2_hpack::{Decoder, Encoder};
use h2_settings::{LocalSettings, RecvWindow, Settings, Window};

use crate::stream::store::Store;
use crate::stream::StreamState;
use crate::{Config, Error, Priority, UsageError};

use block::PendingBlock;
use budget::Budgets;
pub use fsm::ConnectionState;
use fsm::{ConnectionInput, Refusal};
pub use send::StreamPriority;
pub use upgrade::UpgradeRequest;

/// The protocol state of one HTTP/2 connection, without I/O.
///
/// It turns received bytes into [`Event`](crate::Event)s and the user's
/// actions into bytes to send. It never reads a clock and never touches a
/// socket, so it works the same under any runtime or none.
///
/// The methods fall into four groups:
///
/// - **Inputs.** [`receive_data`](Self::receive_data) (or
///   [`receive_data_into`](Self::receive_data_into), which reuses the
///   caller's `Vec`) takes whatever bytes the transport delivered, in chunks
///   of any size, and returns what the peer did, in order. Automatic replies
///   (SETTINGS ACK, PING ACK, RST_STREAM for stream errors, GOAWAY for a
///   connection error) are queued on the way.
/// - **Actions.** [`initiate_connection`](Self::initiate_connection) first;
///   then [`send_headers`](Self::send_headers),
///   [`send_data`](Self::send_data), [`end_stream`](Self::end_stream),
///   [`reset_stream`](Self::reset_stream), [`push_stream`](Self::push_stream),
///   [`ping`](Self::ping), [`update_settings`](Self::update_settings),
///   [`close_connection`](Self::close_connection),
///   [`increment_flow_control_window`](Self::increment_flow_control_window),
///   [`acknowledge_received_data`](Self::acknowledge_received_data),
///   [`prioritize`](Self::prioritize),
///   [`send_priority_update`](Self::send_priority_update),
///   [`advertise_alternative_service`](Self::advertise_alternative_service)
///   and [`send_origin`](Self::send_origin).
///   Each checks everything first and only then changes state and queues
///   frames: a call that fails changes nothing.
/// - **Outputs.** [`data_to_send`](Self::data_to_send) (all of it, without a
///   copy), [`data_to_send_amount`](Self::data_to_send_amount),
///   [`data_to_send_into`](Self::data_to_send_into) and
///   [`clear_outbound_data_buffer`](Self::clear_outbound_data_buffer). Drain
///   after every input and every batch of actions.
/// - **Getters.** Windows ([`local_flow_control_window`](Self::local_flow_control_window),
///   [`remote_flow_control_window`](Self::remote_flow_control_window)), frame
///   sizes, stream counts, settings, stream and connection states, the next
///   stream id.
#[derive(Debug)]
pub struct Connection {
    config: Config,
    state: ConnectionState,

    /// Whether the peer's first frame, the SETTINGS of its preface, has
    /// arrived (RFC 9113 §3.4).
    peer_settings_seen: bool,
    /// Received bytes not yet decoded into frames.
    recv_buf: BytesMut,
    decoder: FrameDecoder,
    /// A header block waiting for its CONTINUATION frames.
    pending_block: Option<PendingBlock>,

    /// Bytes queued for the peer.
    out: BytesMut,
    /// Automatic PING and SETTINGS ACKs queued since the output was last empty.
    queued_replies: usize,

    hpack_decoder: Decoder,
    hpack_encoder: Encoder,
    /// Scratch space for encoding one header block.
    block_buf: BytesMut,

    /// Our settings: in force and awaiting ACK.
    local: LocalSettings,
    /// The peer's settings, in force.
    remote: Settings,
    /// SETTINGS_MAX_FRAME_SIZE of the peer, cached for every DATA frame.
    max_outbound_frame_size: u32,

    /// What we may still send on the connection.
    send_window: Window,
    /// What the peer may still send on the connection.
    recv_window: RecvWindow,

    streams: Store,

    /// The last stream id of the last GOAWAY we sent.
    goaway_sent: Option<StreamId>,
    /// The last stream id of the last GOAWAY we received.
    goaway_received: Option<StreamId>,
    /// Idle streams with an RFC 9218 priority from PRIORITY_UPDATE: the
    /// peer's (server) or ours (client). At most MAX_CONCURRENT_STREAMS
    /// (RFC 9218 §7.1), so a list.
    idle_priorities: Vec<(StreamId, Priority)>,

    /// What the peer may still make us do (resets, empty frames).
    budgets: Budgets,
}

impl Connection {
    /// The largest stream id (SPEC API-2).
    pub const HIGHEST_ALLOWED_STREAM_ID: StreamId = StreamId::MAX;
    /// The largest WINDOW_UPDATE increment (SPEC API-2).
    pub const MAX_WINDOW_INCREMENT: u32 = (1 << 31) - 1;

    /// A connection in the idle state: nothing is queued until
    /// [`initiate_connection`](Self::initiate_connection) (SPEC API-1, API-3).
    pub fn new(config: Config) -> Self {
        let side = config.side;
        // The values in force from the first byte: the RFC's initial ones,
        // plus the two limits we may enforce before the peer acknowledges
        // them (a stream past either is refused, which the peer can retry).
        let mut current = Settings::new(side);
        let early: Vec<_> = config
            .local_settings
            .iter()
            .filter(|s| {
                s.id == h2_frame::SettingId::MAX_CONCURRENT_STREAMS
                    || s.id == h2_frame::SettingId::MAX_HEADER_LIST_SIZE
            })
            .collect();
        // MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE accept any value.
        let _ = current.apply(&early);
        let local =
            LocalSettings::new(current).with_max_pending(config.limits.max_pending_local_settings);

        let mut hpack_decoder = Decoder::new();
        hpack_decoder.set_max_header_list_size(header_list_limit(local.current()));
        let mut hpack_encoder = Encoder::new();
        hpack_encoder.set_never_index_defaults(config.normalize_outbound_headers);

        let mut decoder = FrameDecoder::new();
        if side.is_server() {
            decoder.expect_preface();
        }
        let max_closed = config.limits.max_closed_streams;
        Self {
            state: ConnectionState::Idle,
            peer_settings_seen: false,
            recv_buf: BytesMut::new(),
            decoder,
            pending_block: None,
            out: BytesMut::new(),
            queued_replies: 0,
            hpack_decoder,
            hpack_encoder,
            block_buf: BytesMut::new(),
            local,
            remote: Settings::new(!side),
            max_outbound_frame_size: h2_settings::DEFAULT_MAX_FRAME_SIZE,
            send_window: Window::connection(),
            recv_window: RecvWindow::connection(),
            streams: Store::new(max_closed),
            goaway_sent: None,
            goaway_received: None,
            idle_priorities: Vec::new(),
            budgets: Budgets::new(&config.limits),
            config,
        }
    }

    // ----- getters -------------------------------------------------------

    /// The configuration this connection was made with (SPEC API-32).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Client or server.
    pub fn side(&self) -> Side {
        self.config.side
    }

    /// Where the connection is in its life.
    pub fn state(&self) -> ConnectionState {
        self.state
    }

    /// Our settings in force (acknowledged by the peer), and those awaiting
    /// acknowledgement (SPEC API-4).
    pub fn local_settings(&self) -> &LocalSettings {
        &self.local
    }

    /// The peer's settings in force (SPEC API-4).
    pub fn remote_settings(&self) -> &Settings {
        &self.remote
    }

    /// The state of a stream, from the connection's point of view: idle for
    /// ids never used, closed (with how) for ids used and done.
    pub fn stream_state(&self, stream_id: StreamId) -> StreamState {
        self.streams.state(stream_id)
    }

    /// The highest stream id the peer has opened or promised (SPEC API-4).
    pub fn highest_inbound_stream_id(&self) -> StreamId {
        self.streams.highest(!self.config.side)
    }

    /// The highest stream id we have opened or promised (SPEC API-4).
    pub fn highest_outbound_stream_id(&self) -> StreamId {
        self.streams.highest(self.config.side)
    }

    /// Streams the peer opened that are open or half-closed (SPEC API-28).
    /// O(1): a running count, no stream is visited.
    pub fn open_inbound_streams(&self) -> usize {
        self.streams.open_count(!self.config.side)
    }

    /// Streams we opened that are open or half-closed (SPEC API-28).
    pub fn open_outbound_streams(&self) -> usize {
        self.streams.open_count(self.config.side)
    }

    /// The largest frame payload we may send: the peer's
    /// SETTINGS_MAX_FRAME_SIZE (SPEC API-27).
    pub fn max_outbound_frame_size(&self) -> u32 {
        self.max_outbound_frame_size
    }

    /// The largest frame payload we accept: our SETTINGS_MAX_FRAME_SIZE once
    /// acknowledged (SPEC API-27).
    pub fn max_inbound_frame_size(&self) -> u32 {
        self.decoder.max_frame_size()
    }

    // ----- outputs -------------------------------------------------------

    /// Takes everything queued for the peer (SPEC API-30). No copy is made:
    /// the bytes are split off the internal buffer.
    #[must_use = "the returned bytes must be written to the transport"]
    pub fn data_to_send(&mut self) -> Bytes {
        self.queued_replies = 0;
        self.out.split().freeze()
    }

    /// Takes at most `amount` bytes from the front of what is queued (SPEC
    /// API-30); the rest stays queued.
    #[must_use = "the returned bytes must be written to the transport"]
    pub fn data_to_send_amount(&mut self, amount: usize) -> Bytes {
        let n = amount.min(self.out.len());
        let taken = self.out.split_to(n).freeze();
        if self.out.is_empty() {
            self.queued_replies = 0;
        }
        taken
    }

    /// Moves queued bytes into `dst`, at most `max` and at most what `dst`
    /// has room for, and returns how many were moved.
    #[must_use = "the returned count says how many bytes were moved"]
    pub fn data_to_send_into(&mut self, dst: &mut impl BufMut, max: usize) -> usize {
        let n = max.min(self.out.len()).min(dst.remaining_mut());
        dst.put_slice(&self.out[..n]);
        let _ = self.out.split_to(n);
        if self.out.is_empty() {
            self.queued_replies = 0;
        }
        n
    }

    /// How many bytes are queued for the peer.
    pub fn outbound_data_len(&self) -> usize {
        self.out.len()
    }

    /// Octets the connection holds in its buffers: received bytes that do
    /// not form a whole frame yet, a header block waiting for its
    /// CONTINUATION frames, and output not yet taken. Each is bounded (the
    /// maximum frame size, [`Limits::max_header_block_size`], and what the
    /// caller queues plus [`Limits::max_queued_control_replies`]), so this is
    /// what a server can watch, or a test assert, to see that no peer makes
    /// a connection grow.
    ///
    /// [`Limits::max_header_block_size`]: crate::Limits::max_header_block_size
    /// [`Limits::max_queued_control_replies`]: crate::Limits::max_queued_control_replies
    pub fn buffered_bytes(&self) -> usize {
        self.recv_buf.len()
            + self.pending_block.as_ref().map_or(0, PendingBlock::len)
            + self.out.len()
    }

    /// Drops everything queued for the peer (SPEC API-31).
    pub fn clear_outbound_data_buffer(&mut self) {
        self.out.clear();
        self.queued_replies = 0;
    }

    // ----- shared helpers ------------------------------------------------

    /// Runs the connection table for `input`; refusals become the user's
    /// errors. Does not commit: the caller does, with [`Self::commit`].
    fn check(&self, input: ConnectionInput) -> Result<(ConnectionState, fsm::Effect), Error> {
        fsm::transition(self.state, input).map_err(|refusal| match refusal {
            Refusal::NotInitiated => Error::Usage(UsageError::NotInitiated),
            Refusal::AlreadyInitiated => Error::Usage(UsageError::AlreadyInitiated),
            Refusal::GoingAway => Error::Usage(UsageError::GoingAway),
            Refusal::Closed => Error::ConnectionClosed,
        })
    }

    fn commit(&mut self, next: ConnectionState) {
        if next != self.state {
            crate::log::debug!("connection {:?} -> {:?}", self.state, next);
            self.state = next;
        }
    }

    /// Queues RST_STREAM.
    fn queue_rst(&mut self, stream_id: StreamId, error_code: ErrorCode) {
        RstStream {
            stream_id,
            error_code,
        }
        .encode(&mut self.out);
    }

    /// Queues GOAWAY for the connection error `error`, closes the
    /// connection, and returns the error (SPEC ERR-30, GA-1).
    fn connection_error(&mut self, error: Error) -> Error {
        let code = error.code().unwrap_or(ErrorCode::INTERNAL_ERROR);
        let last = self.last_processed_stream_id();
        crate::log::debug!("connection error {code:?}: {error}");
        GoAway::new(last, code).encode(&mut self.out);
        self.goaway_sent = Some(last);
        self.pending_block = None;
        self.recv_buf.clear();
        if let Ok((next, _)) = fsm::transition(self.state, ConnectionInput::ConnectionError) {
            self.commit(next);
        }
        error
    }

    /// The last stream id a GOAWAY of ours carries: the highest stream the
    /// peer opened, but never more than a GOAWAY we sent before (RFC 9113
    /// §6.8: "Endpoints MUST NOT increase the value they send").
    fn last_processed_stream_id(&self) -> StreamId {
        let highest = self.highest_inbound_stream_id();
        match self.goaway_sent {
            Some(previous) => previous.min(highest),
            None => highest,
        }
    }

    /// Writes one frame header.
    fn put_header(&mut self, length: usize, kind: FrameKind, flags: Flags, stream_id: StreamId) {
        FrameHeader {
            // Callers bound `length` by a maximum frame size (at most 2^24-1).
            length: length as u32,
            kind,
            flags,
            stream_id,
        }
        .encode(&mut self.out);
    }
}

impl Default for Connection {
    /// A client connection with the default configuration (SPEC API-1).
    fn default() -> Self {
        Self::new(Config::default())
    }
}

/// Our SETTINGS_MAX_HEADER_LIST_SIZE as the decoder's limit; absent means
/// unlimited.
fn header_list_limit(settings: &Settings) -> usize {
    settings
        .max_header_list_size()
        .map_or(usize::MAX, |v| usize::try_from(v).unwrap_or(usize::MAX))
}
