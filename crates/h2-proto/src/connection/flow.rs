//! Flow control from the user's side: the windows, manual increments and
//! the automatic strategy (SPEC §7.5, API-23..API-26).

use h2_frame::{StreamId, WindowUpdate};

use super::fsm::{ConnectionInput, ConnectionState};
use super::Connection;
use crate::stream::fsm::{self, StreamInput};
use crate::stream::StreamState;
use crate::{Error, UsageError};

impl Connection {
    /// How many flow-controlled octets we may send on `stream_id` now: the
    /// smaller of the stream's and the connection's send windows (SPEC
    /// API-25). Can be negative after the peer lowered its
    /// INITIAL_WINDOW_SIZE.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchStream`] or [`Error::StreamClosed`] (SPEC X-5).
    pub fn local_flow_control_window(&self, stream_id: StreamId) -> Result<i32, Error> {
        let stream = self.live_stream(stream_id)?;
        Ok(stream
            .send_window
            .available()
            .min(self.send_window.available()))
    }

    /// How many flow-controlled octets the peer may send on `stream_id`
    /// now: the smaller of the stream's and the connection's receive
    /// windows (SPEC API-26).
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchStream`] or [`Error::StreamClosed`] (SPEC X-5).
    pub fn remote_flow_control_window(&self, stream_id: StreamId) -> Result<i32, Error> {
        let stream = self.live_stream(stream_id)?;
        Ok(stream
            .recv_window
            .available()
            .min(self.recv_window.available()))
    }

    /// The stream's own windows, `(send, receive)`, without the connection's;
    /// `None` unless the stream is live. For invariant checks (the fuzz
    /// targets compare both ends of a stream).
    #[doc(hidden)]
    pub fn stream_windows(&self, stream_id: StreamId) -> Option<(i32, i32)> {
        self.streams
            .get(stream_id)
            .map(|s| (s.send_window.available(), s.recv_window.available()))
    }

    /// The connection's send window (Python's `outbound_flow_control_window`).
    pub fn outbound_flow_control_window(&self) -> i32 {
        self.send_window.available()
    }

    /// The connection's receive window (Python's `inbound_flow_control_window`).
    pub fn inbound_flow_control_window(&self) -> i32 {
        self.recv_window.available()
    }

    /// Opens a receive window by `increment` and sends the WINDOW_UPDATE:
    /// the stream's with `Some(stream_id)`, the connection's with `None`
    /// (SPEC API-23). The other window is not touched.
    ///
    /// # Errors
    ///
    /// [`UsageError::InvalidWindowIncrement`] outside 1..=2^31-1, the
    /// lookup errors of SPEC X-5 (SPEC Q-02 fixed), [`Error::FlowControl`]
    /// when the window would pass 2^31-1 (and it is left unchanged).
    pub fn increment_flow_control_window(
        &mut self,
        increment: u32,
        stream_id: Option<StreamId>,
    ) -> Result<(), Error> {
        if increment == 0 || increment > Self::MAX_WINDOW_INCREMENT {
            return Err(UsageError::InvalidWindowIncrement { increment }.into());
        }
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        let Some(id) = stream_id else {
            let mut window = self.recv_window;
            window
                .increase(increment)
                .map_err(|source| Error::FlowControl {
                    stream_id: StreamId::ZERO,
                    source,
                })?;
            self.recv_window = window;
            self.queue_window_update(StreamId::ZERO, increment);
            self.commit(next_conn);
            return Ok(());
        };
        let stream = self.live_stream(id)?;
        let state = stream.state;
        fsm::transition(state, StreamInput::SendWindowUpdate).map_err(|_| {
            Error::Usage(UsageError::NotAllowedInState {
                stream_id: id,
                state,
            })
        })?;
        let mut window = stream.recv_window;
        window
            .increase(increment)
            .map_err(|source| Error::FlowControl {
                stream_id: id,
                source,
            })?;
        if let Some(stream) = self.streams.get_mut(id) {
            stream.recv_window = window;
        }
        self.queue_window_update(id, increment);
        self.commit(next_conn);
        Ok(())
    }

    /// Tells the connection that the application has processed
    /// `acknowledged_size` octets of DATA on `stream_id` (use
    /// [`DataReceived::flow_controlled_length`](crate::DataReceived::flow_controlled_length)),
    /// and sends the WINDOW_UPDATE frames the automatic strategy calls for:
    /// updates are coalesced until half a window is acknowledged, or the
    /// window is exhausted (SPEC API-24, FC-7). Connection first, then
    /// stream.
    ///
    /// Works during a graceful shutdown, so in-flight streams can finish.
    /// A closed stream only returns connection credit.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchStream`] for a stream never opened, before anything
    /// changes (SPEC Q-25 fixed); [`UsageError::StreamIdZero`];
    /// [`Error::ConnectionClosed`].
    pub fn acknowledge_received_data(
        &mut self,
        acknowledged_size: u32,
        stream_id: StreamId,
    ) -> Result<(), Error> {
        match self.state {
            ConnectionState::Idle => return Err(UsageError::NotInitiated.into()),
            ConnectionState::Closed => return Err(Error::ConnectionClosed),
            _ => {}
        }
        if stream_id.is_zero() {
            return Err(UsageError::StreamIdZero.into());
        }
        if self.streams.state(stream_id) == StreamState::Idle {
            return Err(Error::NoSuchStream { stream_id });
        }
        if let Some(increment) = self.recv_window.acknowledge(acknowledged_size) {
            self.queue_window_update(StreamId::ZERO, increment.get());
        }
        let increment = self
            .streams
            .get_mut(stream_id)
            .filter(|s| s.state.can_receive())
            .and_then(|s| s.recv_window.acknowledge(acknowledged_size));
        if let Some(increment) = increment {
            self.queue_window_update(stream_id, increment.get());
        }
        Ok(())
    }

    pub(super) fn queue_window_update(&mut self, stream_id: StreamId, increment: u32) {
        WindowUpdate {
            stream_id,
            increment,
        }
        .encode(&mut self.out);
    }
}
