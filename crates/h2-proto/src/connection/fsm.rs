//! The connection's life cycle as one transition table.
//!
//! RFC 9113 draws no figure for the connection, but its rules give one:
//! nothing may be sent before the connection preface (§3.4); a GOAWAY starts a
//! graceful shutdown in which "Activity on streams numbered lower than or
//! equal to the last stream identifier might still complete successfully"
//! (§6.8); receivers of a GOAWAY "MUST NOT open additional streams"; and a
//! connection error ends everything (§5.4.1). Which side may open which
//! stream id is not a state question and is checked by the caller (§5.1.1).
//!
//! Like the stream table, [`transition`] is pure; the caller commits its
//! result only when the whole call succeeds. The table is checked in as
//! `docs/fsm/connection.txt`.

/// Where the connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectionState {
    /// Created; `initiate_connection` (or the upgrade variant) not yet called.
    Idle,
    /// Preface and SETTINGS queued; streams come and go.
    Open,
    /// We sent GOAWAY with NO_ERROR: existing streams run to completion, the
    /// peer's new streams above our last stream id are discarded.
    GoAwaySent,
    /// The peer sent GOAWAY: existing streams at or below its last stream id
    /// run to completion; we may open no new stream.
    GoAwayReceived,
    /// Both sides sent GOAWAY; only the remaining streams finish.
    Draining,
    /// A connection error was sent (ours, or the user's GOAWAY with an error
    /// code). Only further GOAWAY frames may be sent; nothing is received.
    Closed,
}

impl ConnectionState {
    /// Every state, in table order.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 6] = [
        Self::Idle,
        Self::Open,
        Self::GoAwaySent,
        Self::GoAwayReceived,
        Self::Draining,
        Self::Closed,
    ];
}

/// What the caller is about to do, or what the peer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ConnectionInput {
    /// `initiate_connection` or `initiate_upgrade_connection`.
    Initiate,
    /// The user opens a stream: HEADERS on a new id, or a PUSH_PROMISE.
    SendNewStream,
    /// The user sends any other frame (stream or connection level).
    SendFrame,
    /// The user sends GOAWAY with NO_ERROR.
    SendGoAway,
    /// The user sends GOAWAY with an error code.
    SendGoAwayError,
    /// The peer opens a stream: HEADERS on a new id, or a PUSH_PROMISE.
    RecvNewStream,
    /// Any other frame from the peer.
    RecvFrame,
    /// The peer sent GOAWAY (any code).
    RecvGoAway,
    /// We detected a connection error in the peer's frames (§5.4.1).
    ConnectionError,
}

impl ConnectionInput {
    /// Every input, in table order.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 9] = [
        Self::Initiate,
        Self::SendNewStream,
        Self::SendFrame,
        Self::SendGoAway,
        Self::SendGoAwayError,
        Self::RecvNewStream,
        Self::RecvFrame,
        Self::RecvGoAway,
        Self::ConnectionError,
    ];
}

/// What the caller does once the transition is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Effect {
    /// Go ahead.
    Proceed,
    /// A new peer stream after our GOAWAY: accept it only at or below the
    /// last stream id we sent, otherwise minimally process and discard it
    /// ("the sender will ignore frames sent on streams initiated by the
    /// receiver if the stream has an identifier higher than the included last
    /// stream identifier", §6.8).
    AcceptUpToLastStreamId,
    /// Queue the preface and our SETTINGS.
    SendPreface,
}

/// Why an input is not allowed in a state. Peer inputs are never refused
/// here except after the connection closed; user inputs are caller mistakes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Refusal {
    /// The connection has not been initiated.
    NotInitiated,
    /// `initiate_connection` was already called.
    AlreadyInitiated,
    /// New streams may not be opened after a GOAWAY was sent or received.
    GoingAway,
    /// The connection is closed.
    Closed,
}

/// The transition table, one row per allowed pair, grouped by state.
pub(crate) fn transition(
    state: ConnectionState,
    input: ConnectionInput,
) -> Result<(ConnectionState, Effect), Refusal> {
    use ConnectionInput::*;
    use ConnectionState::*;
    use Effect::*;

    Ok(match (state, input) {
        // idle: "the first frame ... sent ... MUST be a SETTINGS frame" after
        // the preface (§3.4), so nothing else goes out before it.
        (Idle, Initiate) => (Open, SendPreface),
        (Idle, ConnectionError) => (Closed, Proceed),
        (Idle, _) => return Err(Refusal::NotInitiated),

        // open
        (Open, SendNewStream | SendFrame | RecvNewStream | RecvFrame) => (Open, Proceed),
        (Open, SendGoAway) => (GoAwaySent, Proceed),
        (Open, RecvGoAway) => (GoAwayReceived, Proceed),
        (Open, SendGoAwayError | ConnectionError) => (Closed, Proceed),
        (Open, Initiate) => return Err(Refusal::AlreadyInitiated),

        // GOAWAY sent: "Once the GOAWAY is sent, the sender will ignore
        // frames sent on streams initiated by the receiver if the stream has
        // an identifier higher than the included last stream identifier."
        (GoAwaySent, SendFrame | RecvFrame) => (GoAwaySent, Proceed),
        (GoAwaySent, RecvNewStream) => (GoAwaySent, AcceptUpToLastStreamId),
        // "An endpoint MAY send multiple GOAWAY frames if circumstances change."
        (GoAwaySent, SendGoAway) => (GoAwaySent, Proceed),
        (GoAwaySent, RecvGoAway) => (Draining, Proceed),
        (GoAwaySent, SendGoAwayError | ConnectionError) => (Closed, Proceed),
        (GoAwaySent, SendNewStream) => return Err(Refusal::GoingAway),
        (GoAwaySent, Initiate) => return Err(Refusal::AlreadyInitiated),

        // GOAWAY received: "Receivers of a GOAWAY frame MUST NOT open
        // additional streams on the connection."
        (GoAwayReceived, SendFrame | RecvFrame | RecvNewStream) => (GoAwayReceived, Proceed),
        (GoAwayReceived, RecvGoAway) => (GoAwayReceived, Proceed),
        (GoAwayReceived, SendGoAway) => (Draining, Proceed),
        (GoAwayReceived, SendGoAwayError | ConnectionError) => (Closed, Proceed),
        (GoAwayReceived, SendNewStream) => return Err(Refusal::GoingAway),
        (GoAwayReceived, Initiate) => return Err(Refusal::AlreadyInitiated),

        // both GOAWAYs exchanged
        (Draining, SendFrame | RecvFrame) => (Draining, Proceed),
        (Draining, RecvNewStream) => (Draining, AcceptUpToLastStreamId),
        (Draining, SendGoAway | RecvGoAway) => (Draining, Proceed),
        (Draining, SendGoAwayError | ConnectionError) => (Closed, Proceed),
        (Draining, SendNewStream) => return Err(Refusal::GoingAway),
        (Draining, Initiate) => return Err(Refusal::AlreadyInitiated),

        // closed: a connection error ends the connection (§5.4.1); further
        // GOAWAY frames may still be sent (§6.8).
        (Closed, SendGoAway | SendGoAwayError | ConnectionError) => (Closed, Proceed),
        (Closed, _) => return Err(Refusal::Closed),
    })
}

#[cfg(test)]
mod tests {
    use super::{transition, ConnectionInput, ConnectionState};

    fn render() -> String {
        let mut out = String::from(
            "# Connection state machine (RFC 9113 §3.4, §5.4.1, §6.8): state x input -> next state, effect | refusal.\n\
             # Generated from crates/h2-proto/src/connection/fsm.rs by its unit test\n\
             # (H2_UPDATE_FSM=1 cargo test -p h2-proto fsm); do not edit by hand.\n",
        );
        for state in ConnectionState::ALL {
            out.push('\n');
            for input in ConnectionInput::ALL {
                let outcome = match transition(state, input) {
                    Ok((next, effect)) => format!("{next:?}, {effect:?}"),
                    Err(refusal) => format!("refused {refusal:?}"),
                };
                out.push_str(&format!(
                    "{:<15} {:<16} -> {outcome}\n",
                    format!("{state:?}"),
                    format!("{input:?}")
                ));
            }
        }
        out
    }

    /// SPEC FSM-1..FSM-5 map onto this table: Python's IDLE, CLIENT_OPEN and
    /// SERVER_OPEN are our `Open` (the side comes from `Config`), and a
    /// refused input leaves the state unchanged (Q-01 fixed).
    #[test]
    fn table_matches_checked_in_docs_fsm_connection_txt() {
        crate::fsm_table::check("connection.txt", &render());
    }

    #[test]
    fn a_connection_error_closes_from_every_state() {
        for state in ConnectionState::ALL {
            let (next, _) = transition(state, ConnectionInput::ConnectionError).unwrap();
            assert_eq!(next, ConnectionState::Closed);
        }
    }

    /// SPEC FSM-4: after `Closed` only GOAWAY may be sent; unlike Python h2
    /// nothing is received, not even GOAWAY (RFC 9113 §5.4.1).
    #[test]
    fn nothing_is_received_after_closed() {
        for input in [
            ConnectionInput::RecvFrame,
            ConnectionInput::RecvNewStream,
            ConnectionInput::RecvGoAway,
        ] {
            assert!(transition(ConnectionState::Closed, input).is_err());
        }
    }
}
