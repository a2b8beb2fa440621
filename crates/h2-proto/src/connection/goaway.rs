//! GOAWAY: graceful shutdown and its last stream id (RFC 9113 §6.8; SPEC
//! §7.9).

use bytes::Bytes;
use h2_frame::{ErrorCode, GoAway, StreamId};

use super::fsm::ConnectionInput;
use super::recv::Fault;
use super::Connection;
use crate::stream::{ClosedBy, StreamState};
use crate::{ConnectionTerminated, Error, Event, ProtocolError, UsageError};

impl Connection {
    /// Sends GOAWAY (SPEC API-19).
    ///
    /// With NO_ERROR this starts a graceful shutdown: the peer opens no new
    /// streams, and every stream at or below `last_stream_id` may still run
    /// to completion (RFC 9113 §6.8, SPEC Q-08 fixed); streams the peer opens
    /// above it are refused. With any other code the connection is closed.
    /// `last_stream_id` defaults to the highest stream the peer opened; a
    /// later GOAWAY may lower it but not raise it. Streams of the peer above
    /// it are reset with REFUSED_STREAM, since they will not be processed.
    ///
    /// # Errors
    ///
    /// [`UsageError::GoAwayLastStreamIdIncreased`], [`Error::FrameTooLarge`]
    /// for debug data beyond the peer's maximum frame size,
    /// [`UsageError::NotInitiated`].
    pub fn close_connection(
        &mut self,
        error_code: ErrorCode,
        additional_data: Option<&[u8]>,
        last_stream_id: Option<StreamId>,
    ) -> Result<(), Error> {
        let input = if error_code == ErrorCode::NO_ERROR {
            ConnectionInput::SendGoAway
        } else {
            ConnectionInput::SendGoAwayError
        };
        let (next, _) = self.check(input)?;
        let last = last_stream_id.unwrap_or_else(|| self.last_processed_stream_id());
        // "Endpoints MUST NOT increase the value they send in the last
        // stream identifier" (§6.8).
        if let Some(previous) = self.goaway_sent {
            if last > previous {
                return Err(UsageError::GoAwayLastStreamIdIncreased { previous }.into());
            }
        }
        let debug = additional_data.unwrap_or_default();
        let size = GoAway::FIXED_LEN + debug.len();
        if size > self.max_outbound_frame_size as usize {
            return Err(Error::FrameTooLarge {
                size,
                max: self.max_outbound_frame_size,
            });
        }
        GoAway {
            last_stream_id: last,
            error_code,
            debug_data: Bytes::copy_from_slice(debug),
        }
        .encode(&mut self.out);
        self.goaway_sent = Some(last);
        self.commit(next);
        for id in self.streams.ids_above(!self.config.side, last) {
            self.queue_rst(id, ErrorCode::REFUSED_STREAM);
            self.streams
                .set_state(id, StreamState::Closed(ClosedBy::SendRstStream));
        }
        Ok(())
    }

    /// GOAWAY from the peer (SPEC RF-GOAWAY, GA-2). Streams we opened above
    /// its last stream id "are not or will not be processed" (§6.8): they
    /// close now, and may be retried on another connection. The others go
    /// on. The output buffer is kept (SPEC Q-08 fixed).
    pub(super) fn recv_goaway(
        &mut self,
        frame: GoAway,
        events: &mut Vec<Event>,
    ) -> Result<(), Fault> {
        let (next, _) = self.check(ConnectionInput::RecvGoAway)?;
        if let Some(previous) = self.goaway_received {
            if frame.last_stream_id > previous {
                return Err(ProtocolError::GoAwayLastStreamIdIncreased {
                    previous,
                    last_stream_id: frame.last_stream_id,
                }
                .into());
            }
        }
        self.goaway_received = Some(frame.last_stream_id);
        self.commit(next);
        for id in self
            .streams
            .ids_above(self.config.side, frame.last_stream_id)
        {
            self.streams
                .set_state(id, StreamState::Closed(ClosedBy::RecvRstStream));
        }
        events.push(
            ConnectionTerminated {
                error_code: frame.error_code,
                last_stream_id: frame.last_stream_id,
                additional_data: (!frame.debug_data.is_empty()).then_some(frame.debug_data),
            }
            .into(),
        );
        Ok(())
    }
}
