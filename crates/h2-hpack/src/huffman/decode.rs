//! Huffman decoding: a state machine that eats one octet per step.
//!
//! A state is an internal node of the code tree (there are exactly 256: the
//! code has 257 leaves), standing for the bits read since the last complete
//! symbol. For every state and input octet, [`TRANSITIONS`] holds the state
//! reached, the symbols completed on the way (at most two: codes are at least
//! five bits long) and whether EOS was completed. Both tables are computed by
//! `const fn`s from [`CODES`] at compile time, so they cannot drift from the
//! code table.

use bytes::BytesMut;

use super::table::CODES;
use crate::DecodeError;

/// Internal nodes of the code tree; node 0 is the root.
const NODES: usize = 256;
/// Marks a child that is a leaf; the low bits hold the symbol.
const LEAF: u16 = 0x8000;
const EOS: u16 = 256;

/// Transition entry layout: `next | sym1 << 8 | sym2 << 16 | count << 24 | FAIL`.
const COUNT_SHIFT: u32 = 24;
const FAIL: u32 = 1 << 26;

struct Tree {
    /// `children[node][bit]`: an internal node, or `LEAF | symbol`.
    children: [[u16; 2]; NODES],
    /// Whether ending a string in this node is valid padding: the path from
    /// the root is all ones (a prefix of EOS) and at most 7 bits long.
    accepting: [bool; NODES],
}

const fn build_tree() -> Tree {
    let mut children = [[0u16; 2]; NODES];
    let mut depth = [0u8; NODES];
    let mut all_ones = [true; NODES];
    let mut used = 1;
    let mut symbol = 0;
    while symbol < CODES.len() {
        let (code, len) = CODES[symbol];
        let mut node = 0;
        let mut bit_index = len;
        while bit_index > 1 {
            bit_index -= 1;
            let bit = ((code >> bit_index) & 1) as usize;
            // Child 0 never names the root, so 0 means "not yet created".
            if children[node][bit] == 0 {
                children[node][bit] = used as u16;
                depth[used] = depth[node] + 1;
                all_ones[used] = all_ones[node] && bit == 1;
                used += 1;
            }
            node = children[node][bit] as usize;
        }
        children[node][(code & 1) as usize] = LEAF | symbol as u16;
        symbol += 1;
    }
    assert!(
        used == NODES,
        "a complete code of 257 symbols has 256 inner nodes"
    );
    let mut accepting = [false; NODES];
    let mut node = 0;
    while node < NODES {
        accepting[node] = all_ones[node] && depth[node] <= 7;
        node += 1;
    }
    Tree {
        children,
        accepting,
    }
}

const TREE: Tree = build_tree();

const fn build_transitions() -> [u32; NODES * 256] {
    let mut table = [0u32; NODES * 256];
    let mut state = 0;
    while state < NODES {
        let mut octet = 0;
        while octet < 256 {
            let mut node = state;
            let mut symbols = [0u32; 2];
            let mut count = 0;
            let mut fail = 0;
            let mut bit_index = 8;
            while bit_index > 0 {
                bit_index -= 1;
                let child = TREE.children[node][(octet >> bit_index) & 1];
                if child & LEAF == 0 {
                    node = child as usize;
                } else if child & !LEAF == EOS {
                    fail = FAIL;
                    break;
                } else {
                    symbols[count] = (child & !LEAF) as u32;
                    count += 1;
                    node = 0;
                }
            }
            table[state * 256 + octet] = node as u32
                | symbols[0] << 8
                | symbols[1] << 16
                | (count as u32) << COUNT_SHIFT
                | fail;
            octet += 1;
        }
        state += 1;
    }
    table
}

static TRANSITIONS: [u32; NODES * 256] = build_transitions();
static ACCEPTING: [bool; NODES] = TREE.accepting;

/// Appends the decoding of the Huffman-coded `src` to `dst`. On error `dst`
/// is left as it was.
pub(crate) fn decode(src: &[u8], dst: &mut BytesMut) -> Result<(), DecodeError> {
    let start = dst.len();
    // At most one symbol per 5 bits, plus one octet of slack because both
    // symbol slots are written on every step.
    let max_len = src.len() * 8 / 5 + 2;
    dst.resize(start + max_len, 0);
    let out = &mut dst[start..];
    let mut written = 0;
    let mut state = 0usize;
    // FAIL bits of every step, checked once at the end: after EOS the output
    // is garbage, but it stays within `out` and is thrown away.
    let mut seen = 0u32;
    for &octet in src {
        let entry = TRANSITIONS[(state << 8) | usize::from(octet)];
        seen |= entry;
        // Both symbol slots at once; `written` only counts the real ones.
        out[written..written + 2].copy_from_slice(&((entry >> 8) as u16).to_le_bytes());
        written += ((entry >> COUNT_SHIFT) & 3) as usize;
        state = (entry & 0xff) as usize;
    }
    // RFC 7541 §5.2: "A Huffman-encoded string literal containing the EOS
    // symbol MUST be treated as a decoding error."
    if seen & FAIL != 0 {
        dst.truncate(start);
        return Err(DecodeError::HuffmanEos);
    }
    // RFC 7541 §5.2: "A padding strictly longer than 7 bits MUST be treated as
    // a decoding error. A padding not corresponding to the most significant
    // bits of the code for the EOS symbol MUST be treated as a decoding error."
    if !ACCEPTING[state] {
        dst.truncate(start);
        return Err(DecodeError::HuffmanPadding);
    }
    dst.truncate(start + written);
    Ok(())
}
