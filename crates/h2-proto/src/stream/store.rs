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
    /// Streams that ended normally (END_STREAM both ways), ever: what
    /// refills the reset budget (`connection/budget.rs`).
    completed: u64,
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
            completed: 0,
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

    /// Streams that ended normally (END_STREAM both ways) so far.
    pub(crate) fn completed(&self) -> u64 {
        self.completed
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
            if matches!(by, ClosedBy::SendEndStream | ClosedBy::RecvEndStream) {
                self.completed += 1;
            }
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
/// stream id: one ring per direction, slot `id / 2 mod len`. Ids only grow,
/// so the record keeps the closures of the most recent `capacity` stream ids
/// of each direction: a slot is overwritten only by a stream at least
/// `capacity` ids later. A forgotten stream reads as implicitly closed.
/// Lookups and inserts are O(1) with no hashing.
///
/// A ring starts small and doubles (up to `capacity` slots) only when an
/// insert would overwrite a closure still within the last `capacity` ids, so
/// its size follows the number of streams closed, not the size of the ids: a
/// peer that jumps to stream 2^31-1 costs one small ring, not `capacity`
/// slots (see `docs/security.md`, stream exhaustion).
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

const EMPTY: Slot = Slot {
    id: 0,
    by: ClosedBy::Implicit,
};

/// The first size of a ring.
const FIRST_RING: usize = 16;

impl ClosedStreams {
    fn new(capacity: usize) -> Self {
        Self {
            rings: [Vec::new(), Vec::new()],
            capacity,
        }
    }

    /// The position of an id in the direction's sequence: 0, 1, 2, ...
    fn ordinal(id: u32) -> usize {
        (id / 2) as usize
    }

    fn get(&self, id: StreamId) -> Option<ClosedBy> {
        if id.is_zero() {
            return None;
        }
        let ring = &self.rings[slot(initiator(id))];
        if ring.is_empty() {
            return None;
        }
        ring.get(Self::ordinal(id.value()) % ring.len())
            .filter(|s| s.id == id.value())
            .map(|s| s.by)
    }

    fn insert(&mut self, id: StreamId, by: ClosedBy) {
        if self.capacity == 0 || id.is_zero() {
            return;
        }
        let capacity = self.capacity;
        let ring = &mut self.rings[slot(initiator(id))];
        let ordinal = Self::ordinal(id.value());
        loop {
            if ring.is_empty() {
                *ring = vec![EMPTY; FIRST_RING.min(capacity)];
            }
            let at = ordinal % ring.len();
            let old = ring[at];
            if old.id == 0 || old.id == id.value() || ring.len() >= capacity {
                ring[at] = Slot { id: id.value(), by };
                return;
            }
            // Streams close in any order. Two ids `capacity` or more apart
            // are not both remembered: the higher, more recent, one stays.
            if ordinal.abs_diff(Self::ordinal(old.id)) >= capacity {
                if id.value() > old.id {
                    ring[at] = Slot { id: id.value(), by };
                }
                return;
            }
            // Both are within the last `capacity` ids: make room.
            Self::grow(ring, (ring.len() * 2).min(capacity));
        }
    }

    /// Moves every entry into a ring of `len` slots; on a collision the
    /// higher id stays (the other is `capacity` or more ids older).
    fn grow(ring: &mut Vec<Slot>, len: usize) {
        let mut bigger = vec![EMPTY; len];
        for entry in ring.iter().filter(|s| s.id != 0) {
            let at = Self::ordinal(entry.id) % len;
            if bigger[at].id < entry.id {
                bigger[at] = *entry;
            }
        }
        *ring = bigger;
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

    /// SPEC CL-1, DOS-4, RH-07: the record is bounded; the oldest ids go first.
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

    /// The record grows with the streams closed, not with their ids (SPEC
    /// RH-85).
    #[test]
    fn closed_record_size_follows_the_streams_not_the_ids() {
        let mut closed = ClosedStreams::new(65_536);
        closed.insert(id(1), ClosedBy::RecvRstStream);
        closed.insert(StreamId::MAX, ClosedBy::RecvRstStream);
        assert_eq!(closed.rings[0].len(), FIRST_RING);
        assert_eq!(closed.get(id(1)), Some(ClosedBy::RecvRstStream));
        assert_eq!(closed.get(StreamId::MAX), Some(ClosedBy::RecvRstStream));
        // 1,000 consecutive ids, closed out of order: every one is kept, in
        // about as many slots.
        let mut closed = ClosedStreams::new(65_536);
        for n in (0..1000).rev() {
            closed.insert(id(2 * n + 3), ClosedBy::SendEndStream);
        }
        for n in 0..1000 {
            assert_eq!(closed.get(id(2 * n + 3)), Some(ClosedBy::SendEndStream));
        }
        assert!(closed.rings[0].len() <= 2048);
    }

    /// With a capacity that is not a power of two the ring still keeps
    /// exactly the last `capacity` ids.
    #[test]
    fn closed_record_keeps_exactly_the_last_capacity_ids() {
        let mut closed = ClosedStreams::new(100);
        for n in 0..1000 {
            closed.insert(id(2 * n + 1), ClosedBy::SendRstStream);
        }
        assert_eq!(closed.rings[0].len(), 100);
        for n in 900..1000 {
            assert_eq!(closed.get(id(2 * n + 1)), Some(ClosedBy::SendRstStream));
        }
        assert_eq!(closed.get(id(2 * 899 + 1)), None);
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
