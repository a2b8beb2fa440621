//! Priority signals both ways: RFC 7540's (PRIORITY frames and the
//! priority fields of HEADERS, deprecated by RFC 9113 §5.3.2) and RFC 9218's
//! extensible priorities (the `priority` header field and PRIORITY_UPDATE
//! frames). The connection only carries the signals; scheduling is the
//! application's (SPEC API-22, EVT-14).

use h2_frame::{PrioritySpec, PriorityUpdate, Setting, SettingId, StreamId};
use h2_settings::SettingsError;

use super::fsm::ConnectionInput;
use super::recv::Fault;
use super::Connection;
use crate::config::DEFAULT_MAX_CONCURRENT_STREAMS;
use crate::stream::StreamState;
use crate::{
    Error, Event, Priority, PriorityUpdateReceived, PriorityUpdated, ProtocolError, UsageError,
};

impl Connection {
    /// Sends a PRIORITY_UPDATE frame (RFC 9218 §7.1): the new priority of a
    /// response. Clients only. `stream_id` is a request stream of ours, in
    /// any state (an idle one to give a request its priority before its
    /// HEADERS; RFC 9218 says it "ought to be sent before the stream
    /// transitions to the closed state"), or a push stream the server
    /// promised.
    ///
    /// The frame replaces whatever priority the request had: parameters left
    /// at their defaults are sent as such. To prioritize a request when it
    /// is sent, a `priority` header field in the request does the same
    /// (RFC 9218 §5).
    ///
    /// ```
    /// use h2_proto::{Config, Connection, Priority, StreamId};
    ///
    /// let mut client = Connection::new(Config::client());
    /// client.initiate_connection()?;
    /// let next = client.get_next_available_stream_id()?;
    /// client.send_priority_update(next, Priority::new(0, true).unwrap())?;
    /// let wire = client.data_to_send();
    /// // After the preface and SETTINGS: type 0x10 on stream 0, the
    /// // prioritized stream, the field value.
    /// assert!(wire.ends_with(b"\x00\x00\x0a\x10\x00\x00\x00\x00\x00\x00\x00\x00\x01u=0, i"));
    /// # Ok::<(), h2_proto::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UsageError::ClientOnly`], [`UsageError::StreamIdZero`],
    /// [`UsageError::InvalidStreamId`] for a server stream that was never
    /// promised, [`Error::TooManyStreams`] when an idle stream would make
    /// the idle prioritized streams plus the open ones exceed the server's
    /// MAX_CONCURRENT_STREAMS ("MUST NOT exceed", RFC 9218 §7.1), and the
    /// connection state errors. Nothing changes on error.
    pub fn send_priority_update(
        &mut self,
        stream_id: StreamId,
        priority: Priority,
    ) -> Result<(), Error> {
        // RFC 9218 §7.1: "If a client receives a PRIORITY_UPDATE frame, it
        // MUST respond with a connection error", so servers never send one.
        if self.config.side.is_server() {
            return Err(UsageError::ClientOnly.into());
        }
        let (next_conn, _) = self.check(ConnectionInput::SendFrame)?;
        if stream_id.is_zero() {
            return Err(UsageError::StreamIdZero.into());
        }
        let state = self.streams.state(stream_id);
        let remember_idle = state == StreamState::Idle;
        if remember_idle {
            // "Clients MUST NOT provide a Prioritized Stream ID that refers
            // to a push stream that has not been declared" (RFC 9218 §7.1).
            if !stream_id.is_client_initiated() {
                return Err(UsageError::InvalidStreamId { stream_id }.into());
            }
            // "The number of streams that have been prioritized but remain
            // in the "idle" state plus the number of active streams ... MUST
            // NOT exceed the value of the SETTINGS_MAX_CONCURRENT_STREAMS
            // parameter" (RFC 9218 §7.1).
            if let Some(max) = self.remote.max_concurrent_streams() {
                let open = self.open_outbound_streams() + self.idle_priorities_besides(stream_id);
                if open >= max as usize {
                    return Err(Error::TooManyStreams { max, open });
                }
            }
        }
        PriorityUpdate::new(stream_id, priority.field_value()).encode(&mut self.out);
        self.commit(next_conn);
        if remember_idle {
            self.remember_idle_priority(stream_id, priority);
        }
        Ok(())
    }

    /// A PRIORITY_UPDATE from the peer (RFC 9218 §7.1). The frame layer
    /// refused one on a stream other than 0 or prioritizing stream 0.
    pub(super) fn recv_priority_update(
        &mut self,
        frame: PriorityUpdate,
        events: &mut Vec<Event>,
    ) -> Result<(), Fault> {
        let id = frame.prioritized_stream_id;
        if self.config.side.is_client() {
            return Err(ProtocolError::PriorityUpdateToClient.into());
        }
        // "Failure to parse the Priority Field Value MUST be treated as a
        // connection error. In HTTP/2, the error is of type PROTOCOL_ERROR"
        // (RFC 9218 §7).
        let priority = Priority::parse(&frame.field_value)
            .ok_or(ProtocolError::InvalidPriorityUpdate { stream_id: id })?;
        let state = self.streams.state(id);
        let report = if id.is_client_initiated() {
            match state {
                StreamState::Idle => {
                    let held = self.open_inbound_streams() + self.idle_priorities_besides(id);
                    match self.local.current().max_concurrent_streams() {
                        // "Servers that receive such a PRIORITY_UPDATE MUST
                        // respond with a connection error of type
                        // PROTOCOL_ERROR" (the idle plus active streams
                        // exceed MAX_CONCURRENT_STREAMS, RFC 9218 §7.1).
                        Some(max) if held >= max as usize => {
                            return Err(
                                ProtocolError::TooManyPrioritizedStreams { stream_id: id }.into()
                            );
                        }
                        // Without that setting the client breaks no rule, but
                        // we keep no more than the default number.
                        None if held >= DEFAULT_MAX_CONCURRENT_STREAMS as usize => return Ok(()),
                        _ => {}
                    }
                    self.remember_idle_priority(id, priority);
                    false
                }
                // The response is still to come.
                StreamState::Open | StreamState::HalfClosedRemote => true,
                // "Servers can discard frames where the Prioritized Stream ID
                // refers to a stream in the "half-closed (local)" or "closed"
                // state" (RFC 9218 §7.1): the response is sent already.
                _ => false,
            }
        } else {
            match state {
                // "Servers that receive a PRIORITY_UPDATE for a push stream
                // that has not been declared MUST respond with a connection
                // error of type PROTOCOL_ERROR" (RFC 9218 §7.1).
                StreamState::Idle => {
                    return Err(
                        ProtocolError::PriorityUpdateForUnknownPush { stream_id: id }.into(),
                    )
                }
                StreamState::ReservedLocal | StreamState::HalfClosedRemote => true,
                _ => false,
            }
        };
        if report {
            events.push(
                PriorityUpdateReceived {
                    stream_id: id,
                    priority,
                }
                .into(),
            );
        }
        Ok(())
    }

    /// The RFC 9218 priority a PRIORITY_UPDATE gave stream `id` while it
    /// was idle, taken now that `id` is used. Streams below it of the same
    /// initiator can never open any more (RFC 9113 §5.1.1), so their
    /// entries go too.
    pub(super) fn take_idle_priority(&mut self, id: StreamId) -> Option<Priority> {
        if self.idle_priorities.is_empty() {
            return None;
        }
        let found = self
            .idle_priorities
            .iter()
            .find(|(stream, _)| *stream == id)
            .map(|&(_, priority)| priority);
        self.idle_priorities
            .retain(|(stream, _)| *stream > id || stream.initiator() != id.initiator());
        found
    }

    /// RFC 7540 priority information for an event, unless we advertised
    /// SETTINGS_NO_RFC7540_PRIORITIES = 1: "Servers can send
    /// SETTINGS_NO_RFC7540_PRIORITIES with a value of 1 to indicate that they
    /// will ignore HTTP/2 priority signals sent by clients" (RFC 9218 §2.1),
    /// so such signals are checked as RFC 9113 requires and then dropped.
    pub(super) fn rfc7540_priority(
        &self,
        stream_id: StreamId,
        spec: Option<PrioritySpec>,
    ) -> Option<PriorityUpdated> {
        let spec = spec?;
        if self.config.local_settings.no_rfc7540_priorities() {
            return None;
        }
        Some(PriorityUpdated {
            stream_id,
            weight: u16::from(spec.weight) + 1,
            depends_on: spec.dependency,
            exclusive: spec.exclusive,
        })
    }

    /// Refuses a SETTINGS_NO_RFC7540_PRIORITIES in `update_settings` that
    /// differs from the one our first SETTINGS frame carried (absent: 0):
    /// "If endpoints use SETTINGS_NO_RFC7540_PRIORITIES, they MUST send it in
    /// the first SETTINGS frame. Senders MUST NOT change the
    /// SETTINGS_NO_RFC7540_PRIORITIES value after the first SETTINGS frame"
    /// (RFC 9218 §2.1).
    pub(super) fn check_later_priority_setting(&self, settings: &[Setting]) -> Result<(), Error> {
        let first = self
            .config
            .local_settings
            .get(SettingId::NO_RFC7540_PRIORITIES)
            .unwrap_or(0);
        match settings
            .iter()
            .find(|s| s.id == SettingId::NO_RFC7540_PRIORITIES && s.value != first)
        {
            Some(changed) => Err(SettingsError::NoRfc7540PrioritiesChanged {
                previous: first,
                value: changed.value,
            }
            .into()),
            None => Ok(()),
        }
    }

    fn idle_priorities_besides(&self, id: StreamId) -> usize {
        self.idle_priorities
            .iter()
            .filter(|(stream, _)| *stream != id)
            .count()
    }

    fn remember_idle_priority(&mut self, id: StreamId, priority: Priority) {
        match self
            .idle_priorities
            .iter_mut()
            .find(|(stream, _)| *stream == id)
        {
            Some(entry) => entry.1 = priority,
            None => self.idle_priorities.push((id, priority)),
        }
    }
}
