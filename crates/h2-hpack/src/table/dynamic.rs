//! The dynamic table (RFC 7541 §2.3.2, §4): a FIFO of entries with size
//! accounting and eviction, shared by the decoder and the encoder.

use alloc::collections::VecDeque;

/// What the table needs to know of an entry.
pub(crate) trait Entry {
    /// Name length + value length + 32 (RFC 7541 §4.1).
    fn size(&self) -> usize;
}

/// Entries, newest first. Each entry also has an absolute number, counting
/// insertions since the table was created, which does not change when older
/// entries are evicted (the encoder's lookup index keys on it).
#[derive(Debug, Clone)]
pub(crate) struct DynamicTable<E> {
    entries: VecDeque<E>,
    size: usize,
    max_size: usize,
    inserted: u64,
}

impl<E: Entry> DynamicTable<E> {
    pub(crate) fn new(max_size: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            size: 0,
            max_size,
            inserted: 0,
        }
    }

    /// Sum of the entry sizes.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    pub(crate) fn max_size(&self) -> usize {
        self.max_size
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entry by position, 0 being the newest (HPACK index 62).
    #[inline]
    pub(crate) fn get(&self, position: usize) -> Option<&E> {
        self.entries.get(position)
    }

    /// Entry by absolute number.
    #[inline]
    pub(crate) fn get_absolute(&self, absolute: u64) -> Option<&E> {
        self.position_of(absolute).and_then(|p| self.entries.get(p))
    }

    /// Position (0 = newest) of the entry with this absolute number.
    #[inline]
    pub(crate) fn position_of(&self, absolute: u64) -> Option<usize> {
        let position = self.inserted.checked_sub(absolute)?.checked_sub(1)?;
        usize::try_from(position)
            .ok()
            .filter(|&p| p < self.entries.len())
    }

    /// Entries from newest to oldest, with their absolute numbers.
    pub(crate) fn iter_absolute(&self) -> impl Iterator<Item = (u64, &E)> {
        let newest = self.inserted.wrapping_sub(1);
        self.entries
            .iter()
            .enumerate()
            .map(move |(p, e)| (newest - p as u64, e))
    }

    /// Adds `entry`, evicting the oldest entries to make room; `evicted` sees
    /// each evicted entry. Returns false when the entry was larger than the
    /// whole table (which is then empty, RFC 7541 §4.4).
    pub(crate) fn insert(&mut self, entry: E, evicted: impl FnMut(u64, E)) -> bool {
        let entry_size = entry.size();
        // RFC 7541 §4.4: "an attempt to add an entry larger than the maximum
        // size causes the table to be emptied of all existing entries and
        // results in an empty table."
        if entry_size > self.max_size {
            self.evict_to(0, evicted);
            return false;
        }
        self.evict_to(self.max_size - entry_size, evicted);
        self.entries.push_front(entry);
        self.size += entry_size;
        self.inserted += 1;
        true
    }

    /// Sets the maximum size, evicting until the entries fit (RFC 7541 §4.3).
    pub(crate) fn set_max_size(&mut self, max_size: usize, evicted: impl FnMut(u64, E)) {
        self.max_size = max_size;
        self.evict_to(max_size, evicted);
    }

    fn evict_to(&mut self, target: usize, mut evicted: impl FnMut(u64, E)) {
        while self.size > target {
            let absolute = self.inserted - self.entries.len() as u64;
            let Some(oldest) = self.entries.pop_back() else {
                break;
            };
            self.size -= oldest.size();
            evicted(absolute, oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Sized(usize);
    impl Entry for Sized {
        fn size(&self) -> usize {
            self.0
        }
    }

    #[test]
    fn evicts_oldest_first_and_keeps_absolute_numbers() {
        let mut table = DynamicTable::new(100);
        let mut gone = alloc::vec::Vec::new();
        table.insert(Sized(40), |a, _| gone.push(a));
        table.insert(Sized(40), |a, _| gone.push(a));
        table.insert(Sized(40), |a, _| gone.push(a));
        assert_eq!(gone, [0]);
        assert_eq!(table.size(), 80);
        assert_eq!(table.position_of(2), Some(0));
        assert_eq!(table.position_of(1), Some(1));
        assert_eq!(table.position_of(0), None);
        assert_eq!(table.position_of(3), None);
        let numbers: alloc::vec::Vec<u64> = table.iter_absolute().map(|(a, _)| a).collect();
        assert_eq!(numbers, [2, 1]);
    }

    #[test]
    fn entry_larger_than_table_empties_it() {
        let mut table = DynamicTable::new(100);
        table.insert(Sized(50), |_, _| {});
        assert!(!table.insert(Sized(101), |_, _| {}));
        assert_eq!(table.len(), 0);
        assert_eq!(table.size(), 0);
        assert!(table.insert(Sized(100), |_, _| {}));
        assert_eq!(table.size(), 100);
    }

    #[test]
    fn lowering_the_maximum_evicts() {
        let mut table = DynamicTable::new(100);
        table.insert(Sized(30), |_, _| {});
        table.insert(Sized(30), |_, _| {});
        table.set_max_size(40, |_, _| {});
        assert_eq!(table.len(), 1);
        assert_eq!(table.get(0), Some(&Sized(30)));
        table.set_max_size(0, |_, _| {});
        assert_eq!(table.len(), 0);
    }
}
