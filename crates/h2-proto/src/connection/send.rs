//! The user's actions on streams: open, send headers and data, end, reset,
//! push; and PING, PRIORITY, ALTSVC (SPEC §1.3).
//!
//! Each action checks everything first (connection table, stream lookup,
//! stream table, header rules, windows) and only then encodes, queues and
//! commits, so a failing call changes nothing: not the HPACK table, not a
//! stream state, not a window (SPEC Q-03 fixed).

use bytes::BufMut;
use h2_frame::{
    write_header_block, AltSvc, ErrorCode, Flags, FrameKind, HeaderBlockStart, Ping, Priority,
    PrioritySpec, StreamId, PREFACE,
};
use h2_hpack::HeaderField;

use super::fsm::ConnectionInput;
use super::message;
use super::Connection;
use crate::http::{self, BlockKind, OutboundRules};
use crate::stream::fsm::{self, StreamInput, Violation};
use crate::stream::{ClosedBy, Phase, RequestMethod, Stream, StreamState};
use crate::{Error, UsageError};

/// RFC 7540 priority information for a HEADERS or PRIORITY frame (SPEC
/// API-13 step 9, API-22). Deprecated by RFC 9113 §5.3.2, still sent on
/// request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamPriority {
    /// 1 to 256; default 16.
    pub weight: u16,
    /// The stream this one depends on; default 0.
    pub depends_on: StreamId,
    /// The exclusive flag; default false.
    pub exclusive: bool,
}

impl Default for StreamPriority {
    fn default() -> Self {
        Self {
            weight: 16,
            depends_on: StreamId::ZERO,
            exclusive: false,
        }
    }
}

impl Connection {
    /// Queues the connection preface (client only) and a SETTINGS frame
    /// with every value of [`Config::local_settings`](crate::Config::local_settings),
    /// in order (SPEC API-10). Must be called first, on both sides.
    ///
    /// The values not already in force take effect when the peer
    /// acknowledges this frame.
    ///
    /// # Errors
    ///
    /// [`UsageError::AlreadyInitiated`] on a second call,
    /// [`UsageError::SettingsSideMismatch`] when the configured settings are
    /// the other side's.
    pub fn initiate_connection(&mut self) -> Result<(), Error> {
        if self.config.local_settings.side() != self.config.side {
            return Err(UsageError::SettingsSideMismatch.into());
        }
        let (next, _) = self.check(ConnectionInput::Initiate)?;
        let advertised: Vec<_> = self.config.local_settings.iter().collect();
        // "the sender of the altered settings can rely on the values from the
        // oldest unacknowledged SETTINGS frame having been applied" only once
        // the ACK arrives (§6.5.3): what is not in force yet waits for it.
        let current = self.local.current();
        let pending: Vec<_> = advertised
            .iter()
            .filter(|s| current.get(s.id) != Some(s.value))
            .copied()
            .collect();
        self.local.update(&pending)?;
        if self.config.side.is_client() {
            self.out.put_slice(PREFACE);
        }
        h2_frame::Settings::new(advertised).encode(&mut self.out);
        self.commit(next);
        Ok(())
    }

    /// The id the next stream we open must use (SPEC API-12): 1 (client) or
    /// 2 (server, for push) at first, then two above the highest used. It
    /// does not change until the id is used.
    ///
    /// # Errors
    ///
    /// [`Error::NoAvailableStreamId`] once ids are exhausted (above 2^31-1).
    pub fn get_next_available_stream_id(&self) -> Result<StreamId, Error> {
        let highest = self.streams.highest(self.config.side);
        let next = if highest.is_zero() {
            if self.config.side.is_client() {
                1
            } else {
                2
            }
        } else {
            u64::from(highest.value()) + 2
        };
        u32::try_from(next)
            .ok()
            .and_then(StreamId::checked)
            .ok_or(Error::NoAvailableStreamId)
    }

    /// Sends a header block on a stream: a request that opens it (client),
    /// a response or 1xx (server), or trailers with `end_stream` (SPEC
    /// API-13).
    ///
    /// The block kind follows from the stream: the first block a client
    /// sends is the request, the first a server sends is the response (or a
    /// 1xx, when `:status` starts with `1`), and any later one is a trailer
    /// section. The fields are normalised and validated (RFC 9113 §8) as the
    /// configuration says, then HPACK-encoded into HEADERS and CONTINUATION
    /// frames no larger than the peer's maximum frame size.
    ///
    /// # Errors
    ///
    /// Nothing is queued and nothing changes on any error:
    /// [`Error::TooManyStreams`] (the peer's MAX_CONCURRENT_STREAMS),
    /// [`Error::StreamIdTooLow`], [`Error::StreamClosed`],
    /// [`Error::Header`] (a rule of RFC 9113 §8), and [`Error::Usage`] for
    /// ids we may not open, states that forbid sending, trailers without
    /// `end_stream`, a 1xx with `end_stream` or after the final response, a
    /// GOAWAY already exchanged; with `validate_outbound_headers`, also
    /// [`UsageError::ContentLengthMismatch`] for `end_stream` before the
    /// content announced is sent, and [`UsageError::HeadersOnTunnel`] for a
    /// block on a CONNECT tunnel (RFC 9113 §8.1.1, §8.5).
    pub fn send_headers<I, H>(
        &mut self,
        stream_id: StreamId,
        headers: I,
        end_stream: bool,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = H>,
        H: Into<HeaderField>,
    {
        let fields = headers.into_iter().map(Into::into).collect();
        self.send_header_block(stream_id, fields, end_stream, None)
    }

    /// [`send_headers`](Self::send_headers) with RFC 7540 priority fields on
    /// the HEADERS frame (SPEC API-13 step 9). Clients only.
    ///
    /// # Errors
    ///
    /// As `send_headers`, plus [`UsageError::ServerCannotPrioritize`],
    /// [`UsageError::InvalidWeight`] and [`UsageError::SelfDependency`].
    pub fn send_headers_with_priority<I, H>(
        &mut self,
        stream_id: StreamId,
        headers: I,
        end_stream: bool,
        priority: StreamPriority,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = H>,
        H: Into<HeaderField>,
    {
        let fields = headers.into_iter().map(Into::into).collect();
        self.send_header_block(stream_id, fields, end_stream, Some(priority))
    }

    fn send_header_block(
        &mut self,
        id: StreamId,
        fields: Vec<HeaderField>,
        end_stream: bool,
        priority: Option<StreamPriority>,
    ) -> Result<(), Error> {
        if id.is_zero() {
            return Err(UsageError::StreamIdZero.into());
        }
        let state = self.streams.state(id);
        let opening = state == StreamState::Idle;
        let (next_conn, _) = self.check(if opening {
            ConnectionInput::SendNewStream
        } else {
            ConnectionInput::SendFrame
        })?;
        let spec = priority.map(|p| self.priority_spec(id, p)).transpose()?;
        if opening {
            // Clients open odd streams with HEADERS; a server's streams are
            // reserved by PUSH_PROMISE only (RFC 9113 §5.1.1, §8.4; SPEC Q-06).
            if !(self.config.side.is_client() && id.is_client_initiated()) {
                return Err(UsageError::InvalidStreamId { stream_id: id }.into());
            }
            // "Endpoints MUST NOT exceed the limit set by their peer" (§5.1.2).
            if let Some(max) = self.remote.max_concurrent_streams() {
                let open = self.open_outbound_streams();
                if open >= max as usize {
                    return Err(Error::TooManyStreams { max, open });
                }
            }
        } else if state == StreamState::ReservedLocal {
            // The response to a push makes the stream half-closed (remote),
            // which counts toward the client's limit (§5.1.2).
            if let Some(max) = self.remote.max_concurrent_streams() {
                let open = self.open_outbound_streams();
                if open >= max as usize {
                    return Err(Error::TooManyStreams { max, open });
                }
            }
        } else if state == StreamState::Closed(ClosedBy::Implicit)
            && id.initiator() == Some(self.config.side)
        {
            // An id of ours we skipped: too low to open now (SPEC ERR-7).
            return Err(Error::StreamIdTooLow {
                stream_id: id,
                max_stream_id: self.streams.highest(self.config.side),
            });
        }
        let (mut next, _) = fsm::transition(state, StreamInput::SendHeaders)
            .map_err(|v| send_violation(id, state, v))?;
        if end_stream {
            (next, _) = fsm::transition(next, StreamInput::SendEndStream)
                .map_err(|v| send_violation(id, state, v))?;
        }
        let current = self.streams.get(id);
        let sent = current.map_or(Phase::Nothing, |s| s.sent);
        let informational = http::is_informational(&fields);
        let kind = if opening {
            BlockKind::Request
        } else if sent.has_headers() {
            // "An endpoint that receives a HEADERS frame without the
            // END_STREAM flag set after receiving the HEADERS frame that
            // opens a request or after receiving a final (non-informational)
            // status code MUST treat the corresponding request or response
            // as malformed" (§8.1): so a 1xx never follows the final
            // response, and what follows is a trailer section.
            if informational {
                return Err(UsageError::InvalidInformationalResponse.into());
            }
            BlockKind::Trailers
        } else if informational {
            BlockKind::Informational
        } else {
            BlockKind::Response
        };
        match kind {
            // "... trailer section ... The last HEADERS frame in the
            // sequence bears an END_STREAM flag" (§8.1).
            BlockKind::Trailers if !end_stream => {
                return Err(UsageError::TrailersWithoutEndStream.into())
            }
            // "A HEADERS frame with the END_STREAM flag set that carries an
            // informational status code is malformed" (§8.1).
            BlockKind::Informational if end_stream => {
                return Err(UsageError::InvalidInformationalResponse.into())
            }
            _ => {}
        }
        let (fields, info) = http::prepare_outbound(fields, kind, &self.outbound_rules())?;
        let exchange = message::after_sent_block(
            current,
            id,
            kind,
            &info,
            end_stream,
            self.config.validate_outbound_headers,
        )?;

        // Everything is checked: encode, queue, commit.
        self.block_buf.clear();
        self.hpack_encoder.encode(&fields, &mut self.block_buf);
        let start = HeaderBlockStart::Headers {
            stream_id: id,
            end_stream,
            priority: spec,
        };
        self.write_block(start)?;
        self.commit(next_conn);
        let phase = match kind {
            BlockKind::Informational => Phase::Informational,
            BlockKind::Trailers => Phase::Trailers,
            _ => Phase::Headers,
        };
        if opening {
            let mut stream = self.new_stream(next);
            stream.sent = phase;
            stream.authority = info.authority;
            exchange.apply_sent(&mut stream);
            self.streams.insert(id, stream);
            // A request prioritized while idle is idle no more.
            let _ = self.take_idle_priority(id);
            crate::log::debug!("stream {id} opened ({next:?})");
        } else {
            if let Some(stream) = self.streams.get_mut(id) {
                stream.sent = phase;
                exchange.apply_sent(stream);
            }
            self.streams.set_state(id, next);
        }
        Ok(())
    }

    /// Sends DATA (SPEC API-14). `data` goes out in one frame: the caller
    /// splits it to fit [`local_flow_control_window`](Self::local_flow_control_window)
    /// and [`max_outbound_frame_size`](Self::max_outbound_frame_size).
    /// With `pad_length`, the frame is PADDED with that many zero octets
    /// (`Some(0)` still adds the pad length octet), and padding counts
    /// against flow control.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchStream`] or [`Error::StreamClosed`] (SPEC X-5),
    /// [`Error::FlowControl`] when the windows are too small (an empty frame
    /// is allowed even when a window is negative, SPEC Q-07 fixed),
    /// [`Error::FrameTooLarge`], [`Error::Usage`] when the state forbids
    /// sending; with `validate_outbound_headers`,
    /// [`UsageError::DataBeforeHeaders`] before the request or final
    /// response headers, and [`UsageError::ContentLengthMismatch`] for DATA
    /// past the content-length announced (none for a response to HEAD, a
    /// 204 or a 304), or `end_stream` short of it (RFC 9113 §8.1, §8.1.1).
    pub fn send_data(
        &mut self,
        stream_id: StreamId,
        data: &[u8],
        end_stream: bool,
        pad_length: Option<u8>,
    ) -> Result<(), Error> {
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        let stream = self.live_stream(stream_id)?;
        let state = stream.state;
        let size = data.len() + pad_length.map_or(0, |p| usize::from(p) + 1);
        let mut stream_window = stream.send_window;
        let mut conn_window = self.send_window;
        if size > 0 {
            let n = u32::try_from(size).unwrap_or(u32::MAX);
            stream_window
                .consume(n)
                .map_err(|source| Error::FlowControl { stream_id, source })?;
            conn_window
                .consume(n)
                .map_err(|source| Error::FlowControl {
                    stream_id: StreamId::ZERO,
                    source,
                })?;
        }
        if size > self.max_outbound_frame_size as usize {
            return Err(Error::FrameTooLarge {
                size,
                max: self.max_outbound_frame_size,
            });
        }
        let (mut next, _) = fsm::transition(state, StreamInput::SendData)
            .map_err(|v| send_violation(stream_id, state, v))?;
        if end_stream {
            (next, _) = fsm::transition(next, StreamInput::SendEndStream)
                .map_err(|v| send_violation(stream_id, state, v))?;
        }
        let content = self.sent_content(stream_id, stream, data.len(), end_stream)?;

        let flags = Flags::EMPTY
            .with_if(Flags::END_STREAM, end_stream)
            .with_if(Flags::PADDED, pad_length.is_some());
        self.put_header(size, FrameKind::DATA, flags, stream_id);
        if let Some(pad) = pad_length {
            self.out.put_u8(pad);
        }
        self.out.put_slice(data);
        if let Some(pad) = pad_length {
            self.out.put_bytes(0, usize::from(pad));
        }
        self.commit(next_conn);
        self.send_window = conn_window;
        if let Some(stream) = self.streams.get_mut(stream_id) {
            stream.send_window = stream_window;
            stream.sent_content.counted = content;
        }
        self.streams.set_state(stream_id, next);
        Ok(())
    }

    /// Ends the stream with an empty DATA frame carrying END_STREAM (SPEC
    /// API-15). Needs no flow-control window.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchStream`], [`Error::StreamClosed`] (SPEC Q-02 fixed),
    /// [`Error::Usage`] when we already ended the stream; with
    /// `validate_outbound_headers`, [`UsageError::DataBeforeHeaders`] and
    /// [`UsageError::ContentLengthMismatch`] as for `send_data`.
    pub fn end_stream(&mut self, stream_id: StreamId) -> Result<(), Error> {
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        let stream = self.live_stream(stream_id)?;
        let state = stream.state;
        let (next, _) = fsm::transition(state, StreamInput::SendEndStream)
            .map_err(|v| send_violation(stream_id, state, v))?;
        self.sent_content(stream_id, stream, 0, true)?;
        self.put_header(0, FrameKind::DATA, Flags::END_STREAM, stream_id);
        self.commit(next_conn);
        self.streams.set_state(stream_id, next);
        Ok(())
    }

    /// Resets a stream with RST_STREAM(`error_code`) (SPEC API-16). No event
    /// reports it; frames the peer already sent on it are discarded as they
    /// arrive (RFC 9113 §5.1).
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchStream`] for a stream never opened (RST_STREAM on an
    /// idle stream is forbidden, §6.4), [`Error::StreamClosed`].
    pub fn reset_stream(
        &mut self,
        stream_id: StreamId,
        error_code: ErrorCode,
    ) -> Result<(), Error> {
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        let state = self.live_stream(stream_id)?.state;
        let (next, _) = fsm::transition(state, StreamInput::SendRstStream)
            .map_err(|v| send_violation(stream_id, state, v))?;
        self.queue_rst(stream_id, error_code);
        self.commit(next_conn);
        self.streams.set_state(stream_id, next);
        Ok(())
    }

    /// Promises a pushed response (servers only, SPEC API-17): a
    /// PUSH_PROMISE on `stream_id` reserving `promised_stream_id` for the
    /// request in `request_headers`. Answer it later with
    /// [`send_headers`](Self::send_headers) on the promised stream.
    ///
    /// # Errors
    ///
    /// Nothing changes on any error (SPEC Q-24 fixed):
    /// [`UsageError::ServerOnly`], [`UsageError::PushDisabled`] (the peer's
    /// ENABLE_PUSH is 0), [`UsageError::InvalidPushParent`] (only streams the
    /// client opened carry promises), the lookup errors of the parent,
    /// [`Error::StreamIdTooLow`] or [`UsageError::InvalidStreamId`] for the
    /// promised id, [`Error::Header`] for a request the rules refuse.
    pub fn push_stream<I, H>(
        &mut self,
        stream_id: StreamId,
        promised_stream_id: StreamId,
        request_headers: I,
    ) -> Result<(), Error>
    where
        I: IntoIterator<Item = H>,
        H: Into<HeaderField>,
    {
        if self.config.side.is_client() {
            return Err(UsageError::ServerOnly.into());
        }
        // "PUSH_PROMISE MUST NOT be sent if the SETTINGS_ENABLE_PUSH setting
        // of the peer endpoint is set to 0" (§6.6).
        if !self.remote.enable_push() {
            return Err(UsageError::PushDisabled.into());
        }
        let (next_conn, _) = self.check(ConnectionInput::SendNewStream)?;
        let parent_state = self.live_stream(stream_id)?.state;
        // "PUSH_PROMISE frames MUST only be sent on a peer-initiated stream"
        // (§6.6).
        if !stream_id.is_client_initiated() {
            return Err(UsageError::InvalidPushParent { stream_id }.into());
        }
        let promised = promised_stream_id;
        if !promised.is_server_initiated() {
            return Err(UsageError::InvalidStreamId {
                stream_id: promised,
            }
            .into());
        }
        if self.streams.state(promised) != StreamState::Idle {
            return Err(Error::StreamIdTooLow {
                stream_id: promised,
                max_stream_id: self.streams.highest(self.config.side),
            });
        }
        fsm::transition(parent_state, StreamInput::SendPushPromiseOnParent)
            .map_err(|v| send_violation(stream_id, parent_state, v))?;
        let (reserved, _) = fsm::transition(StreamState::Idle, StreamInput::SendPushPromise)
            .map_err(|v| send_violation(promised, StreamState::Idle, v))?;
        let fields = request_headers.into_iter().map(Into::into).collect();
        let (fields, info) =
            http::prepare_outbound(fields, BlockKind::PushRequest, &self.outbound_rules())?;

        self.block_buf.clear();
        self.hpack_encoder.encode(&fields, &mut self.block_buf);
        self.write_block(HeaderBlockStart::PushPromise {
            stream_id,
            promised_id: promised,
        })?;
        self.commit(next_conn);
        let mut stream = self.new_stream(reserved);
        stream.received = Phase::Headers;
        stream.method = RequestMethod::of(info.method.as_deref());
        stream.authority = info.authority;
        self.streams.insert(promised, stream);
        Ok(())
    }

    /// Sends a PING with 8 octets of opaque data (SPEC API-18).
    ///
    /// # Errors
    ///
    /// Before `initiate_connection` or after the connection closed.
    pub fn ping(&mut self, opaque_data: [u8; 8]) -> Result<(), Error> {
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        Ping {
            ack: false,
            payload: opaque_data,
        }
        .encode(&mut self.out);
        self.commit(next_conn);
        Ok(())
    }

    /// Sends a PRIORITY frame (SPEC API-22). Clients only; any stream id but
    /// 0, in any state, and no stream is created.
    ///
    /// # Errors
    ///
    /// [`UsageError::ServerCannotPrioritize`], [`UsageError::StreamIdZero`]
    /// (SPEC Q-33 fixed), [`UsageError::InvalidWeight`],
    /// [`UsageError::SelfDependency`].
    pub fn prioritize(
        &mut self,
        stream_id: StreamId,
        priority: StreamPriority,
    ) -> Result<(), Error> {
        if self.config.side.is_server() {
            return Err(UsageError::ServerCannotPrioritize.into());
        }
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        if stream_id.is_zero() {
            return Err(UsageError::StreamIdZero.into());
        }
        let spec = self.priority_spec(stream_id, priority)?;
        Priority { stream_id, spec }.encode(&mut self.out);
        self.commit(next_conn);
        Ok(())
    }

    /// Advertises an alternative service (RFC 7838; SPEC API-21). Servers
    /// only. Give exactly one of `origin` (an ALTSVC frame on stream 0 for
    /// that origin) or `stream_id` (for the origin of that stream's request,
    /// before its response headers are sent).
    ///
    /// # Errors
    ///
    /// [`UsageError::ServerOnly`], [`UsageError::AltSvcTarget`] for neither
    /// or both targets, or an empty origin (SPEC Q-28 fixed),
    /// [`UsageError::AltSvcAfterResponse`], the stream lookup errors,
    /// [`Error::FrameTooLarge`].
    pub fn advertise_alternative_service(
        &mut self,
        field_value: &[u8],
        origin: Option<&[u8]>,
        stream_id: Option<StreamId>,
    ) -> Result<(), Error> {
        if self.config.side.is_client() {
            return Err(UsageError::ServerOnly.into());
        }
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        let (id, origin) = match (origin, stream_id) {
            // "An ALTSVC frame on stream 0 with empty (length 0) "Origin"
            // information is invalid and MUST be ignored" (RFC 7838 §4), so
            // there is no point sending one.
            (Some(origin), None) if !origin.is_empty() => (StreamId::ZERO, origin),
            (None, Some(id)) => {
                let stream = self.live_stream(id)?;
                let before_response = !stream.sent.has_headers()
                    && matches!(
                        stream.state,
                        StreamState::ReservedLocal
                            | StreamState::Open
                            | StreamState::HalfClosedLocal
                            | StreamState::HalfClosedRemote
                    );
                if !before_response {
                    return Err(UsageError::AltSvcAfterResponse.into());
                }
                (id, &[][..])
            }
            _ => return Err(UsageError::AltSvcTarget.into()),
        };
        let size = 2 + origin.len() + field_value.len();
        if origin.len() > usize::from(u16::MAX) || size > self.max_outbound_frame_size as usize {
            return Err(Error::FrameTooLarge {
                size,
                max: self.max_outbound_frame_size,
            });
        }
        AltSvc::new(
            id,
            bytes::Bytes::copy_from_slice(origin),
            bytes::Bytes::copy_from_slice(field_value),
        )
        .encode(&mut self.out);
        self.commit(next_conn);
        Ok(())
    }

    // ----- helpers -------------------------------------------------------

    /// A new stream in `state` with windows from the settings in force.
    pub(super) fn new_stream(&self, state: StreamState) -> Stream {
        Stream::new(
            state,
            self.remote.initial_window_size(),
            self.local.current().initial_window_size(),
        )
    }

    /// The live stream `id`, or the lookup error of SPEC X-5.
    pub(super) fn live_stream(&self, id: StreamId) -> Result<&Stream, Error> {
        if id.is_zero() {
            return Err(UsageError::StreamIdZero.into());
        }
        match self.streams.get(id) {
            Some(stream) => Ok(stream),
            None if self.streams.state(id) == StreamState::Idle => {
                Err(Error::NoSuchStream { stream_id: id })
            }
            None => Err(Error::StreamClosed { stream_id: id }),
        }
    }

    /// The content octets sent on `stream` after `n` more in a DATA frame.
    /// With outbound validation on (SPEC CFG-4), DATA must follow the
    /// request or final response headers (§8.1), and stay within, and end
    /// at, the content-length announced (§8.1.1); HEAD, 204 and 304
    /// responses carry none (RFC 9110 §6.4.1). A tunnel is not bounded.
    fn sent_content(
        &self,
        id: StreamId,
        stream: &Stream,
        n: usize,
        end_stream: bool,
    ) -> Result<u64, Error> {
        let content = stream.sent_content;
        if !self.config.validate_outbound_headers {
            return Ok(content.counted.saturating_add(n as u64));
        }
        let total = content.after(n);
        // "DATA frames ... containing the message content" come after "one
        // HEADERS frame ... containing the message headers" (§8.1); a
        // message that ends without them is malformed too.
        if !stream.sent.has_headers() {
            return Err(UsageError::DataBeforeHeaders { stream_id: id }.into());
        }
        let Some(total) = total else {
            return Err(UsageError::ContentLengthMismatch {
                stream_id: id,
                content_length: content.length.unwrap_or(0),
                sent: content.counted.saturating_add(n as u64),
            }
            .into());
        };
        if end_stream {
            message::check_sent_end(id, content, total)?;
        }
        Ok(total)
    }

    fn priority_spec(&self, id: StreamId, p: StreamPriority) -> Result<PrioritySpec, Error> {
        if self.config.side.is_server() {
            return Err(UsageError::ServerCannotPrioritize.into());
        }
        if !(1..=256).contains(&p.weight) {
            return Err(UsageError::InvalidWeight { weight: p.weight }.into());
        }
        // "A stream cannot depend on itself." (§5.3.1)
        if p.depends_on == id {
            return Err(UsageError::SelfDependency { stream_id: id }.into());
        }
        // The weight is 1..=256 here, so weight - 1 fits in a u8.
        let wire_weight = u8::try_from(p.weight - 1).unwrap_or(u8::MAX);
        Ok(PrioritySpec::new(p.depends_on, p.exclusive, wire_weight))
    }

    fn outbound_rules(&self) -> OutboundRules {
        OutboundRules {
            validate: self.config.validate_outbound_headers,
            normalize: self.config.normalize_outbound_headers,
            split_cookies: self.config.split_outbound_cookies,
            connect_protocol_enabled: self.remote.enable_connect_protocol(),
        }
    }

    /// Writes the block in `block_buf` as HEADERS or PUSH_PROMISE plus
    /// CONTINUATION frames within the peer's maximum frame size (the 5
    /// priority octets included, SPEC Q-04 fixed).
    fn write_block(&mut self, start: HeaderBlockStart) -> Result<(), Error> {
        write_header_block(
            start,
            &self.block_buf,
            self.max_outbound_frame_size,
            &mut self.out,
        )
        .map_err(|_| Error::FrameTooLarge {
            size: self.block_buf.len(),
            max: self.max_outbound_frame_size,
        })
    }
}

/// The caller's error for a stream table refusal of a local action.
fn send_violation(stream_id: StreamId, state: StreamState, violation: Violation) -> Error {
    match violation {
        Violation::Closed => Error::StreamClosed { stream_id },
        Violation::NotAllowed | Violation::Stream(_) | Violation::Connection(_) => {
            UsageError::NotAllowedInState { stream_id, state }.into()
        }
    }
}
