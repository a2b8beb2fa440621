//! Where streams live: a map by id for the live ones, running counters so
//! that nothing ever walks every stream, and a bounded record of closed ones.
//!
//! Finding, opening and closing a stream are O(1); counting open streams is
//! a field read (Python h2 walks every stream for each new one).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};

use h2_frame::{Side, StreamId};

use super::{ClosedBy, Stream, StreamState};

/// The live streams of a connection and the memory of closed ones.
#[derive(Debug)]
pub(crate) struct Store {
    live: HashMap<StreamId, Stream, IdHashBuilder>,
    closed: ClosedStreams,
    /// Highest id used, by initiator: `[client (odd), server (even)]`.
    highest: [StreamId; 2],
    /// Streams counting toward MAX_CONCURRENT_STREAMS, by initiator.
    open: [usize; 2],
    /// Reserved streams, by initiator (the server, in practice).
    reserved: [usize; 2],
}

const fn slot(side: Side) -> usize {
    match side {
        Side::Client => 0,
        Side::Server => 1,
    }
}

/// The side that opens streams with this id (odd: client, even: server).
/// Stream 0 is never stored; it maps to the server slot harmlessly.
fn initiator(id: StreamId) -> Side {
    id.initiator().unwrap_or(Side::Server)
}

impl Store {
    /// An empty store remembering at most `max_closed` closed streams.
    pub(crate) fn new(max_closed: usize) -> Self {
        Self {
            live: HashMap::with_hasher(IdHashBuilder::new()),
            closed: ClosedStreams::new(max_closed),
            highest: [StreamId::ZERO; 2],
            open: [0; 2],
            reserved: [0; 2],
        }
    }

    /// The state of stream `id`, whether live, remembered as closed,
    /// implicitly closed (an id at or below the highest one used in its
    /// direction, RFC 9113 §5.1.1), or idle.
    pub(crate) fn state(&self, id: StreamId) -> StreamState {
        if let Some(stream) = self.live.get(&id) {
            return stream.state;
        }
        if let Some(by) = self.closed.get(id) {
            return StreamState::Closed(by);
        }
        if id <= self.highest[slot(initiator(id))] {
            StreamState::Closed(ClosedBy::Implicit)
        } else {
            StreamState::Idle
        }
    }

    /// A live stream.
    pub(crate) fn get(&self, id: StreamId) -> Option<&Stream> {
        self.live.get(&id)
    }

    /// A live stream, to change its windows or message state. Its `state`
    /// must change through [`Self::set_state`] only.
    pub(crate) fn get_mut(&mut self, id: StreamId) -> Option<&mut Stream> {
        self.live.get_mut(&id)
    }

    /// Every live stream, for SETTINGS changes that touch all windows.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (&StreamId, &mut Stream)> {
        self.live.iter_mut()
    }

    /// The highest id used by streams that `side` initiates.
    pub(crate) fn highest(&self, side: Side) -> StreamId {
        self.highest[slot(side)]
    }

    /// Streams initiated by `side` that count toward MAX_CONCURRENT_STREAMS.
    pub(crate) fn open_count(&self, side: Side) -> usize {
        self.open[slot(side)]
    }

    /// Reserved streams initiated by `side`.
    pub(crate) fn reserved_count(&self, side: Side) -> usize {
        self.reserved[slot(side)]
    }

    /// Adds a new stream. Its id must be above the highest in its direction
    /// (the caller checked); a closed state goes straight to the record.
    pub(crate) fn insert(&mut self, id: StreamId, stream: Stream) {
        let side = initiator(id);
        self.bump_highest(id);
        if let StreamState::Closed(by) = stream.state {
            self.closed.insert(id, by);
            return;
        }
        self.count(side, stream.state, 1);
        self.live.insert(id, stream);
    }

    /// Uses up a new id without keeping a stream: a refused or ignored
    /// stream, recorded as closed by `by`.
    pub(crate) fn insert_closed(&mut self, id: StreamId, by: ClosedBy) {
        self.bump_highest(id);
        self.closed.insert(id, by);
    }

    /// Moves a live stream to `state`, keeping the counters right; a closed
    /// stream leaves the map for the closed record. Unknown ids are ignored.
    pub(crate) fn set_state(&mut self, id: StreamId, state: StreamState) {
        let side = initiator(id);
        let Some(stream) = self.live.get_mut(&id) else {
            return;
        };
        let old = stream.state;
        if old == state {
            return;
        }
        stream.state = state;
        self.count(side, old, -1);
        if let StreamState::Closed(by) = state {
            self.live.remove(&id);
            self.closed.insert(id, by);
        } else {
            self.count(side, state, 1);
        }
    }

    /// The live streams initiated by `side` with an id above `last`, for a
    /// received GOAWAY.
    pub(crate) fn ids_above(&self, side: Side, last: StreamId) -> Vec<StreamId> {
        let mut ids: Vec<StreamId> = self
            .live
            .keys()
            .copied()
            .filter(|id| initiator(*id) == side && *id > last)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn bump_highest(&mut self, id: StreamId) {
        let highest = &mut self.highest[slot(initiator(id))];
        if id > *highest {
            *highest = id;
        }
    }

    fn count(&mut self, side: Side, state: StreamState, delta: isize) {
        let counter = match state {
            s if s.counts_as_open() => &mut self.open[slot(side)],
            StreamState::ReservedLocal | StreamState::ReservedRemote => {
                &mut self.reserved[slot(side)]
            }
            _ => return,
        };
        *counter = counter.saturating_add_signed(delta);
    }
}

/// Hashes stream ids for the live-stream map: one keyed multiply and a
/// fold, instead of SipHash's rounds. The key is drawn per connection from
/// std's `RandomState`, so a peer cannot pick ids that land in one bucket;
/// and the live map holds at most MAX_CONCURRENT_STREAMS of the peer's
/// streams anyway.
#[derive(Clone, Debug)]
struct IdHashBuilder {
    key: u64,
}

impl IdHashBuilder {
    fn new() -> Self {
        Self {
            key: RandomState::new().hash_one(0x2f6b_1f04_u64),
        }
    }
}

impl BuildHasher for IdHashBuilder {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher {
            key: self.key,
            hash: 0,
        }
    }
}

#[derive(Debug)]
struct IdHasher {
    key: u64,
    hash: u64,
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b) ^ (self.hash as u32));
        }
    }

    fn write_u32(&mut self, n: u32) {
        let x = (u64::from(n) ^ self.key).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // Fold the high half in: the low bits pick the bucket, and a plain
        // product's low bits depend only on the input's low bits.
        self.hash = x ^ (x >> 32);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A bounded record of how streams closed (SPEC CL-1, DOS-4), indexed by
/// stream id: one ring of `capacity` slots per direction, slot `id / 2 mod
/// capacity`. Ids only grow, so a slot is overwritten only by a stream
/// opened at least `capacity` ids later: the record keeps the closures of
/// the most recent `capacity` stream ids of each direction. A forgotten
/// stream reads as implicitly closed. Lookups and inserts are O(1) with no
/// hashing, and memory grows only with the ids used, up to `capacity` slots
/// per direction.
#[derive(Debug)]
struct ClosedStreams {
    /// `[client-initiated, server-initiated]`.
    rings: [Vec<Slot>; 2],
    capacity: usize,
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    /// 0 for an empty slot (stream 0 never closes).
    id: u32,
    by: ClosedBy,
}

impl ClosedStreams {
    fn new(capacity: usize) -> Self {
        Self {
            rings: [Vec::new(), Vec::new()],
            capacity,
        }
    }

    fn index(&self, id: StreamId) -> Option<(usize, usize)> {
        if self.capacity == 0 || id.is_zero() {
            return None;
        }
        let ring = slot(initiator(id));
        Some((ring, (id.value() / 2) as usize % self.capacity))
    }

    fn get(&self, id: StreamId) -> Option<ClosedBy> {
        let (ring, at) = self.index(id)?;
        self.rings[ring]
            .get(at)
            .filter(|s| s.id == id.value())
            .map(|s| s.by)
    }

    fn insert(&mut self, id: StreamId, by: ClosedBy) {
        let Some((ring, at)) = self.index(id) else {
            return;
        };
        let ring = &mut self.rings[ring];
        if ring.len() <= at {
            ring.resize(
                at + 1,
                Slot {
                    id: 0,
                    by: ClosedBy::Implicit,
                },
            );
        }
        ring[at] = Slot { id: id.value(), by };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u32) -> StreamId {
        StreamId::new(n)
    }

    #[test]
    fn counters_follow_state_changes_without_scanning() {
        let mut store = Store::new(4);
        store.insert(id(1), Stream::new(StreamState::Open, 10, 10));
        store.insert(id(3), Stream::new(StreamState::HalfClosedRemote, 10, 10));
        store.insert(id(2), Stream::new(StreamState::ReservedLocal, 10, 10));
        assert_eq!(store.open_count(Side::Client), 2);
        assert_eq!(store.open_count(Side::Server), 0);
        assert_eq!(store.reserved_count(Side::Server), 1);

        store.set_state(id(2), StreamState::HalfClosedRemote);
        assert_eq!(store.reserved_count(Side::Server), 0);
        assert_eq!(store.open_count(Side::Server), 1);

        store.set_state(id(1), StreamState::Closed(ClosedBy::RecvRstStream));
        assert_eq!(store.open_count(Side::Client), 1);
        assert!(store.get(id(1)).is_none());
        assert_eq!(
            store.state(id(1)),
            StreamState::Closed(ClosedBy::RecvRstStream)
        );
    }

    /// SPEC SID-1: skipped ids are implicitly closed; higher ids are idle.
    #[test]
    fn skipped_ids_read_as_implicitly_closed() {
        let mut store = Store::new(4);
        store.insert(id(7), Stream::new(StreamState::Open, 10, 10));
        assert_eq!(store.state(id(3)), StreamState::Closed(ClosedBy::Implicit));
        assert_eq!(store.state(id(9)), StreamState::Idle);
        assert_eq!(store.state(id(2)), StreamState::Idle);
        assert_eq!(store.highest(Side::Client), id(7));
    }

    /// SPEC CL-1, DOS-4: the record is bounded; the oldest ids go first.
    #[test]
    fn closed_record_drops_the_oldest_when_full() {
        let mut store = Store::new(2);
        for n in [1, 3, 5] {
            store.insert(id(n), Stream::new(StreamState::Open, 10, 10));
            store.set_state(id(n), StreamState::Closed(ClosedBy::SendRstStream));
        }
        assert_eq!(store.state(id(1)), StreamState::Closed(ClosedBy::Implicit));
        assert_eq!(
            store.state(id(3)),
            StreamState::Closed(ClosedBy::SendRstStream)
        );
        assert_eq!(
            store.state(id(5)),
            StreamState::Closed(ClosedBy::SendRstStream)
        );
    }

    #[test]
    fn ids_above_lists_only_that_initiators_live_streams_in_order() {
        let mut store = Store::new(4);
        for n in [1, 5, 3, 2] {
            store.insert(id(n), Stream::new(StreamState::Open, 10, 10));
        }
        assert_eq!(store.ids_above(Side::Client, id(1)), [id(3), id(5)]);
    }
}
