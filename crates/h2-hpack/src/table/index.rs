//! The encoder's O(1) lookup index over its dynamic table.
//!
//! Open addressing with linear probing. A slot holds the absolute number of
//! a dynamic table entry and the hash bits of its key; the key itself (a name,
//! or a name and value) is compared in the table. Only the newest entry with
//! a given key is indexed: entries leave the table oldest first, so when the
//! indexed entry is evicted no older entry with that key is left. Removal
//! shifts later slots back, so there are no tombstones.

use alloc::vec;
use alloc::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    absolute: u64,
    hash: u32,
}

const EMPTY: Slot = Slot {
    absolute: u64::MAX,
    hash: 0,
};

#[derive(Debug, Clone)]
pub(crate) struct HashIndex {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
}

impl HashIndex {
    /// An index able to hold `entries` keys at a load factor of at most 1/2.
    pub(crate) fn with_capacity(entries: usize) -> Self {
        let slots = entries
            .saturating_mul(2)
            .saturating_add(2)
            .checked_next_power_of_two()
            .unwrap_or(1 << 20)
            .max(16);
        Self {
            slots: vec![EMPTY; slots],
            mask: slots - 1,
            len: 0,
        }
    }

    /// How many keys fit before the index must be rebuilt bigger.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.len() / 2 - 1
    }

    /// The absolute number stored for the key with `hash` that `is_key`
    /// recognises.
    #[inline]
    pub(crate) fn find(&self, hash: u32, mut is_key: impl FnMut(u64) -> bool) -> Option<u64> {
        let mut i = hash as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                return None;
            }
            if slot.hash == hash && is_key(slot.absolute) {
                return Some(slot.absolute);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Points the key at `absolute`, replacing an older entry with that key.
    pub(crate) fn insert(&mut self, hash: u32, absolute: u64, mut is_key: impl FnMut(u64) -> bool) {
        let mut i = hash as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                // The caller rebuilds before the load passes 1/2, so an empty
                // slot is always found.
                self.slots[i] = Slot { absolute, hash };
                self.len += 1;
                return;
            }
            if slot.hash == hash && is_key(slot.absolute) {
                self.slots[i].absolute = absolute;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Forgets `absolute` if it is indexed under `hash`.
    pub(crate) fn remove(&mut self, hash: u32, absolute: u64) {
        let mut i = hash as usize & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                return;
            }
            if slot.absolute == absolute {
                break;
            }
            i = (i + 1) & self.mask;
        }
        self.len -= 1;
        // Backward shift: move each later slot of the run into the hole when
        // its home position does not lie cyclically in (hole, slot].
        let mut hole = i;
        let mut j = i;
        loop {
            j = (j + 1) & self.mask;
            let slot = self.slots[j];
            if slot == EMPTY {
                break;
            }
            let home = slot.hash as usize & self.mask;
            let home_in_range = if hole <= j {
                hole < home && home <= j
            } else {
                hole < home || home <= j
            };
            if !home_in_range {
                self.slots[hole] = slot;
                hole = j;
            }
        }
        self.slots[hole] = EMPTY;
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are the absolute numbers' "names" `key_of[absolute]`.
    fn check(ops: &[(bool, u32, u64)]) {
        let mut index = HashIndex::with_capacity(8);
        let mut model: Vec<(u32, u64)> = Vec::new();
        for &(insert, hash, absolute) in ops {
            if insert {
                index.insert(hash, absolute, |a| a == absolute);
                model.push((hash, absolute));
            } else {
                index.remove(hash, absolute);
                model.retain(|&(_, a)| a != absolute);
            }
            assert_eq!(index.len(), model.len());
            for &(h, a) in &model {
                assert_eq!(index.find(h, |x| x == a), Some(a));
            }
        }
    }

    #[test]
    fn colliding_runs_survive_removal_in_any_order() {
        // Hashes 0 and 16 share home slot 0 in a 32-slot index; 31 wraps.
        check(&[
            (true, 31, 1),
            (true, 0, 2),
            (true, 32, 3),
            (true, 1, 4),
            (true, 31, 5),
            (false, 31, 1),
            (false, 0, 2),
            (true, 0, 6),
            (false, 31, 5),
            (false, 32, 3),
            (false, 1, 4),
            (false, 0, 6),
        ]);
    }

    #[test]
    fn insert_with_same_key_replaces() {
        let mut index = HashIndex::with_capacity(4);
        index.insert(7, 1, |_| true);
        index.insert(7, 2, |a| a == 1);
        assert_eq!(index.len(), 1);
        assert_eq!(index.find(7, |_| true), Some(2));
        index.remove(7, 1);
        assert_eq!(
            index.find(7, |_| true),
            Some(2),
            "stale number is not removed"
        );
        index.remove(7, 2);
        assert_eq!(index.find(7, |_| true), None);
    }
}
