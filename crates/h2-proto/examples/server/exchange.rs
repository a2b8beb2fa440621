//! One response in progress: its body, where the rest comes from, and how
//! much of the request has been acknowledged. [`Exchange::step`] sends at
//! most one DATA frame, as the flow-control windows allow.

use std::collections::VecDeque;
use std::io::Read as _;

use bytes::BytesMut;
use h2_proto::{Bytes, Connection, ErrorCode, StreamId};

use super::routes;

/// How much of a file is read at a time.
const FILE_CHUNK: usize = 64 << 10;

/// One response being sent.
pub(crate) struct Exchange {
    pub(crate) method: Bytes,
    pub(crate) path: Bytes,
    pub(crate) status: u16,
    pub(crate) pushed: bool,
    /// Body octets waiting for flow-control window.
    pending: BytesMut,
    source: Source,
    /// Body octets handed to `send_data` so far.
    pub(crate) sent: u64,
    /// Octets ever put into `pending`.
    queued: u64,
    /// Request DATA to acknowledge once the echo has sent the octets it
    /// turned into: (value of `queued` after them, flow-controlled length).
    /// So the client's window reopens only as fast as we echo: backpressure.
    unacknowledged: VecDeque<(u64, u32)>,
}

/// Where the rest of a body comes from once `pending` is sent.
pub(crate) enum Source {
    /// Nowhere: `pending` is the rest.
    Done,
    /// The request body, still arriving (the echo).
    Echo,
    /// A file with this many octets still to read.
    File { file: std::fs::File, remaining: u64 },
}

/// What one step of sending did.
pub(crate) enum Step {
    /// Sent a frame; there is more.
    Sent,
    /// Waiting for window or for input.
    Stalled,
    /// The response is complete.
    Finished,
    /// The response cannot be completed; the stream is reset or gone.
    Abandoned(String),
}

impl Exchange {
    pub(crate) fn new(
        method: Bytes,
        path: Bytes,
        status: u16,
        pushed: bool,
        body: BytesMut,
        source: Source,
    ) -> Self {
        Self {
            method,
            path,
            status,
            pushed,
            queued: body.len() as u64,
            pending: body,
            source,
            sent: 0,
            unacknowledged: VecDeque::new(),
        }
    }

    /// True when the response has no body to send after its headers.
    pub(crate) fn is_empty(&self) -> bool {
        self.pending.is_empty()
            && matches!(
                self.source,
                Source::Done | Source::File { remaining: 0, .. }
            )
    }

    /// True while the echo waits for request DATA.
    pub(crate) fn wants_request_body(&self) -> bool {
        matches!(self.source, Source::Echo)
    }

    /// Takes request DATA into the echo; it is acknowledged once sent.
    pub(crate) fn echo(&mut self, data: &[u8], flow_controlled_length: u32) {
        let before = self.pending.len();
        routes::escape_json_bytes(data, &mut self.pending);
        self.queued += (self.pending.len() - before) as u64;
        self.unacknowledged
            .push_back((self.queued, flow_controlled_length));
    }

    /// The request ended: close the echo's JSON.
    pub(crate) fn end_echo(&mut self) {
        if self.wants_request_body() {
            self.pending.extend_from_slice(routes::ECHO_TAIL);
            self.queued += routes::ECHO_TAIL.len() as u64;
            self.source = Source::Done;
        }
    }

    /// Gives back the window of request DATA still held, when the exchange
    /// ends early (a reset): on a closed stream this returns the
    /// connection's share, which would otherwise be lost for good.
    pub(crate) fn release(&mut self, conn: &mut Connection, id: StreamId) {
        for (_, length) in self.unacknowledged.drain(..) {
            let _ = conn.acknowledge_received_data(length, id);
        }
    }

    /// Sends at most one DATA frame on `id`.
    pub(crate) fn step(&mut self, conn: &mut Connection, id: StreamId) -> Step {
        if self.pending.is_empty() {
            if let Source::File { file, remaining } = &mut self.source {
                // Read no more than the windows let us send: a peer that
                // keeps them shut, or opens them an octet at a time, makes
                // us hold nothing (CVE-2019-9517, docs/security.md).
                let room = conn
                    .local_flow_control_window(id)
                    .map_or(0, |w| usize::try_from(w).unwrap_or(0));
                if *remaining > 0 && room > 0 {
                    if let Err(error) = read_chunk(file, remaining, room, &mut self.pending) {
                        // The promised content-length cannot be met, so the
                        // response must not look complete.
                        let _ = conn.reset_stream(id, ErrorCode::INTERNAL_ERROR);
                        return Step::Abandoned(format!("stream {id}: reading the file: {error}"));
                    }
                    self.queued += self.pending.len() as u64;
                }
            }
        }
        let more_later = match &self.source {
            Source::Done => false,
            Source::Echo => true,
            Source::File { remaining, .. } => *remaining > 0,
        };
        if self.pending.is_empty() {
            if more_later {
                return Step::Stalled;
            }
            // Everything went out without END_STREAM: end with an empty DATA.
            return match conn.end_stream(id) {
                Ok(()) => Step::Finished,
                Err(error) => Step::Abandoned(format!("stream {id}: cannot end: {error}")),
            };
        }
        // "the sender MUST NOT send a flow-controlled frame with a length
        // that exceeds the space available" (RFC 9113 §6.9.1): the smaller
        // of the stream's and the connection's windows.
        let window = match conn.local_flow_control_window(id) {
            Ok(window) => usize::try_from(window).unwrap_or(0),
            Err(error) => return Step::Abandoned(format!("stream {id}: {error}")),
        };
        let n = window
            .min(conn.max_outbound_frame_size() as usize)
            .min(self.pending.len());
        if n == 0 {
            return Step::Stalled;
        }
        let last = n == self.pending.len() && !more_later;
        let chunk = self.pending.split_to(n);
        if let Err(error) = conn.send_data(id, &chunk, last, None) {
            return Step::Abandoned(format!("stream {id}: cannot send data: {error}"));
        }
        self.sent += n as u64;
        // Request octets whose echo is out: their window goes back.
        let sent_through = self.queued - self.pending.len() as u64;
        while let Some(&(end, length)) = self.unacknowledged.front() {
            if end > sent_through {
                break;
            }
            self.unacknowledged.pop_front();
            let _ = conn.acknowledge_received_data(length, id);
        }
        if last {
            Step::Finished
        } else {
            Step::Sent
        }
    }
}

/// Reads the next piece of a file into `into`, at most `room` octets.
fn read_chunk(
    file: &mut std::fs::File,
    remaining: &mut u64,
    room: usize,
    into: &mut BytesMut,
) -> std::io::Result<()> {
    let want = usize::try_from(*remaining)
        .unwrap_or(usize::MAX)
        .min(FILE_CHUNK)
        .min(room);
    let start = into.len();
    into.resize(start + want, 0);
    // A blocking read of at most 64 KiB: fine for an example serving from
    // the page cache; a production server would hand it to a thread pool.
    let n = file.read(&mut into[start..])?;
    into.truncate(start + n);
    if n == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    *remaining -= n as u64;
    Ok(())
}
