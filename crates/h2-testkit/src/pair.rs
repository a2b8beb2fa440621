//! Two connections back to back.

use bytes::{Bytes, BytesMut};
use h2_frame::{Frame, FrameDecoder, Side, PREFACE};
use h2_proto::{Config, Connection, Event, ReceiveError};

/// How [`Pair::drive`] cuts each transfer before feeding it to the other
/// side. Events must not depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunking {
    /// Everything queued, in one call.
    Whole,
    /// Pieces of this many octets (at least 1).
    Fixed(usize),
    /// Pieces of 1 to `max` octets from a deterministic generator.
    Random {
        /// The generator's seed.
        seed: u64,
        /// The largest piece.
        max: usize,
    },
}

/// Which way bytes travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From the client to the server.
    ClientToServer,
    /// From the server to the client.
    ServerToClient,
}

/// A connection error while driving a [`Pair`].
#[derive(Debug)]
pub struct DriveError {
    /// The side whose `receive_data` failed.
    pub side: Side,
    /// The error, with the events before it.
    pub error: ReceiveError,
}

/// A client and a server connection in memory.
///
/// [`Pair::new`] initiates both sides and drives the SETTINGS exchange, then
/// clears the events; [`Pair::unconnected`] does neither.
#[derive(Debug)]
pub struct Pair {
    /// The client side.
    pub client: Connection,
    /// The server side.
    pub server: Connection,
    /// Events the client received, not yet taken.
    pub client_events: Vec<Event>,
    /// Events the server received, not yet taken.
    pub server_events: Vec<Event>,
    /// Rounds after which [`Pair::drive`] declares a livelock.
    pub max_rounds: usize,
    /// Octets moved so far: `[client to server, server to client]`.
    pub transferred: [usize; 2],
    chunking: Chunking,
    rng: u64,
}

impl Default for Pair {
    fn default() -> Self {
        Self::new()
    }
}

impl Pair {
    /// Default client and server, connected.
    pub fn new() -> Self {
        Self::with_configs(Config::client(), Config::server())
    }

    /// A pair with these configurations, connected: both initiated, the
    /// SETTINGS exchange driven, events cleared.
    pub fn with_configs(client: Config, server: Config) -> Self {
        let mut pair = Self::unconnected(client, server);
        pair.client.initiate_connection().expect("client initiates");
        pair.server.initiate_connection().expect("server initiates");
        pair.drive();
        pair.client_events.clear();
        pair.server_events.clear();
        pair
    }

    /// A pair with nothing sent yet.
    pub fn unconnected(client: Config, server: Config) -> Self {
        Self {
            client: Connection::new(client),
            server: Connection::new(server),
            client_events: Vec::new(),
            server_events: Vec::new(),
            max_rounds: 1000,
            transferred: [0, 0],
            chunking: Chunking::Whole,
            rng: 1,
        }
    }

    /// Sets how transfers are cut.
    pub fn set_chunking(&mut self, chunking: Chunking) {
        if let Chunking::Random { seed, .. } = chunking {
            self.rng = seed | 1;
        }
        self.chunking = chunking;
    }

    /// Takes the client's events.
    pub fn take_client_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.client_events)
    }

    /// Takes the server's events.
    pub fn take_server_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.server_events)
    }

    /// Moves bytes both ways until neither side has anything to send.
    ///
    /// # Panics
    ///
    /// On a connection error on either side, and after
    /// [`max_rounds`](Self::max_rounds) rounds (a livelock).
    pub fn drive(&mut self) {
        if let Err(e) = self.try_drive() {
            panic!("{:?} failed: {:?}", e.side, e.error);
        }
    }

    /// [`drive`](Self::drive), returning the first connection error instead
    /// of panicking. The events before it are in the side's event list; the
    /// failing side's GOAWAY is still queued.
    ///
    /// # Errors
    ///
    /// The first side whose `receive_data` failed.
    ///
    /// # Panics
    ///
    /// After [`max_rounds`](Self::max_rounds) rounds.
    pub fn try_drive(&mut self) -> Result<(), DriveError> {
        self.drive_inner(&mut |_, bytes| bytes)
    }

    /// Drives with every frame in flight passed through `alter`, which
    /// returns the frames to deliver instead (none to drop it).
    ///
    /// # Errors
    ///
    /// As [`try_drive`](Self::try_drive).
    pub fn drive_altered(
        &mut self,
        alter: impl FnMut(Direction, Frame) -> Vec<Frame>,
    ) -> Result<(), DriveError> {
        let mut alter = alter;
        let mut decoders = [FrameDecoder::for_side(Side::Server), FrameDecoder::new()];
        let mut preface_sent = false;
        let mut rewrite = move |direction: Direction, bytes: Bytes| -> Bytes {
            let slot = match direction {
                Direction::ClientToServer => 0,
                Direction::ServerToClient => 1,
            };
            let mut buf = BytesMut::from(&bytes[..]);
            let mut out = BytesMut::new();
            if slot == 0 && !preface_sent && buf.starts_with(PREFACE) {
                out.extend_from_slice(PREFACE);
                preface_sent = true;
            }
            let decoder = &mut decoders[slot];
            while let Ok(Some(frame)) = decoder.decode(&mut buf) {
                for frame in alter(direction, frame) {
                    frame.encode(&mut out);
                }
            }
            out.freeze()
        };
        self.drive_inner(&mut rewrite)
    }

    fn drive_inner(
        &mut self,
        transform: &mut dyn FnMut(Direction, Bytes) -> Bytes,
    ) -> Result<(), DriveError> {
        for _ in 0..self.max_rounds {
            let to_server = self.client.data_to_send();
            let to_client = self.server.data_to_send();
            if to_server.is_empty() && to_client.is_empty() {
                return Ok(());
            }
            if !to_server.is_empty() {
                let bytes = transform(Direction::ClientToServer, to_server);
                self.transferred[0] += bytes.len();
                self.deliver(Side::Server, &bytes)?;
            }
            if !to_client.is_empty() {
                let bytes = transform(Direction::ServerToClient, to_client);
                self.transferred[1] += bytes.len();
                self.deliver(Side::Client, &bytes)?;
            }
        }
        panic!("no quiet after {} rounds: livelock", self.max_rounds);
    }

    fn deliver(&mut self, to: Side, bytes: &[u8]) -> Result<(), DriveError> {
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = self.next_chunk(rest.len());
            let (piece, tail) = rest.split_at(n);
            rest = tail;
            let (conn, events) = match to {
                Side::Client => (&mut self.client, &mut self.client_events),
                Side::Server => (&mut self.server, &mut self.server_events),
            };
            let before = events.len();
            if let Err(error) = conn.receive_data_into(piece, events) {
                let after: Vec<Event> = events.drain(before..).collect();
                events.extend(after.iter().cloned());
                return Err(DriveError {
                    side: to,
                    error: ReceiveError {
                        error,
                        events: after,
                    },
                });
            }
        }
        Ok(())
    }

    fn next_chunk(&mut self, left: usize) -> usize {
        match self.chunking {
            Chunking::Whole => left,
            Chunking::Fixed(n) => n.max(1).min(left),
            Chunking::Random { max, .. } => {
                // xorshift64: deterministic, good enough to vary cut points.
                self.rng ^= self.rng << 13;
                self.rng ^= self.rng >> 7;
                self.rng ^= self.rng << 17;
                let n = (self.rng % max.max(1) as u64) as usize + 1;
                n.min(left)
            }
        }
    }
}
