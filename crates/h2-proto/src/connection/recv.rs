//! The receive pipeline: bytes → frames → state changes, events and
//! automatic replies (SPEC §7.6, §7.7).

use bytes::Bytes;
use h2_frame::{
    AltSvc, Data, ErrorCode, ErrorScope, Frame, FrameError, FrameKind, Ping, PrioritySpec,
    RstStream, StreamId, WindowUpdate,
};
use h2_hpack::HeaderField;

use super::block::{BlockStart, PendingBlock};
use super::fsm::{ConnectionInput, Effect as ConnEffect};
use super::Connection;
use crate::connection::message::{self, InboundKind};
use crate::event::*;
use crate::http::BlockKind;
use crate::stream::fsm::{self, Effect, StreamInput, Violation};
use crate::stream::{ClosedBy, Phase, RequestMethod, Stream, StreamState};
use crate::{Error, Event, Limit, ProtocolError, ReceiveError};

/// Why a frame could not be handled.
#[derive(Debug)]
pub(super) enum Fault {
    /// A connection error: GOAWAY and the end (RFC 9113 §5.4.1).
    Connection(Error),
    /// A stream error: RST_STREAM with the code, and the connection goes on
    /// (RFC 9113 §5.4.2).
    Stream {
        stream_id: StreamId,
        code: ErrorCode,
    },
}

impl From<Error> for Fault {
    fn from(error: Error) -> Self {
        Self::Connection(error)
    }
}

impl From<ProtocolError> for Fault {
    fn from(error: ProtocolError) -> Self {
        Self::Connection(Error::Protocol(error))
    }
}

type FrameResult = Result<(), Fault>;

impl Connection {
    /// Takes bytes received from the peer and returns the events they carry,
    /// in order (SPEC API-29).
    ///
    /// Bytes may arrive in chunks of any size; a frame split across calls is
    /// kept until it is whole. Automatic replies are queued for
    /// [`data_to_send`](Self::data_to_send). A stream error resets its stream
    /// and shows up as a [`StreamReset`] event; the call goes on.
    ///
    /// # Errors
    ///
    /// A connection error: the GOAWAY is queued, the connection is closed,
    /// and the events of the frames before the bad one are in the
    /// [`ReceiveError`] (no event is lost, SPEC Q-31). Calling before
    /// [`initiate_connection`](Self::initiate_connection), or after the
    /// connection closed, is an error that queues nothing.
    pub fn receive_data(&mut self, data: &[u8]) -> Result<Vec<Event>, ReceiveError> {
        let mut events = Vec::new();
        match self.receive_data_into(data, &mut events) {
            Ok(()) => Ok(events),
            Err(error) => Err(ReceiveError { error, events }),
        }
    }

    /// [`receive_data`](Self::receive_data), appending the events to
    /// `events` so that one `Vec` can serve every call without allocating.
    ///
    /// # Errors
    ///
    /// As `receive_data`; the events of the frames before the error are in
    /// `events`.
    pub fn receive_data_into(&mut self, data: &[u8], events: &mut Vec<Event>) -> Result<(), Error> {
        // Every state but idle and closed receives frames.
        self.check(ConnectionInput::RecvFrame)?;
        crate::log::trace!("received {} octets", data.len());
        self.recv_buf.extend_from_slice(data);
        loop {
            let result = match self.decoder.decode(&mut self.recv_buf) {
                Ok(Some(frame)) => self.handle_frame(frame, events),
                Ok(None) => return Ok(()),
                Err(error) => self.frame_error(error),
            };
            match result {
                Ok(()) => {}
                Err(Fault::Stream { stream_id, code }) => {
                    if let Err(error) = self.reset_by_us(stream_id, code, events) {
                        return Err(self.connection_error(error));
                    }
                }
                Err(Fault::Connection(error)) => return Err(self.connection_error(error)),
            }
        }
    }

    /// A frame the decoder refused. Stream-scoped errors (a bad PRIORITY, a
    /// zero stream WINDOW_UPDATE) reset the stream when it is live; a stream
    /// that was never opened cannot be reset ("RST_STREAM frames MUST NOT be
    /// sent for a stream in the idle state", §6.4), so there the error is a
    /// connection error; on a closed stream the frame is dropped.
    fn frame_error(&mut self, error: FrameError) -> FrameResult {
        if self.pending_block.is_some() {
            return Err(Fault::Connection(error.into()));
        }
        match error.scope() {
            ErrorScope::Stream(stream_id) => match self.streams.state(stream_id) {
                StreamState::Idle => Err(Fault::Connection(error.into())),
                // "An endpoint MUST ignore frames that it receives on closed
                // streams after it has sent a RST_STREAM frame" (§5.1).
                StreamState::Closed(ClosedBy::SendRstStream) => Ok(()),
                // Otherwise the stream error stands on a closed stream too
                // (e.g. §6.3, a PRIORITY of the wrong length): RST_STREAM,
                // with no event and no change, since the stream is over.
                StreamState::Closed(_) => {
                    self.count_reply()?;
                    self.queue_rst(stream_id, error.code());
                    Ok(())
                }
                _ => Err(Fault::Stream {
                    stream_id,
                    code: error.code(),
                }),
            },
            ErrorScope::Connection => Err(Fault::Connection(error.into())),
        }
    }

    fn handle_frame(&mut self, frame: Frame, events: &mut Vec<Event>) -> FrameResult {
        crate::log::trace!("frame {}", frame.header());
        if !self.peer_settings_seen {
            // "This sequence MUST be followed by a SETTINGS frame", and the
            // server's SETTINGS "MUST be the first frame the server sends";
            // "Clients and servers MUST treat an invalid connection preface
            // as a connection error ... of type PROTOCOL_ERROR" (§3.4).
            if !matches!(&frame, Frame::Settings(settings) if !settings.ack) {
                return Err(ProtocolError::SettingsExpected {
                    received: frame.header().kind,
                }
                .into());
            }
            self.peer_settings_seen = true;
        }
        if let Some(mut block) = self.pending_block.take() {
            // "A receiver MUST treat the receipt of any other type of frame
            // or a frame on a different stream as a connection error of type
            // PROTOCOL_ERROR" (§6.10).
            let Frame::Continuation(continuation) = frame else {
                return Err(ProtocolError::ContinuationExpected {
                    stream_id: block.start.stream_id(),
                }
                .into());
            };
            if continuation.fragment.is_empty() && !continuation.end_headers {
                self.budgets.empty_frame(&self.config.limits)?;
            }
            block.push(&continuation, &self.config.limits)?;
            if !continuation.end_headers {
                self.pending_block = Some(block);
                return Ok(());
            }
            let (start, fragments) = block.finish();
            return self.recv_header_block(start, &fragments, events);
        }
        match frame {
            Frame::Data(data) => self.recv_data(data, events),
            Frame::Headers(headers) => {
                let start = BlockStart::Headers {
                    stream_id: headers.stream_id,
                    end_stream: headers.end_stream,
                    priority: headers.priority,
                };
                self.recv_block_start(start, headers.fragment, headers.end_headers, events)
            }
            Frame::PushPromise(promise) => {
                // The frame itself is the error, whether or not its block
                // is complete (§8.4, §6.5.2): refuse it before buffering.
                if self.config.side.is_server() || !self.local.current().enable_push() {
                    return Err(ProtocolError::PushNotAllowed.into());
                }
                let start = BlockStart::PushPromise {
                    stream_id: promise.stream_id,
                    promised_id: promise.promised_id,
                };
                self.recv_block_start(start, promise.fragment, promise.end_headers, events)
            }
            Frame::Continuation(continuation) => Err(ProtocolError::UnexpectedContinuation {
                stream_id: continuation.stream_id,
            }
            .into()),
            Frame::Priority(priority) => {
                // PRIORITY "can be sent and received in any stream state" and
                // never allocates stream state (SPEC DOS-5).
                if let Some(event) = self.rfc7540_priority(priority.stream_id, Some(priority.spec))
                {
                    events.push(event.into());
                }
                Ok(())
            }
            Frame::RstStream(rst) => self.recv_rst_stream(rst, events),
            Frame::Settings(settings) => self.recv_settings(settings, events),
            Frame::Ping(ping) => self.recv_ping(ping, events),
            Frame::GoAway(goaway) => self.recv_goaway(goaway, events),
            Frame::WindowUpdate(update) => self.recv_window_update(update, events),
            Frame::AltSvc(altsvc) => {
                self.recv_altsvc(altsvc, events);
                Ok(())
            }
            Frame::Origin(origin) => {
                self.recv_origin(origin, events);
                Ok(())
            }
            Frame::PriorityUpdate(update) => self.recv_priority_update(update, events),
            // "An ORIGIN frame on any other stream is invalid and MUST be
            // ignored" (RFC 8336 §2.1); h2-frame leaves it unparsed.
            Frame::Unknown(frame) if frame.kind == FrameKind::ORIGIN => Ok(()),
            // "Implementations MUST ignore and discard frames of unknown
            // types" (§5.5); the application still hears of them (SPEC EVT-17).
            Frame::Unknown(frame) => {
                events.push(UnknownFrameReceived { frame }.into());
                Ok(())
            }
        }
    }

    fn recv_block_start(
        &mut self,
        start: BlockStart,
        fragment: Bytes,
        end_headers: bool,
        events: &mut Vec<Event>,
    ) -> FrameResult {
        if end_headers {
            // A block in one frame is bounded like one in many.
            if fragment.len() > self.config.limits.max_header_block_size {
                return Err(Error::DenialOfService {
                    limit: Limit::HeaderBlockSize,
                }
                .into());
            }
            return self.recv_header_block(start, &fragment, events);
        }
        if fragment.is_empty() {
            self.budgets.empty_frame(&self.config.limits)?;
        }
        self.pending_block = Some(PendingBlock::start(start, &fragment, &self.config.limits)?);
        Ok(())
    }

    /// A complete header block. It is decoded first, whatever happens to its
    /// stream, so that the compression context stays in step with the peer
    /// (RFC 9113 §4.3; SPEC HDR-92).
    fn recv_header_block(
        &mut self,
        start: BlockStart,
        block: &Bytes,
        events: &mut Vec<Event>,
    ) -> FrameResult {
        self.budgets.progress();
        let mut fields = Vec::new();
        // "A receiver MUST terminate the connection with a connection error
        // of type COMPRESSION_ERROR if it does not decompress a field block"
        // (§4.3). An oversized list was still fully decoded: only its
        // stream is refused.
        let oversized = match self.hpack_decoder.decode(block, &mut fields) {
            Ok(()) => false,
            Err(error) if error.is_compression_error() => return Err(Error::from(error).into()),
            Err(_) => true,
        };
        match start {
            BlockStart::Headers {
                stream_id,
                end_stream,
                priority,
            } => {
                let block = ReceivedBlock {
                    stream_id,
                    end_stream,
                    priority,
                    fields,
                    oversized,
                };
                if self.streams.state(stream_id) == StreamState::Idle {
                    self.recv_new_stream(block, events)
                } else {
                    self.recv_headers(block, events)
                }
            }
            BlockStart::PushPromise {
                stream_id,
                promised_id,
            } => self.recv_push_promise(stream_id, promised_id, fields, oversized, events),
        }
    }

    /// HEADERS that open a stream (SPEC RF-HEADERS, MCS-2).
    fn recv_new_stream(&mut self, block: ReceivedBlock, events: &mut Vec<Event>) -> FrameResult {
        let id = block.stream_id;
        // "Streams initiated by a client MUST use odd-numbered stream
        // identifiers" (§5.1.1), and a server opens streams only by
        // PUSH_PROMISE: "If this stream is initiated by the server ...
        // receiving a HEADERS frame MUST also be treated as a connection
        // error of type PROTOCOL_ERROR" (§5.1). So only a server accepts a
        // new stream from HEADERS, and only an odd one (SPEC Q-06 fixed).
        if !(self.config.side.is_server() && id.is_client_initiated()) {
            return Err(ProtocolError::InvalidStreamId { stream_id: id }.into());
        }
        // Taken whether or not the stream is accepted: the id is used now.
        let idle_priority = self.take_idle_priority(id);
        let (next_conn, conn_effect) = self.check(ConnectionInput::RecvNewStream)?;
        self.commit(next_conn);
        // After our GOAWAY, "the sender will ignore frames sent on streams
        // initiated by the receiver if the stream has an identifier higher
        // than the included last stream identifier" (§6.8). We refuse them,
        // which tells the peer they are safe to retry.
        if conn_effect == ConnEffect::AcceptUpToLastStreamId
            && self.goaway_sent.is_some_and(|last| id > last)
        {
            return Err(refuse(id, ErrorCode::REFUSED_STREAM));
        }
        let (mut state, _) = fsm::transition(StreamState::Idle, StreamInput::RecvHeaders)
            .map_err(|v| self.violation(id, StreamState::Idle, v))?;
        if block.end_stream {
            (state, _) = fsm::transition(state, StreamInput::RecvEndStream)
                .map_err(|v| self.violation(id, StreamState::Idle, v))?;
        }
        if block.is_self_dependent() {
            return Err(refuse(id, ErrorCode::PROTOCOL_ERROR));
        }
        // "An endpoint that receives a HEADERS frame that causes its
        // advertised concurrent stream limit to be exceeded MUST treat this
        // as a stream error of type PROTOCOL_ERROR or REFUSED_STREAM"
        // (§5.1.2); REFUSED_STREAM lets the client retry (SPEC Q-12 fixed).
        let limit = self.local.current().max_concurrent_streams();
        if limit.is_some_and(|max| self.open_inbound_streams() >= max as usize) {
            return Err(refuse(id, ErrorCode::REFUSED_STREAM));
        }
        if block.oversized {
            crate::log::debug!("stream {id}: header list over our SETTINGS_MAX_HEADER_LIST_SIZE");
            return Err(refuse(id, self.config.limits.oversized_header_list_code));
        }
        let (fields, info) = match message::check_inbound(
            block.fields,
            InboundKind::Request,
            self.inbound_rules(),
        ) {
            Ok(checked) => checked,
            Err(_) => return Err(refuse(id, ErrorCode::PROTOCOL_ERROR)),
        };
        // A request that ends with its headers has no content; a
        // content-length saying otherwise makes it malformed (§8.1.1).
        let Ok(exchange) = message::after_received_block(
            None,
            self.config.side,
            BlockKind::Request,
            &info,
            block.end_stream,
        ) else {
            return Err(refuse(id, ErrorCode::PROTOCOL_ERROR));
        };
        let mut stream = Stream::new(
            state,
            self.remote.initial_window_size(),
            self.local.current().initial_window_size(),
        );
        stream.received = Phase::Headers;
        stream.authority = info.authority;
        exchange.apply_received(&mut stream);
        self.streams.insert(id, stream);
        crate::log::debug!("stream {id} opened by the peer ({state:?})");

        let stream_ended = block.end_stream.then_some(StreamEnded { stream_id: id });
        let priority_updated = self.rfc7540_priority(id, block.priority);
        events.push(
            RequestReceived {
                stream_id: id,
                headers: fields,
                stream_ended,
                priority_updated,
                // "These parameters override any parameters previously sent
                // for the request" (RFC 9218 §7): an update sent before the
                // HEADERS wins over the header field.
                priority: idle_priority.or(info.priority),
            }
            .into(),
        );
        push_related(events, stream_ended, priority_updated);
        Ok(())
    }

    /// HEADERS on a stream that already left idle: a response, 1xx,
    /// trailers, or a frame for a closed stream.
    fn recv_headers(&mut self, block: ReceivedBlock, events: &mut Vec<Event>) -> FrameResult {
        let id = block.stream_id;
        let state = self.streams.state(id);
        let (mut next, effect) = fsm::transition(state, StreamInput::RecvHeaders)
            .map_err(|v| self.violation(id, state, v))?;
        if effect == Effect::Discard {
            return Ok(());
        }
        if block.end_stream {
            (next, _) = fsm::transition(next, StreamInput::RecvEndStream)
                .map_err(|v| self.violation(id, state, v))?;
        }
        let malformed = Fault::Stream {
            stream_id: id,
            code: ErrorCode::PROTOCOL_ERROR,
        };
        if block.is_self_dependent() {
            return Err(malformed);
        }
        let Some(stream) = self.streams.get(id) else {
            return Ok(());
        };
        let kind = message::inbound_kind(self.config.side, id, stream.received, &block.fields);
        match kind {
            // "An endpoint that receives a HEADERS frame without the
            // END_STREAM flag set after receiving the HEADERS frame that
            // opens a request or after receiving a final (non-informational)
            // status code MUST treat the corresponding request or response
            // as malformed" (§8.1).
            InboundKind::Trailers if !block.end_stream => return Err(malformed),
            // "A HEADERS frame with the END_STREAM flag set that carries an
            // informational status code is malformed" (§8.1).
            InboundKind::Informational if block.end_stream => return Err(malformed),
            _ => {}
        }
        if block.oversized {
            crate::log::debug!("stream {id}: header list over our SETTINGS_MAX_HEADER_LIST_SIZE");
            return Err(Fault::Stream {
                stream_id: id,
                code: self.config.limits.oversized_header_list_code,
            });
        }
        let (fields, info) = message::check_inbound(block.fields, kind, self.inbound_rules())
            .map_err(|_| malformed_fault(id))?;
        // A block on a CONNECT tunnel, or END_STREAM short of the
        // content-length, makes the message malformed (§8.5, §8.1.1).
        let exchange = message::after_received_block(
            Some(stream),
            self.config.side,
            kind.into(),
            &info,
            block.end_stream,
        )
        .map_err(|()| malformed_fault(id))?;

        // Commit.
        if let Some(stream) = self.streams.get_mut(id) {
            stream.received = match kind {
                InboundKind::Informational => Phase::Informational,
                InboundKind::Trailers => Phase::Trailers,
                InboundKind::Request | InboundKind::PushRequest | InboundKind::Response => {
                    Phase::Headers
                }
            };
            exchange.apply_received(stream);
        }
        self.streams.set_state(id, next);

        let stream_ended = block.end_stream.then_some(StreamEnded { stream_id: id });
        let priority_updated = self.rfc7540_priority(id, block.priority);
        let event: Event = match kind {
            InboundKind::Informational => InformationalResponseReceived {
                stream_id: id,
                headers: fields,
                priority_updated,
            }
            .into(),
            InboundKind::Trailers => TrailersReceived {
                stream_id: id,
                headers: fields,
                stream_ended,
                priority_updated,
            }
            .into(),
            InboundKind::Response => ResponseReceived {
                stream_id: id,
                headers: fields,
                stream_ended,
                priority_updated,
            }
            .into(),
            InboundKind::Request | InboundKind::PushRequest => RequestReceived {
                stream_id: id,
                headers: fields,
                stream_ended,
                priority_updated,
                priority: info.priority,
            }
            .into(),
        };
        events.push(event);
        push_related(events, stream_ended, priority_updated);
        Ok(())
    }

    /// PUSH_PROMISE (SPEC RF-PUSH_PROMISE, PP-1).
    fn recv_push_promise(
        &mut self,
        parent: StreamId,
        promised: StreamId,
        fields: Vec<HeaderField>,
        oversized: bool,
        events: &mut Vec<Event>,
    ) -> FrameResult {
        // "A client cannot push. Thus, servers MUST treat the receipt of a
        // PUSH_PROMISE frame as a connection error of type PROTOCOL_ERROR"
        // (§8.4). "An endpoint that has set this setting [ENABLE_PUSH = 0]
        // and has received acknowledgment MUST treat the receipt of a
        // PUSH_PROMISE frame as a connection error of type PROTOCOL_ERROR"
        // (§6.5.2).
        if self.config.side.is_server() || !self.local.current().enable_push() {
            return Err(ProtocolError::PushNotAllowed.into());
        }
        // The promised id must be a new server stream (§5.1.1, §6.6), and
        // the parent one the client opened: "PUSH_PROMISE frames MUST only be
        // sent on a peer-initiated stream" (§6.6).
        if !promised.is_server_initiated()
            || self.streams.state(promised) != StreamState::Idle
            || !parent.is_client_initiated()
        {
            return Err(ProtocolError::InvalidPushPromise {
                stream_id: parent,
                promised_stream_id: promised,
            }
            .into());
        }
        let parent_state = self.streams.state(parent);
        match fsm::transition(parent_state, StreamInput::RecvPushPromiseOnParent) {
            Ok((_, Effect::Proceed)) => {}
            // On a closed parent the promise is still "minimally processed":
            // the promised stream is reserved (§5.1), and we refuse it.
            Ok((_, Effect::Discard)) => return Err(refuse(promised, ErrorCode::REFUSED_STREAM)),
            Err(v) => return Err(self.violation(parent, parent_state, v)),
        }
        let (next_conn, conn_effect) = self.check(ConnectionInput::RecvNewStream)?;
        self.commit(next_conn);
        if conn_effect == ConnEffect::AcceptUpToLastStreamId
            && self.goaway_sent.is_some_and(|last| promised > last)
        {
            return Err(refuse(promised, ErrorCode::REFUSED_STREAM));
        }
        if self.streams.reserved_count(!self.config.side)
            >= self.config.limits.max_reserved_remote_streams
        {
            return Err(refuse(promised, ErrorCode::REFUSED_STREAM));
        }
        if oversized {
            return Err(refuse(
                promised,
                self.config.limits.oversized_header_list_code,
            ));
        }
        // "If a client receives a PUSH_PROMISE that does not include a
        // complete and valid set of header fields ... it MUST respond on the
        // promised stream with a stream error of type PROTOCOL_ERROR" (§8.4).
        let (fields, info) =
            match message::check_inbound(fields, InboundKind::PushRequest, self.inbound_rules()) {
                Ok(checked) => checked,
                Err(_) => return Err(refuse(promised, ErrorCode::PROTOCOL_ERROR)),
            };
        let (state, _) = fsm::transition(StreamState::Idle, StreamInput::RecvPushPromise)
            .map_err(|v| self.violation(promised, StreamState::Idle, v))?;
        let mut stream = Stream::new(
            state,
            self.remote.initial_window_size(),
            self.local.current().initial_window_size(),
        );
        stream.sent = Phase::Headers;
        stream.method = RequestMethod::of(info.method.as_deref());
        stream.authority = info.authority;
        self.streams.insert(promised, stream);
        events.push(
            PushedStreamReceived {
                pushed_stream_id: promised,
                parent_stream_id: parent,
                headers: fields,
            }
            .into(),
        );
        Ok(())
    }

    /// DATA (SPEC RF-DATA, FC-5, FC-8, HDR-61).
    fn recv_data(&mut self, frame: Data, events: &mut Vec<Event>) -> FrameResult {
        // An empty DATA frame without END_STREAM costs us a frame's work and
        // the peer nothing, not even window (CVE-2019-9518).
        if frame.payload.is_empty() && !frame.end_stream {
            self.budgets.empty_frame(&self.config.limits)?;
        } else {
            self.budgets.progress();
        }
        let flow = frame.flow_controlled_len();
        // The connection window is charged first, whatever becomes of the
        // frame: "the content of DATA frames counts toward the connection
        // flow-control window" even on closed streams (§5.1, §6.8). "A
        // receiver MAY respond with ... a connection error of type
        // FLOW_CONTROL_ERROR" when a sender exceeds it (§6.9.1).
        self.recv_window
            .receive(flow)
            .map_err(|source| Error::FlowControl {
                stream_id: StreamId::ZERO,
                source,
            })?;
        let result = self.recv_data_on_stream(frame, flow, events);
        if !matches!(result, Ok(true)) {
            // The application never sees these octets, so they go back to
            // the peer without it (SPEC FC-8).
            self.release_connection_window(flow);
        }
        result.map(|_| ())
    }

    /// Ok(true) when the data was delivered.
    fn recv_data_on_stream(
        &mut self,
        frame: Data,
        flow: u32,
        events: &mut Vec<Event>,
    ) -> Result<bool, Fault> {
        let id = frame.stream_id;
        let state = self.streams.state(id);
        let (mut next, effect) = fsm::transition(state, StreamInput::RecvData)
            .map_err(|v| self.violation(id, state, v))?;
        if effect == Effect::Discard {
            return Ok(false);
        }
        if frame.end_stream {
            (next, _) = fsm::transition(next, StreamInput::RecvEndStream)
                .map_err(|v| self.violation(id, state, v))?;
        }
        let Some(stream) = self.streams.get_mut(id) else {
            return Ok(false);
        };
        // DATA before the HEADERS that open the message, or after only 1xx
        // responses, is malformed (§8.1; SPEC HDR-71 as a stream error).
        if !stream.received.has_headers() {
            return Err(malformed_fault(id));
        }
        // "A receiver MAY respond with a stream error or connection error
        // of type FLOW_CONTROL_ERROR if it is unable to accept a frame"
        // (§6.9): this stream alone overran its window (SPEC Q-13 fixed).
        if stream.recv_window.receive(flow).is_err() {
            return Err(Fault::Stream {
                stream_id: id,
                code: ErrorCode::FLOW_CONTROL_ERROR,
            });
        }
        // "A request or response is also malformed if the value of a
        // content-length header field does not equal the sum of the DATA
        // frame payload lengths that form the content" (§8.1.1).
        let content = stream.received_content;
        let Some(received) = content
            .after(frame.payload.len())
            .filter(|&total| !frame.end_stream || content.complete_at(total))
        else {
            // The connection window is given back by the caller.
            return Err(malformed_fault(id));
        };
        stream.received_content.counted = received;
        self.streams.set_state(id, next);

        let stream_ended = frame.end_stream.then_some(StreamEnded { stream_id: id });
        events.push(
            DataReceived {
                stream_id: id,
                data: frame.payload,
                flow_controlled_length: flow,
                stream_ended,
            }
            .into(),
        );
        if let Some(ended) = stream_ended {
            events.push(ended.into());
        }
        Ok(true)
    }

    /// RST_STREAM (SPEC RF-RST_STREAM).
    fn recv_rst_stream(&mut self, frame: RstStream, events: &mut Vec<Event>) -> FrameResult {
        let id = frame.stream_id;
        let state = self.streams.state(id);
        // On an idle stream this is a connection PROTOCOL_ERROR (§6.4: "If
        // a RST_STREAM frame identifying an idle stream is received, the
        // recipient MUST treat this as a connection error"; SPEC Q-14 fixed).
        let (next, effect) = fsm::transition(state, StreamInput::RecvRstStream)
            .map_err(|v| self.violation(id, state, v))?;
        if effect == Effect::Proceed {
            // Rapid Reset (CVE-2023-44487): a stream the peer opened and
            // cancels before it completes spends the reset budget.
            if id.initiator() == Some(!self.config.side) {
                self.budgets
                    .charge_reset(self.streams.completed(), &self.config.limits)?;
            }
            self.streams.set_state(id, next);
            events.push(
                StreamReset {
                    stream_id: id,
                    error_code: frame.error_code,
                    remote_reset: true,
                }
                .into(),
            );
        }
        Ok(())
    }

    /// WINDOW_UPDATE (SPEC RF-WINDOW_UPDATE, FC-3).
    fn recv_window_update(&mut self, frame: WindowUpdate, events: &mut Vec<Event>) -> FrameResult {
        let id = frame.stream_id;
        if id.is_zero() {
            // "A sender MUST NOT allow a flow-control window to exceed
            // 2^31-1 octets. If a sender receives a WINDOW_UPDATE that causes
            // a flow-control window to exceed this maximum, it MUST terminate
            // either the stream or the connection, as appropriate" (§6.9.1).
            self.send_window
                .increase(frame.increment)
                .map_err(|source| Error::FlowControl {
                    stream_id: id,
                    source,
                })?;
        } else {
            let state = self.streams.state(id);
            let (_, effect) = fsm::transition(state, StreamInput::RecvWindowUpdate)
                .map_err(|v| self.violation(id, state, v))?;
            if effect == Effect::Discard {
                return Ok(());
            }
            let Some(stream) = self.streams.get_mut(id) else {
                return Ok(());
            };
            if stream.send_window.increase(frame.increment).is_err() {
                return Err(Fault::Stream {
                    stream_id: id,
                    code: ErrorCode::FLOW_CONTROL_ERROR,
                });
            }
        }
        events.push(
            WindowUpdated {
                stream_id: id,
                delta: frame.increment,
            }
            .into(),
        );
        Ok(())
    }

    /// PING (SPEC RF-PING).
    fn recv_ping(&mut self, frame: Ping, events: &mut Vec<Event>) -> FrameResult {
        if frame.ack {
            events.push(
                PingAckReceived {
                    ping_data: frame.payload,
                }
                .into(),
            );
            return Ok(());
        }
        // "Receivers of a PING frame that does not include an ACK flag MUST
        // send a PING frame with the ACK flag set in response, with an
        // identical frame payload" (§6.7).
        self.count_reply()?;
        Ping {
            ack: true,
            payload: frame.payload,
        }
        .encode(&mut self.out);
        events.push(
            PingReceived {
                ping_data: frame.payload,
            }
            .into(),
        );
        Ok(())
    }

    /// ALTSVC (RFC 7838 §4; SPEC RF-ALTSVC). Never an error: extension
    /// frames cannot be (RFC 9113 §5.5).
    fn recv_altsvc(&mut self, frame: AltSvc, events: &mut Vec<Event>) {
        // "The ALTSVC frame is intended for receipt by clients. A device
        // acting as a server MUST ignore it." Frames whose origin field
        // contradicts their stream "MUST be ignored".
        if self.config.side.is_server() || frame.must_be_ignored() {
            return;
        }
        let origin = if frame.stream_id.is_zero() {
            Some(frame.origin)
        } else {
            // On a stream: the origin of the request on it, while its
            // response has not arrived (SPEC RF-ALTSVC).
            let Some(stream) = self.streams.get(frame.stream_id) else {
                return;
            };
            let awaiting_response = matches!(
                stream.state,
                StreamState::Open | StreamState::HalfClosedLocal | StreamState::ReservedRemote
            ) && !stream.received.has_headers();
            if !awaiting_response {
                return;
            }
            stream.authority.clone()
        };
        events.push(
            AlternativeServiceAvailable {
                origin,
                field_value: frame.field_value,
            }
            .into(),
        );
    }

    /// Counts one automatic PING or SETTINGS ACK against
    /// [`Limits::max_queued_control_replies`](crate::Limits::max_queued_control_replies).
    pub(super) fn count_reply(&mut self) -> Result<(), Error> {
        if self.queued_replies >= self.config.limits.max_queued_control_replies {
            return Err(Error::DenialOfService {
                limit: Limit::QueuedControlReplies,
            });
        }
        self.queued_replies += 1;
        Ok(())
    }

    /// The fault for a stream table violation on a received frame.
    fn violation(&self, stream_id: StreamId, state: StreamState, violation: Violation) -> Fault {
        match violation {
            Violation::Stream(code) => Fault::Stream { stream_id, code },
            Violation::Connection(code) => ProtocolError::StreamState {
                stream_id,
                state,
                code,
            }
            .into(),
            // Not produced for received frames.
            Violation::NotAllowed | Violation::Closed => ProtocolError::StreamState {
                stream_id,
                state,
                code: ErrorCode::PROTOCOL_ERROR,
            }
            .into(),
        }
    }

    /// Resets a stream because of the peer's stream error: RST_STREAM, the
    /// stream closes, and a [`StreamReset`] event when the application knew
    /// the stream (SPEC EVT-11). A stream the application never heard of (a
    /// refused new stream) is recorded as closed by our reset, without an
    /// event.
    ///
    /// # Errors
    ///
    /// The connection error ENHANCE_YOUR_CALM when the peer made us reset
    /// more streams than [`Limits::stream_reset_budget`] allows
    /// (MadeYouReset, CVE-2025-8671), or when the reply would pass
    /// [`Limits::max_queued_control_replies`]. Nothing is queued then.
    ///
    /// [`Limits::stream_reset_budget`]: crate::Limits::stream_reset_budget
    /// [`Limits::max_queued_control_replies`]: crate::Limits::max_queued_control_replies
    fn reset_by_us(
        &mut self,
        stream_id: StreamId,
        code: ErrorCode,
        events: &mut Vec<Event>,
    ) -> Result<(), Error> {
        crate::log::debug!("resetting stream {stream_id}: {code:?}");
        let live = self.streams.get(stream_id).is_some();
        if live {
            self.budgets
                .charge_reset(self.streams.completed(), &self.config.limits)?;
        }
        self.count_reply()?;
        self.queue_rst(stream_id, code);
        if live {
            self.streams
                .set_state(stream_id, StreamState::Closed(ClosedBy::SendRstStream));
            events.push(
                StreamReset {
                    stream_id,
                    error_code: code,
                    remote_reset: false,
                }
                .into(),
            );
        } else if matches!(
            self.streams.state(stream_id),
            StreamState::Idle | StreamState::Closed(ClosedBy::Implicit)
        ) {
            self.streams
                .insert_closed(stream_id, ClosedBy::SendRstStream);
        }
        Ok(())
    }

    /// Gives `n` octets back to the connection window and queues the
    /// WINDOW_UPDATE the window strategy asks for.
    pub(super) fn release_connection_window(&mut self, n: u32) {
        if let Some(increment) = self.recv_window.acknowledge(n) {
            WindowUpdate {
                stream_id: StreamId::ZERO,
                increment: increment.get(),
            }
            .encode(&mut self.out);
        }
    }

    fn inbound_rules(&self) -> crate::http::InboundRules {
        crate::http::InboundRules {
            validate: self.config.validate_inbound_headers,
            normalize: self.config.normalize_inbound_headers,
            connect_protocol_enabled: self.local.current().enable_connect_protocol(),
        }
    }
}

/// A decoded header block on its way to a stream.
struct ReceivedBlock {
    stream_id: StreamId,
    end_stream: bool,
    priority: Option<PrioritySpec>,
    fields: Vec<HeaderField>,
    oversized: bool,
}

impl ReceivedBlock {
    /// "A stream cannot depend on itself. An endpoint MUST treat this as a
    /// stream error (Section 5.4.2) of type PROTOCOL_ERROR." (§5.3.1)
    fn is_self_dependent(&self) -> bool {
        self.priority
            .is_some_and(|spec| spec.dependency == self.stream_id)
    }
}

/// Refuses a new stream with RST_STREAM(`code`); no event, since the
/// application never saw it.
fn refuse(stream_id: StreamId, code: ErrorCode) -> Fault {
    Fault::Stream { stream_id, code }
}

/// A malformed message: a stream error of type PROTOCOL_ERROR (§8.1.1).
fn malformed_fault(stream_id: StreamId) -> Fault {
    Fault::Stream {
        stream_id,
        code: ErrorCode::PROTOCOL_ERROR,
    }
}

/// The related events that follow a primary one (SPEC EVT-19).
fn push_related(
    events: &mut Vec<Event>,
    stream_ended: Option<StreamEnded>,
    priority_updated: Option<PriorityUpdated>,
) {
    if let Some(ended) = stream_ended {
        events.push(ended.into());
    }
    if let Some(priority) = priority_updated {
        events.push(priority.into());
    }
}
