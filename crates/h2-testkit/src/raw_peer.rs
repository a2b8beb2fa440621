//! A scripted peer that sends whatever a test asks, correct or not.

use bytes::{Bytes, BytesMut};
use h2_frame::{
    Continuation, ErrorCode, Frame, FrameDecoder, GoAway, Headers, PrioritySpec, PushPromise,
    RstStream, Setting, StreamId, PREFACE,
};
use h2_hpack::{Decoder, Encoder, HeaderField};
use h2_proto::{Config, Connection, Error, Event, ReceiveError};

/// One connection under test and a peer that speaks raw frames to it.
///
/// The peer has its own HPACK encoder and decoder, so the header blocks it
/// sends and reads stay in step with the connection's. What the connection
/// sends back is read as typed frames with [`RawPeer::read_frames`].
#[derive(Debug)]
pub struct RawPeer {
    /// The connection under test.
    pub conn: Connection,
    encoder: Encoder,
    decoder: Decoder,
    frames_in: FrameDecoder,
    inbox: BytesMut,
}

impl RawPeer {
    /// A connection with `config`, initiated, facing a peer that has sent
    /// nothing yet. The connection's preface and SETTINGS are read and
    /// dropped.
    pub fn new(config: Config) -> Self {
        let side = config.side;
        let mut conn = Connection::new(config);
        conn.initiate_connection()
            .expect("the connection initiates");
        let mut peer = Self {
            conn,
            encoder: Encoder::new(),
            decoder: Decoder::new(),
            // What the connection sends starts with the preface when it is a client.
            frames_in: FrameDecoder::for_side(!side),
            inbox: BytesMut::new(),
        };
        let _ = peer.read_frames();
        peer
    }

    /// [`RawPeer::new`], then the peer's side of the handshake: its preface
    /// (when the connection is a server), an empty SETTINGS and the ACK of
    /// the connection's SETTINGS. The connection's replies are read and its
    /// events dropped.
    pub fn connected(config: Config) -> Self {
        let mut peer = Self::new(config);
        if peer.conn.side().is_server() {
            peer.send_bytes(PREFACE).expect("preface accepted");
        }
        peer.send_frame(h2_frame::Settings::new(Vec::new()))
            .expect("SETTINGS accepted");
        peer.send_frame(h2_frame::Settings::ack())
            .expect("SETTINGS ACK accepted");
        let _ = peer.read_frames();
        peer
    }

    /// A connected server under test, facing this peer as a client.
    pub fn client_to(server: Config) -> Self {
        Self::connected(server)
    }

    /// Feeds raw bytes to the connection.
    ///
    /// # Errors
    ///
    /// The connection's error, with the events before it.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> Result<Vec<Event>, ReceiveError> {
        self.conn.receive_data(bytes)
    }

    /// Encodes `frame` and feeds it to the connection.
    ///
    /// # Errors
    ///
    /// The connection's error, with the events before it.
    pub fn send_frame(&mut self, frame: impl Into<Frame>) -> Result<Vec<Event>, ReceiveError> {
        let mut wire = Vec::new();
        frame.into().encode(&mut wire);
        self.send_bytes(&wire)
    }

    /// Encodes several frames and feeds them in one call.
    ///
    /// # Errors
    ///
    /// The connection's error, with the events before it.
    pub fn send_frames(
        &mut self,
        frames: impl IntoIterator<Item = Frame>,
    ) -> Result<Vec<Event>, ReceiveError> {
        let mut wire = Vec::new();
        for frame in frames {
            frame.encode(&mut wire);
        }
        self.send_bytes(&wire)
    }

    /// Sends SETTINGS with `settings`.
    ///
    /// # Errors
    ///
    /// The connection's error.
    pub fn send_settings(&mut self, settings: &[Setting]) -> Result<Vec<Event>, ReceiveError> {
        self.send_frame(h2_frame::Settings::new(settings.to_vec()))
    }

    /// The HPACK block for `fields`, from the peer's encoder (its table
    /// changes as if the block were sent).
    pub fn header_block(&mut self, fields: &[HeaderField]) -> Bytes {
        let mut block = BytesMut::new();
        self.encoder.encode(fields, &mut block);
        block.freeze()
    }

    /// A HEADERS frame (and CONTINUATIONs) to build and send.
    pub fn headers(&mut self, stream_id: u32, fields: Vec<HeaderField>) -> HeadersBuilder<'_> {
        HeadersBuilder {
            peer: self,
            stream_id: StreamId::new(stream_id),
            fields,
            end_stream: false,
            priority: None,
            padding: None,
            pieces: 1,
            promised: None,
        }
    }

    /// Feeds `wire` to the connection in pieces of `chunk` octets, the way a
    /// socket would deliver a flood, until it is all in or the connection
    /// fails. Events are counted and dropped as they come; after each piece
    /// the connection's [`buffered_bytes`](Connection::buffered_bytes) is
    /// sampled. With `drain`, the output is read after each piece (a peer
    /// that reads) and its RST_STREAM and GOAWAY frames are noted; without,
    /// the output piles up (a peer that does not read) and stays queued.
    pub fn flood(&mut self, wire: &[u8], chunk: usize, drain: bool) -> Flood {
        let mut flood = Flood::default();
        let mut events = Vec::new();
        for piece in wire.chunks(chunk.max(1)) {
            let result = self.conn.receive_data_into(piece, &mut events);
            flood.events += events.len();
            events.clear();
            flood.peak_buffered = flood.peak_buffered.max(self.conn.buffered_bytes());
            if drain {
                self.note_replies(&mut flood);
            }
            if let Err(error) = result {
                flood.error = Some(error);
                break;
            }
            flood.fed += piece.len();
        }
        flood
    }

    fn note_replies(&mut self, flood: &mut Flood) {
        for frame in self.read_frames() {
            match frame {
                Frame::RstStream(rst) => {
                    flood.resets += 1;
                    flood.last_reset = Some((rst.stream_id, rst.error_code));
                }
                Frame::GoAway(goaway) => flood.goaway = Some(goaway),
                _ => {}
            }
        }
    }

    /// The wire form of `frames`.
    pub fn wire(frames: impl IntoIterator<Item = Frame>) -> Vec<u8> {
        let mut wire = Vec::new();
        for frame in frames {
            frame.encode(&mut wire);
        }
        wire
    }

    /// For a server under test: the peer sends `GET /` on `stream_id` with
    /// END_STREAM and the connection answers 204 with END_STREAM, so the
    /// stream is closed both ways (by our END_STREAM); the output is read
    /// and dropped.
    ///
    /// # Panics
    ///
    /// If the connection refuses either step.
    pub fn complete_get(&mut self, stream_id: u32) {
        self.headers(stream_id, crate::fields::request("GET", "/"))
            .end_stream()
            .send()
            .expect("the request is accepted");
        self.conn
            .send_headers(StreamId::new(stream_id), crate::fields::response(204), true)
            .expect("the response is sent");
        let _ = self.read_frames();
    }

    /// Everything the connection queued, as frames; header blocks are
    /// decoded by [`RawPeer::decode_block`] on request.
    pub fn read_frames(&mut self) -> Vec<Frame> {
        let out = self.conn.data_to_send();
        self.inbox.extend_from_slice(&out);
        let mut frames = Vec::new();
        while let Ok(Some(frame)) = self.frames_in.decode(&mut self.inbox) {
            frames.push(frame);
        }
        frames
    }

    /// Decodes a header block the connection sent, with the peer's decoder.
    ///
    /// # Panics
    ///
    /// If the block does not decode.
    pub fn decode_block(&mut self, block: &Bytes) -> Vec<HeaderField> {
        let mut fields = Vec::new();
        self.decoder
            .decode(block, &mut fields)
            .expect("the connection's header block decodes");
        fields
    }

    /// The frames the connection queued, which must end with a GOAWAY;
    /// returns it.
    ///
    /// # Panics
    ///
    /// If the last frame is not a GOAWAY.
    pub fn expect_goaway(&mut self) -> GoAway {
        match self.read_frames().pop() {
            Some(Frame::GoAway(goaway)) => goaway,
            other => panic!("expected GOAWAY, got {other:?}"),
        }
    }

    /// The frames the connection queued, which must be exactly one
    /// RST_STREAM; returns its stream and code.
    ///
    /// # Panics
    ///
    /// If anything else was queued.
    pub fn expect_rst(&mut self) -> (StreamId, ErrorCode) {
        let frames = self.read_frames();
        match frames.as_slice() {
            [Frame::RstStream(RstStream {
                stream_id,
                error_code,
            })] => (*stream_id, *error_code),
            other => panic!("expected one RST_STREAM, got {other:?}"),
        }
    }
}

/// What [`RawPeer::flood`] saw.
#[derive(Debug, Default)]
pub struct Flood {
    /// Octets the connection took without failing.
    pub fed: usize,
    /// Events it returned (dropped as they came).
    pub events: usize,
    /// The connection error that ended the flood, if one did.
    pub error: Option<Error>,
    /// The largest [`Connection::buffered_bytes`] seen after a piece.
    pub peak_buffered: usize,
    /// RST_STREAM frames read back (with `drain`).
    pub resets: usize,
    /// The last of them.
    pub last_reset: Option<(StreamId, ErrorCode)>,
    /// The GOAWAY read back (with `drain`).
    pub goaway: Option<GoAway>,
}

/// A header block being built by [`RawPeer::headers`].
#[derive(Debug)]
pub struct HeadersBuilder<'a> {
    peer: &'a mut RawPeer,
    stream_id: StreamId,
    fields: Vec<HeaderField>,
    end_stream: bool,
    priority: Option<PrioritySpec>,
    padding: Option<u8>,
    pieces: usize,
    promised: Option<StreamId>,
}

impl HeadersBuilder<'_> {
    /// Sets END_STREAM.
    pub fn end_stream(mut self) -> Self {
        self.end_stream = true;
        self
    }

    /// Adds RFC 7540 priority fields (wire weight: weight minus one).
    pub fn priority(mut self, depends_on: u32, wire_weight: u8, exclusive: bool) -> Self {
        self.priority = Some(PrioritySpec::new(
            StreamId::new(depends_on),
            exclusive,
            wire_weight,
        ));
        self
    }

    /// Pads the first frame.
    pub fn padded(mut self, pad_length: u8) -> Self {
        self.padding = Some(pad_length);
        self
    }

    /// Splits the block over this many frames (HEADERS + CONTINUATIONs).
    pub fn split(mut self, pieces: usize) -> Self {
        self.pieces = pieces.max(1);
        self
    }

    /// Makes it a PUSH_PROMISE for `promised` on the builder's stream.
    pub fn promise(mut self, promised: u32) -> Self {
        self.promised = Some(StreamId::new(promised));
        self
    }

    /// The frames, without sending them (the peer's HPACK table changes
    /// as if they were sent).
    pub fn frames(self) -> Vec<Frame> {
        self.build().1
    }

    /// Sends the frames in one call.
    ///
    /// # Errors
    ///
    /// The connection's error.
    pub fn send(self) -> Result<Vec<Event>, ReceiveError> {
        let (peer, frames) = self.build();
        peer.send_frames(frames)
    }
}

impl<'a> HeadersBuilder<'a> {
    fn build(self) -> (&'a mut RawPeer, Vec<Frame>) {
        let block = self.peer.header_block(&self.fields);
        let size = block.len().div_ceil(self.pieces).max(1);
        let mut chunks: Vec<Bytes> = (0..self.pieces)
            .map(|i| block.slice((i * size).min(block.len())..((i + 1) * size).min(block.len())))
            .collect();
        let first = chunks.remove(0);
        let single = chunks.is_empty();
        let mut frames = Vec::new();
        match self.promised {
            None => frames.push(Frame::Headers(Headers {
                stream_id: self.stream_id,
                fragment: first,
                end_stream: self.end_stream,
                end_headers: single,
                priority: self.priority,
                padding: self.padding,
            })),
            Some(promised_id) => frames.push(Frame::PushPromise(PushPromise {
                stream_id: self.stream_id,
                promised_id,
                fragment: first,
                end_headers: single,
                padding: self.padding,
            })),
        }
        let last = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            frames.push(Frame::Continuation(Continuation::new(
                self.stream_id,
                chunk,
                i + 1 == last,
            )));
        }
        (self.peer, frames)
    }
}
