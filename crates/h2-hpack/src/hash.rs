//! A small, fast, deterministic hash for the encoder's table lookups.
//!
//! The same function runs at compile time (to lay out the static table's name
//! index) and at run time, so it is a `const fn`. It only has to spread the
//! header names and values of one connection over a few hundred slots; it is
//! not a defence against chosen collisions, which at worst make a lookup
//! probe a few more slots of a table whose size the caller caps.

/// Multiplier of the FxHash family: odd, with well-spread bits.
const K: u64 = 0x517c_c1b7_2722_0a95;
/// Starting state for names (the fractional digits of pi).
const NAME_SEED: u64 = 0x243f_6a88_85a3_08d3;

#[inline(always)]
const fn mix(state: u64, word: u64) -> u64 {
    (state.rotate_left(5) ^ word).wrapping_mul(K)
}

/// Hashes `bytes` from `seed`, eight octets at a time. The compile-time form
/// (the static table's index is laid out with it); [`hash_bytes`] computes
/// the same values faster at run time.
const fn hash_bytes_const(seed: u64, bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let mut state = mix(seed, len as u64);
    let mut i = 0;
    while i + 8 <= len {
        let word = u64::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
            bytes[i + 4],
            bytes[i + 5],
            bytes[i + 6],
            bytes[i + 7],
        ]);
        state = mix(state, word);
        i += 8;
    }
    if i < len {
        let mut word = 0u64;
        let mut k = 0;
        while i + k < len {
            word |= (bytes[i + k] as u64) << (8 * k);
            k += 1;
        }
        state = mix(state, word);
    }
    state
}

/// Run-time form of [`hash_bytes_const`], with whole-word loads.
#[inline]
fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut state = mix(seed, bytes.len() as u64);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        state = mix(state, u64::from_le_bytes(w));
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        let mut w = [0u8; 8];
        w[..tail.len()].copy_from_slice(tail);
        state = mix(state, u64::from_le_bytes(w));
    }
    state
}

/// Hash of a header name, at compile time.
pub(crate) const fn name_hash_const(name: &[u8]) -> u64 {
    hash_bytes_const(NAME_SEED, name)
}

/// Hash of a header name.
#[inline]
pub(crate) fn name_hash(name: &[u8]) -> u64 {
    hash_bytes(NAME_SEED, name)
}

/// Hash of a whole field, continuing from its name's hash.
#[inline]
pub(crate) fn field_hash(name_hash: u64, value: &[u8]) -> u64 {
    hash_bytes(name_hash, value)
}

/// The 32 bits used to pick a slot (the high half, which mixes every input bit).
#[inline]
pub(crate) const fn slot_bits(hash: u64) -> u32 {
    (hash >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguishes_trailing_zero_octets_and_split_points() {
        assert_ne!(name_hash(b"a"), name_hash(b"a\0"));
        assert_ne!(
            field_hash(name_hash(b"ab"), b"c"),
            field_hash(name_hash(b"a"), b"bc")
        );
        assert_eq!(name_hash(b"content-type"), name_hash(b"content-type"));
    }

    #[test]
    fn run_time_and_compile_time_forms_agree() {
        let data: alloc::vec::Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37)).collect();
        for len in 0..data.len() {
            assert_eq!(name_hash(&data[..len]), name_hash_const(&data[..len]));
            assert_eq!(
                hash_bytes(7, &data[..len]),
                hash_bytes_const(7, &data[..len])
            );
        }
    }
}
