//! The stream state machine of RFC 9113 §5.1, as one transition table.
//!
//! [`transition`] is a pure function of `(state, input)`: it says which state
//! comes next and what the caller should do with the frame, or which rule the
//! input breaks. The connection runs its other checks first and commits the
//! new state only when the whole call succeeds, so a failing call changes
//! nothing (calls are transactional).
//!
//! PRIORITY frames "can be sent and received in any stream state" (§5.1) and
//! never change it, so PRIORITY is not an input. CONTINUATION frames "are
//! effectively part of the HEADERS or PUSH_PROMISE that they follow" (§5.1) and
//! are assembled by the connection before the stream sees the block. ALTSVC
//! (RFC 7838) is an extension frame whose rules are not stream states; the
//! connection handles it. The table is checked in as `docs/fsm/stream.txt`
//! and a unit test keeps the two identical.

use h2_frame::ErrorCode;

/// How a stream reached the closed state. It decides how frames that arrive
/// later are treated (RFC 9113 §5.1, "closed"; SPEC CL-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClosedBy {
    /// Both sides sent END_STREAM; ours was the last.
    SendEndStream,
    /// Both sides sent END_STREAM; the peer's was the last.
    RecvEndStream,
    /// We sent RST_STREAM (the user's `reset_stream`, or a stream error we
    /// detected in the peer's frames).
    SendRstStream,
    /// The peer sent RST_STREAM, or refused the stream with a GOAWAY whose
    /// last stream id is below it.
    RecvRstStream,
    /// Never opened (the peer skipped the id, which closes it implicitly,
    /// §5.1.1), or closed so long ago that the record was dropped.
    Implicit,
}

/// The state of one stream (RFC 9113 §5.1).
///
/// ```text
///                              +--------+
///                      send PP |        | recv PP
///                     ,--------+  idle  +--------.
///                    /         |        |         \
///                   v          +--------+          v
///            +----------+          |           +----------+
///            |          |          | send H /  |          |
///     ,------+ reserved |          | recv H    | reserved +------.
///     |      | (local)  |          |           | (remote) |      |
///     |      +---+------+          v           +------+---+      |
///     |          |             +--------+             |          |
///     |          |     recv ES |        | send ES     |          |
///     |   send H |     ,-------+  open  +-------.     | recv H   |
///     |          |    /        |        |        \    |          |
///     |          v   v         +---+----+         v   v          |
///     |      +----------+          |           +----------+      |
///     |      |   half-  |          |           |   half-  |      |
///     |      |  closed  |          | send R /  |  closed  |      |
///     |      | (remote) |          | recv R    | (local)  |      |
///     |      +----+-----+          |           +-----+----+      |
///     |           |                |                 |           |
///     |           | send ES /      |       recv ES / |           |
///     |           |  send R /      v        send R / |           |
///     |           |  recv R    +--------+   recv R   |           |
///     | send R /  `----------->|        |<-----------'  send R / |
///     | recv R                 | closed |               recv R   |
///     `----------------------->|        |<-----------------------'
///                              +--------+
/// ```
///
/// (RFC 9113 Figure 2. H: HEADERS, ES: END_STREAM, R: RST_STREAM,
/// PP: PUSH_PROMISE, for the promised stream.) The closed state remembers
/// [how it was reached](ClosedBy), because RFC 9113 treats late frames
/// differently after a reset we sent than after END_STREAM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamState {
    /// Not yet used.
    Idle,
    /// Promised by our PUSH_PROMISE; we will send the response.
    ReservedLocal,
    /// Promised by the peer's PUSH_PROMISE; the peer will send the response.
    ReservedRemote,
    /// Both sides may send.
    Open,
    /// We sent END_STREAM; the peer may still send.
    HalfClosedLocal,
    /// The peer sent END_STREAM; we may still send.
    HalfClosedRemote,
    /// Terminal.
    Closed(ClosedBy),
}

impl StreamState {
    /// Every state, in table order.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 11] = [
        Self::Idle,
        Self::ReservedLocal,
        Self::ReservedRemote,
        Self::Open,
        Self::HalfClosedLocal,
        Self::HalfClosedRemote,
        Self::Closed(ClosedBy::SendEndStream),
        Self::Closed(ClosedBy::RecvEndStream),
        Self::Closed(ClosedBy::SendRstStream),
        Self::Closed(ClosedBy::RecvRstStream),
        Self::Closed(ClosedBy::Implicit),
    ];

    /// Whether the stream counts toward SETTINGS_MAX_CONCURRENT_STREAMS:
    /// "Streams that are in the "open" state or in either of the
    /// "half-closed" states count toward the maximum number of streams"
    /// (RFC 9113 §5.1.2). Reserved streams do not.
    pub const fn counts_as_open(self) -> bool {
        matches!(
            self,
            Self::Open | Self::HalfClosedLocal | Self::HalfClosedRemote
        )
    }

    /// Whether the stream has reached the closed state.
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Closed(_))
    }

    /// Whether we may still send DATA or HEADERS on it.
    pub const fn can_send(self) -> bool {
        matches!(self, Self::Open | Self::HalfClosedRemote)
    }

    /// Whether the peer may still send DATA or HEADERS on it.
    pub const fn can_receive(self) -> bool {
        matches!(self, Self::Open | Self::HalfClosedLocal)
    }
}

/// What happened on a stream, as the table sees it.
///
/// `Send*` inputs come from the user's actions, `Recv*` inputs from the
/// peer's frames. END_STREAM is an input of its own: "the END_STREAM flag is
/// processed as a separate event to the frame that bears it; a HEADERS frame
/// with the END_STREAM flag set can cause two state transitions" (§5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum StreamInput {
    /// We send a HEADERS block on this stream.
    SendHeaders,
    /// We send DATA on this stream.
    SendData,
    /// We set END_STREAM (on HEADERS or DATA).
    SendEndStream,
    /// We send RST_STREAM on this stream.
    SendRstStream,
    /// We send WINDOW_UPDATE on this stream.
    SendWindowUpdate,
    /// We send a PUSH_PROMISE that promises this stream.
    SendPushPromise,
    /// We send a PUSH_PROMISE on this stream (it is the parent).
    SendPushPromiseOnParent,
    /// The peer sent a HEADERS block on this stream.
    RecvHeaders,
    /// The peer sent DATA on this stream.
    RecvData,
    /// The peer set END_STREAM (on HEADERS or DATA).
    RecvEndStream,
    /// The peer sent RST_STREAM on this stream.
    RecvRstStream,
    /// The peer sent WINDOW_UPDATE on this stream.
    RecvWindowUpdate,
    /// The peer sent a PUSH_PROMISE that promises this stream.
    RecvPushPromise,
    /// The peer sent a PUSH_PROMISE on this stream (it is the parent).
    RecvPushPromiseOnParent,
    /// Stream 1 after an HTTP/1.1 upgrade, on the client: the request went
    /// out in HTTP/1.1 (RFC 7540 §3.2, SPEC API-11).
    UpgradeClient,
    /// Stream 1 after an HTTP/1.1 upgrade, on the server: the request came in
    /// HTTP/1.1.
    UpgradeServer,
}

impl StreamInput {
    /// Every input, in table order.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 16] = [
        Self::SendHeaders,
        Self::SendData,
        Self::SendEndStream,
        Self::SendRstStream,
        Self::SendWindowUpdate,
        Self::SendPushPromise,
        Self::SendPushPromiseOnParent,
        Self::RecvHeaders,
        Self::RecvData,
        Self::RecvEndStream,
        Self::RecvRstStream,
        Self::RecvWindowUpdate,
        Self::RecvPushPromise,
        Self::RecvPushPromiseOnParent,
        Self::UpgradeClient,
        Self::UpgradeServer,
    ];
}

/// What the caller does with the frame once the transition is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Effect {
    /// Handle the frame: deliver its event, account its data, send it.
    Proceed,
    /// "Minimally process and then discard" (§5.1, closed): keep HPACK and
    /// the connection flow-control window in step, emit no event. On a
    /// PUSH_PROMISE, the promised stream is refused with RST_STREAM.
    Discard,
}

/// Why an input is not allowed in a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Violation {
    /// The peer broke a rule whose consequence is a stream error: reset the
    /// stream with RST_STREAM carrying this code (§5.4.2).
    Stream(ErrorCode),
    /// The peer broke a rule whose consequence is a connection error: GOAWAY
    /// with this code (§5.4.1).
    Connection(ErrorCode),
    /// The user asked to send something the state forbids.
    NotAllowed,
    /// The user asked to send on a closed stream.
    Closed,
}

/// The transition table. One row per allowed pair, grouped by state; error
/// rows that the RFC names come before each state's catch-all.
pub(crate) fn transition(
    state: StreamState,
    input: StreamInput,
) -> Result<(StreamState, Effect), Violation> {
    use ClosedBy as By;
    use Effect::{Discard, Proceed};
    use StreamInput::*;
    use StreamState::*;
    const PROTOCOL: Violation = Violation::Connection(ErrorCode::PROTOCOL_ERROR);
    const CONN_CLOSED: Violation = Violation::Connection(ErrorCode::STREAM_CLOSED);
    const STREAM_CLOSED: Violation = Violation::Stream(ErrorCode::STREAM_CLOSED);

    Ok(match (state, input) {
        // idle: "Sending a HEADERS frame as a client, or receiving a HEADERS
        // frame as a server, causes the stream to become open" (which side
        // may open which id is checked by the connection, §5.1.1).
        (Idle, SendHeaders) => (Open, Proceed),
        (Idle, RecvHeaders) => (Open, Proceed),
        (Idle, SendPushPromise) => (ReservedLocal, Proceed),
        (Idle, RecvPushPromise) => (ReservedRemote, Proceed),
        (Idle, UpgradeClient) => (HalfClosedLocal, Proceed),
        (Idle, UpgradeServer) => (HalfClosedRemote, Proceed),
        // "Receiving any frame other than HEADERS or PRIORITY on a stream in
        // this state MUST be treated as a connection error of type
        // PROTOCOL_ERROR."
        (Idle, RecvData | RecvEndStream | RecvRstStream | RecvWindowUpdate) => {
            return Err(PROTOCOL)
        }
        (Idle, RecvPushPromiseOnParent) => return Err(PROTOCOL),
        (Idle, _) => return Err(Violation::NotAllowed),

        // reserved (local): "The endpoint can send a HEADERS frame. This
        // causes the stream to open in a half-closed (remote) state."
        (ReservedLocal, SendHeaders) => (HalfClosedRemote, Proceed),
        (ReservedLocal, SendRstStream) => (Closed(By::SendRstStream), Proceed),
        (ReservedLocal, RecvRstStream) => (Closed(By::RecvRstStream), Proceed),
        (ReservedLocal, RecvWindowUpdate) => (ReservedLocal, Proceed),
        // "Receiving any type of frame other than RST_STREAM, PRIORITY, or
        // WINDOW_UPDATE on a stream in this state MUST be treated as a
        // connection error of type PROTOCOL_ERROR."
        (ReservedLocal, RecvHeaders | RecvData | RecvEndStream | RecvPushPromise) => {
            return Err(PROTOCOL)
        }
        (ReservedLocal, RecvPushPromiseOnParent) => return Err(PROTOCOL),
        // "An endpoint MUST NOT send any type of frame other than HEADERS,
        // RST_STREAM, or PRIORITY in this state."
        (ReservedLocal, _) => return Err(Violation::NotAllowed),

        // reserved (remote): "Receiving a HEADERS frame causes the stream to
        // transition to half-closed (local)."
        (ReservedRemote, RecvHeaders) => (HalfClosedLocal, Proceed),
        (ReservedRemote, SendRstStream) => (Closed(By::SendRstStream), Proceed),
        (ReservedRemote, RecvRstStream) => (Closed(By::RecvRstStream), Proceed),
        (ReservedRemote, SendWindowUpdate) => (ReservedRemote, Proceed),
        // "Receiving any type of frame other than HEADERS, RST_STREAM, or
        // PRIORITY on a stream in this state MUST be treated as a connection
        // error of type PROTOCOL_ERROR."
        (ReservedRemote, RecvData | RecvEndStream | RecvWindowUpdate | RecvPushPromise) => {
            return Err(PROTOCOL)
        }
        (ReservedRemote, RecvPushPromiseOnParent) => return Err(PROTOCOL),
        // "An endpoint MUST NOT send any type of frame other than RST_STREAM,
        // WINDOW_UPDATE, or PRIORITY in this state."
        (ReservedRemote, _) => return Err(Violation::NotAllowed),

        // open: "may be used by both peers to send frames of any type."
        (Open, SendHeaders) => (Open, Proceed),
        (Open, SendData) => (Open, Proceed),
        (Open, SendEndStream) => (HalfClosedLocal, Proceed),
        (Open, SendRstStream) => (Closed(By::SendRstStream), Proceed),
        (Open, SendWindowUpdate) => (Open, Proceed),
        (Open, SendPushPromiseOnParent) => (Open, Proceed),
        (Open, RecvHeaders) => (Open, Proceed),
        (Open, RecvData) => (Open, Proceed),
        (Open, RecvEndStream) => (HalfClosedRemote, Proceed),
        (Open, RecvRstStream) => (Closed(By::RecvRstStream), Proceed),
        (Open, RecvWindowUpdate) => (Open, Proceed),
        (Open, RecvPushPromiseOnParent) => (Open, Proceed),
        // An open stream has left idle; it cannot be promised again (§5.1.1).
        (Open, RecvPushPromise) => return Err(PROTOCOL),
        (Open, _) => return Err(Violation::NotAllowed),

        // half-closed (local): "cannot be used for sending frames other than
        // WINDOW_UPDATE, PRIORITY, and RST_STREAM"; "An endpoint can receive
        // any type of frame in this state."
        (HalfClosedLocal, SendRstStream) => (Closed(By::SendRstStream), Proceed),
        (HalfClosedLocal, SendWindowUpdate) => (HalfClosedLocal, Proceed),
        (HalfClosedLocal, RecvHeaders) => (HalfClosedLocal, Proceed),
        (HalfClosedLocal, RecvData) => (HalfClosedLocal, Proceed),
        (HalfClosedLocal, RecvEndStream) => (Closed(By::RecvEndStream), Proceed),
        (HalfClosedLocal, RecvRstStream) => (Closed(By::RecvRstStream), Proceed),
        (HalfClosedLocal, RecvWindowUpdate) => (HalfClosedLocal, Proceed),
        (HalfClosedLocal, RecvPushPromiseOnParent) => (HalfClosedLocal, Proceed),
        (HalfClosedLocal, RecvPushPromise) => return Err(PROTOCOL),
        (HalfClosedLocal, _) => return Err(Violation::NotAllowed),

        // half-closed (remote): "can be used by the endpoint to send frames
        // of any type."
        (HalfClosedRemote, SendHeaders) => (HalfClosedRemote, Proceed),
        (HalfClosedRemote, SendData) => (HalfClosedRemote, Proceed),
        (HalfClosedRemote, SendEndStream) => (Closed(By::SendEndStream), Proceed),
        (HalfClosedRemote, SendRstStream) => (Closed(By::SendRstStream), Proceed),
        (HalfClosedRemote, SendWindowUpdate) => (HalfClosedRemote, Proceed),
        (HalfClosedRemote, SendPushPromiseOnParent) => (HalfClosedRemote, Proceed),
        (HalfClosedRemote, RecvRstStream) => (Closed(By::RecvRstStream), Proceed),
        (HalfClosedRemote, RecvWindowUpdate) => (HalfClosedRemote, Proceed),
        // "If an endpoint receives additional frames, other than
        // WINDOW_UPDATE, PRIORITY, or RST_STREAM, for a stream that is in
        // this state, it MUST respond with a stream error of type
        // STREAM_CLOSED."
        (HalfClosedRemote, RecvHeaders | RecvData | RecvEndStream) => return Err(STREAM_CLOSED),
        // A PUSH_PROMISE is the more specific rule: "A receiver MUST treat
        // the receipt of a PUSH_PROMISE on a stream that is neither "open"
        // nor "half-closed (local)" as a connection error ... of type
        // PROTOCOL_ERROR" (§6.6). The same holds on every closed parent
        // but one we reset (below).
        (HalfClosedRemote, RecvPushPromiseOnParent) => return Err(PROTOCOL),
        (HalfClosedRemote, RecvPushPromise) => return Err(PROTOCOL),
        (HalfClosedRemote, _) => return Err(Violation::NotAllowed),

        // closed, after END_STREAM both ways: "An endpoint that sends a frame
        // with the END_STREAM flag set ... might receive a WINDOW_UPDATE or
        // RST_STREAM frame from its peer"; anything else "MAY" be "a
        // connection error of type STREAM_CLOSED": the peer sent a frame
        // after its own END_STREAM, which no race explains.
        (Closed(By::SendEndStream | By::RecvEndStream), RecvWindowUpdate | RecvRstStream) => {
            (state, Discard)
        }
        (Closed(By::SendEndStream | By::RecvEndStream), RecvHeaders | RecvData | RecvEndStream) => {
            return Err(CONN_CLOSED)
        }
        (Closed(By::SendEndStream | By::RecvEndStream), RecvPushPromiseOnParent) => {
            return Err(PROTOCOL)
        }

        // closed, after we sent RST_STREAM: the peer "could receive any type
        // of frame ... An endpoint MUST minimally process and then discard
        // any frames it receives in this state." For PUSH_PROMISE: "an
        // endpoint that has sent RST_STREAM on the associated stream MUST
        // handle PUSH_PROMISE frames that might have been created before the
        // RST_STREAM frame is received and processed" (§6.6).
        (Closed(By::SendRstStream), RecvHeaders | RecvData | RecvEndStream) => (state, Discard),
        (Closed(By::SendRstStream), RecvRstStream | RecvWindowUpdate) => (state, Discard),
        (Closed(By::SendRstStream), RecvPushPromiseOnParent) => (state, Discard),

        // closed, after the peer's RST_STREAM: a late WINDOW_UPDATE or a
        // second RST_STREAM is harmless; DATA or HEADERS after its own reset
        // "MAY" be "a connection error of type STREAM_CLOSED".
        (Closed(By::RecvRstStream), RecvRstStream | RecvWindowUpdate) => (state, Discard),
        (Closed(By::RecvRstStream), RecvHeaders | RecvData | RecvEndStream) => {
            return Err(CONN_CLOSED)
        }
        (Closed(By::RecvRstStream), RecvPushPromiseOnParent) => return Err(PROTOCOL),

        // closed implicitly, or forgotten: we cannot tell a late frame from a
        // misbehaving peer, so DATA gets the lenient stream error; a HEADERS
        // that reopens a used id is "an unexpected stream identifier", a
        // connection PROTOCOL_ERROR (§5.1.1).
        (Closed(By::Implicit), RecvRstStream | RecvWindowUpdate) => (state, Discard),
        (Closed(By::Implicit), RecvData | RecvEndStream) => return Err(STREAM_CLOSED),
        (Closed(By::Implicit), RecvHeaders | RecvPushPromiseOnParent) => return Err(PROTOCOL),

        // Any closed stream: it cannot be promised again (§5.1.1), and "An
        // endpoint MUST NOT send frames other than PRIORITY on a closed
        // stream."
        (Closed(_), RecvPushPromise) => return Err(PROTOCOL),
        (Closed(_), UpgradeClient | UpgradeServer | SendPushPromise) => {
            return Err(Violation::NotAllowed)
        }
        (Closed(_), _) => return Err(Violation::Closed),
    })
}

#[cfg(test)]
mod tests {
    use super::{transition, StreamInput, StreamState};

    /// The whole table, one line per `(state, input)` pair.
    fn render() -> String {
        let mut out = String::from(
            "# Stream state machine (RFC 9113 §5.1): state x input -> next state, effect | violation.\n\
             # Generated from crates/h2-proto/src/stream/fsm.rs by its unit test\n\
             # (H2_UPDATE_FSM=1 cargo test -p h2-proto fsm); do not edit by hand.\n",
        );
        for state in StreamState::ALL {
            out.push('\n');
            for input in StreamInput::ALL {
                let outcome = match transition(state, input) {
                    Ok((next, effect)) => format!("{next:?}, {effect:?}"),
                    Err(violation) => format!("error {violation:?}"),
                };
                out.push_str(&format!(
                    "{:<22} {:<24} -> {outcome}\n",
                    format!("{state:?}"),
                    format!("{input:?}")
                ));
            }
        }
        out
    }

    /// SPEC SFSM-1: every stream runs this one shared table; a closed
    /// state keeps how it closed (`ClosedBy`, Python's `closed_by`).
    #[test]
    fn table_matches_checked_in_docs_fsm_stream_txt() {
        crate::fsm_table::check("stream.txt", &render());
    }

    #[test]
    fn counting_states_are_open_and_half_closed_rfc_9113_5_1_2() {
        let counted: Vec<_> = StreamState::ALL
            .into_iter()
            .filter(|s| s.counts_as_open())
            .collect();
        assert_eq!(
            counted,
            [
                StreamState::Open,
                StreamState::HalfClosedLocal,
                StreamState::HalfClosedRemote
            ]
        );
    }

    #[test]
    fn closed_is_terminal_for_every_input() {
        for state in StreamState::ALL.into_iter().filter(|s| s.is_closed()) {
            for input in StreamInput::ALL {
                if let Ok((next, _)) = transition(state, input) {
                    assert_eq!(next, state, "{state:?} x {input:?} left the closed state");
                }
            }
        }
    }
}
