//! SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), as the signature needs
//! them: a keyed state computed once per secret, then one MAC per call.
//!
//! Written here instead of taken from the `sha2` and `hmac` crates for two
//! measured reasons: the verify-only wasm lost about 4 KB of generic
//! buffering and digest plumbing, and the compression function below runs
//! faster in V8 than `sha2` 0.10's software one (0.82-0.83x its time
//! scalar, less with the SIMD message schedule the wasm build uses; why is
//! said above `compress`).
//! The tests check both against `sha2`/`hmac`, the NIST and RFC 4231
//! vectors, and random inputs.
//!
//! Nothing here can panic: blocks are fixed-size arrays and every slice is
//! taken with checked bounds.

/// Bytes per SHA-256 block.
const BLOCK: usize = 64;

/// A SHA-256 digest or HMAC-SHA256 tag.
pub type Digest = [u8; 32];

const INITIAL_STATE: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// A SHA-256 computation in progress.
#[derive(Clone)]
pub struct Sha256 {
    state: [u32; 8],
    /// Bytes not yet compressed (fewer than a block): `buffer[..buffered]`.
    buffer: [u8; BLOCK],
    buffered: usize,
    /// Bytes fed so far, for the final padding.
    length: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    pub const fn new() -> Self {
        Self::resume(INITIAL_STATE, 0)
    }

    /// Continues from `state` after `length` bytes (a multiple of the block).
    const fn resume(state: [u32; 8], length: u64) -> Self {
        Self {
            state,
            buffer: [0; BLOCK],
            buffered: 0,
            length,
        }
    }

    /// The digest of `data`.
    pub fn digest(data: &[u8]) -> Digest {
        let mut hash = Self::new();
        hash.update(data);
        hash.finalize()
    }

    pub fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let take = (BLOCK - self.buffered).min(data.len());
            let (head, rest) = data.split_at(take);
            if let Some(room) = self.buffer.get_mut(self.buffered..self.buffered + take) {
                room.copy_from_slice(head);
            }
            self.buffered += take;
            data = rest;
            if self.buffered < BLOCK {
                return;
            }
            compress(&mut self.state, core::slice::from_ref(&self.buffer));
            self.buffered = 0;
        }
        let (blocks, rest) = data.as_chunks::<BLOCK>();
        compress(&mut self.state, blocks);
        if let Some(room) = self.buffer.get_mut(..rest.len()) {
            room.copy_from_slice(rest);
        }
        self.buffered = rest.len();
    }

    pub fn finalize(mut self) -> Digest {
        let bits = self.length.wrapping_mul(8);
        // 0x80, then zeros up to 8 bytes short of a block boundary.
        let padding = if self.buffered < BLOCK - 8 {
            BLOCK - 8 - self.buffered
        } else {
            2 * BLOCK - 8 - self.buffered
        };
        let mut pad = [0u8; BLOCK];
        pad[0] = 0x80;
        self.update(pad.get(..padding).unwrap_or_default());
        self.update(&bits.to_be_bytes());
        let mut digest = [0u8; 32];
        for (bytes, word) in digest.as_chunks_mut::<4>().0.iter_mut().zip(self.state) {
            *bytes = word.to_be_bytes();
        }
        digest
    }
}

/// An HMAC-SHA256 key, prepared: the SHA-256 states after the `key ^ ipad`
/// and `key ^ opad` blocks, so each MAC costs two compressions less.
#[derive(Clone)]
pub struct HmacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl HmacKey {
    /// Prepares `key` as RFC 2104 says: keys longer than a block are hashed
    /// first, shorter ones padded with zeros.
    pub fn new(key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        if key.len() > BLOCK {
            if let Some(start) = block.get_mut(..32) {
                start.copy_from_slice(&Sha256::digest(key));
            }
        } else if let Some(start) = block.get_mut(..key.len()) {
            start.copy_from_slice(key);
        }
        let keyed = |pad: u8| {
            let mut state = INITIAL_STATE;
            compress(&mut state, &[block.map(|byte| byte ^ pad)]);
            state
        };
        Self {
            inner: keyed(0x36),
            outer: keyed(0x5c),
        }
    }

    /// The MAC of the concatenation of `parts` (without concatenating them).
    pub fn mac(&self, parts: &[&[u8]]) -> Digest {
        let mut inner = Sha256::resume(self.inner, BLOCK as u64);
        for part in parts {
            inner.update(part);
        }
        let mut outer = Sha256::resume(self.outer, BLOCK as u64);
        outer.update(&inner.finalize());
        outer.finalize()
    }
}

/// Compares two MACs in time independent of their contents.
pub fn constant_time_eq(a: &Digest, b: &Digest) -> bool {
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // Keeps the optimizer from turning the fold into an early exit.
    core::hint::black_box(difference) == 0
}

// The compression function: 64 rounds fully unrolled, the working
// variables in locals, the message schedule a rolling 16-word window (with
// constant indices after unrolling, so locals too), written for what V8
// makes of wasm. V8 emits two-operand `ror` (no BMI2 `rorx`), so each
// three-rotate sigma costs register copies and, with a dozen allocatable
// registers, spills. The forms below are algebraically the textbook ones:
// - each sigma nests its rotates (OpenSSL's scalar x86 form), e.g.
//   S1(e) = rotr(rotr(rotr(e, 14) ^ e, 5) ^ e, 6), one copy instead of three;
// - Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, where b ^ c is the previous
//   round's a ^ b: three operations instead of four.
// Measured in Node 20 (34 blocks per call, paired rounds): 0.82-0.83x the
// time of sha2 0.10's software compression, which LLVM turns into the same
// wasm as a textbook unrolled one (0.96-1.0x). On wasm the schedule is
// computed in SIMD lanes (below): 1-2% faster when the machine is quiet,
// 12-17% when it is busy (fewer instructions per block), and 1 KiB gzip
// smaller.
// No zeroed scratch arrays on this path: with bulk memory, LLVM emits
// `memory.fill` for them, which V8 runs as a runtime call.

/// Σ0(a) = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22), nested.
#[inline(always)]
fn big_sigma0(a: u32) -> u32 {
    ((a.rotate_right(9) ^ a).rotate_right(11) ^ a).rotate_right(2)
}

/// Σ1(e) = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25), nested.
#[inline(always)]
fn big_sigma1(e: u32) -> u32 {
    ((e.rotate_right(14) ^ e).rotate_right(5) ^ e).rotate_right(6)
}

/// σ0(x) = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3), nested.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn small_sigma0(x: u32) -> u32 {
    (x.rotate_right(11) ^ x).rotate_right(7) ^ (x >> 3)
}

/// σ1(x) = rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10), nested.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn small_sigma1(x: u32) -> u32 {
    (x.rotate_right(2) ^ x).rotate_right(17) ^ (x >> 10)
}

/// One round. `$kw` is K[i] + W[i]; `$bc` holds b ^ c on entry and a ^ b on
/// exit (the next round's b ^ c).
macro_rules! round {
    ($kw:expr, $bc:ident, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        let u = $h.wrapping_add($kw).wrapping_add((($f ^ $g) & $e) ^ $g);
        let s1 = big_sigma1($e);
        $d = $d.wrapping_add(u).wrapping_add(s1);
        let ab = $a ^ $b;
        $h = u
            .wrapping_add(s1)
            .wrapping_add(big_sigma0($a).wrapping_add((ab & $bc) ^ $b));
        $bc = ab;
    };
}

/// Eight rounds from `$i`, renaming the working variables instead of
/// moving their values.
macro_rules! eight_rounds {
    ($kw:ident, $i:expr, $bc:ident, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        round!($kw!($i), $bc, $a, $b, $c, $d, $e, $f, $g, $h);
        round!($kw!($i + 1), $bc, $h, $a, $b, $c, $d, $e, $f, $g);
        round!($kw!($i + 2), $bc, $g, $h, $a, $b, $c, $d, $e, $f);
        round!($kw!($i + 3), $bc, $f, $g, $h, $a, $b, $c, $d, $e);
        round!($kw!($i + 4), $bc, $e, $f, $g, $h, $a, $b, $c, $d);
        round!($kw!($i + 5), $bc, $d, $e, $f, $g, $h, $a, $b, $c);
        round!($kw!($i + 6), $bc, $c, $d, $e, $f, $g, $h, $a, $b);
        round!($kw!($i + 7), $bc, $b, $c, $d, $e, $f, $g, $h, $a);
    };
}

/// All 64 rounds of one block, then the feed-forward into `$state`;
/// `$kw!(i)` supplies K[i] + W[i] (the scalar and the SIMD schedules each
/// define their own).
macro_rules! all_rounds {
    ($kw:ident, $state:ident) => {
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *$state;
        let mut bc = b ^ c;
        eight_rounds!($kw, 0, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 8, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 16, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 24, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 32, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 40, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 48, bc, a, b, c, d, e, f, g, h);
        eight_rounds!($kw, 56, bc, a, b, c, d, e, f, g, h);
        for (word, add) in $state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *word = word.wrapping_add(add);
        }
    };
}

/// The SHA-256 compression function over whole blocks (no padding).
#[cfg(not(target_arch = "wasm32"))]
fn compress(state: &mut [u32; 8], blocks: &[[u8; BLOCK]]) {
    for block in blocks {
        compress_block(state, block);
    }
}

// On wasm the message schedule runs four words at a time in SIMD registers
// (simd128): sigma0 on four lanes, sigma1 on two lanes twice, K added four
// at a time; the rounds read the lanes back. The rounds are the same
// `round!` as the scalar path's. Measured in Node 20, interleaved: see the
// README's performance section. The cost: the module needs WebAssembly SIMD
// (Node 16.4+, workerd, Chrome 91+, Firefox 89+, Safari 16.4+, Deno, Bun).
// Natively the scalar schedule below runs; tests/wasm_signature.rs checks
// this one against the `hmac`/`sha2` crates.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
#[allow(unused_assignments)] // the last round's `bc = a ^ b` is dead
fn compress(state: &mut [u32; 8], blocks: &[[u8; BLOCK]]) {
    use core::arch::wasm32::*;

    macro_rules! rotr {
        ($x:expr, $n:literal) => {
            v128_or(u32x4_shr($x, $n), u32x4_shl($x, 32 - $n))
        };
    }
    macro_rules! sigma0 {
        ($x:expr) => {{
            let x = $x;
            v128_xor(v128_xor(rotr!(x, 7), rotr!(x, 18)), u32x4_shr(x, 3))
        }};
    }
    macro_rules! sigma1 {
        ($x:expr) => {{
            let x = $x;
            v128_xor(v128_xor(rotr!(x, 17), rotr!(x, 19)), u32x4_shr(x, 10))
        }};
    }
    // 16 message bytes as 4 big-endian words (LLVM merges the byte gathers
    // into one v128.load; the shuffle is the byte swap). Constant indices
    // into the 64-byte block: nothing to check at run time.
    macro_rules! load {
        ($b:ident, $o:literal) => {{
            let v = u8x16(
                $b[$o],
                $b[$o + 1],
                $b[$o + 2],
                $b[$o + 3],
                $b[$o + 4],
                $b[$o + 5],
                $b[$o + 6],
                $b[$o + 7],
                $b[$o + 8],
                $b[$o + 9],
                $b[$o + 10],
                $b[$o + 11],
                $b[$o + 12],
                $b[$o + 13],
                $b[$o + 14],
                $b[$o + 15],
            );
            i8x16_shuffle::<3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12>(v, v)
        }};
    }
    // W[i..i+4] from W[i-16..i-13] (x0) up to W[i-4..i-1] (x3).
    macro_rules! next4 {
        ($x0:expr, $x1:expr, $x2:expr, $x3:expr) => {{
            let zero = u32x4_splat(0);
            let w15 = i32x4_shuffle::<1, 2, 3, 4>($x0, $x1);
            let w7 = i32x4_shuffle::<1, 2, 3, 4>($x2, $x3);
            let t = u32x4_add(u32x4_add($x0, sigma0!(w15)), w7);
            // sigma1 of W[i-2], W[i-1] into lanes 0 and 1 (lanes 2 and 3
            // get sigma1(0) = 0), then of the fresh W[i], W[i+1] into 2, 3.
            let t = u32x4_add(t, sigma1!(i32x4_shuffle::<2, 3, 4, 4>($x3, zero)));
            u32x4_add(t, sigma1!(i32x4_shuffle::<4, 4, 0, 1>(t, zero)))
        }};
    }

    for block in blocks {
        let x0 = load!(block, 0);
        let x1 = load!(block, 16);
        let x2 = load!(block, 32);
        let x3 = load!(block, 48);
        let x4 = next4!(x0, x1, x2, x3);
        let x5 = next4!(x1, x2, x3, x4);
        let x6 = next4!(x2, x3, x4, x5);
        let x7 = next4!(x3, x4, x5, x6);
        let x8 = next4!(x4, x5, x6, x7);
        let x9 = next4!(x5, x6, x7, x8);
        let x10 = next4!(x6, x7, x8, x9);
        let x11 = next4!(x7, x8, x9, x10);
        let x12 = next4!(x8, x9, x10, x11);
        let x13 = next4!(x9, x10, x11, x12);
        let x14 = next4!(x10, x11, x12, x13);
        let x15 = next4!(x11, x12, x13, x14);
        let words = [
            x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15,
        ];
        let mut wk = words;
        let mut j = 0;
        while j < 16 {
            wk[j] = u32x4_add(
                words[j],
                u32x4(K[4 * j], K[4 * j + 1], K[4 * j + 2], K[4 * j + 3]),
            );
            j += 1;
        }
        macro_rules! kw {
            ($i:expr) => {
                match $i & 3 {
                    0 => u32x4_extract_lane::<0>(wk[$i >> 2]),
                    1 => u32x4_extract_lane::<1>(wk[$i >> 2]),
                    2 => u32x4_extract_lane::<2>(wk[$i >> 2]),
                    _ => u32x4_extract_lane::<3>(wk[$i >> 2]),
                }
            };
        }
        all_rounds!(kw, state);
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
#[allow(unused_assignments)] // the last round's `bc = a ^ b` is dead
fn compress_block(state: &mut [u32; 8], block: &[u8; BLOCK]) {
    let words = block.as_chunks::<4>().0;
    let mut w: [u32; 16] =
        core::array::from_fn(|i| words.get(i).map_or(0, |b| u32::from_be_bytes(*b)));
    // K[i] + W[i], extending the schedule in place from round 16 on.
    macro_rules! kw {
        ($i:expr) => {{
            if $i >= 16 {
                w[$i & 15] = w[$i & 15]
                    .wrapping_add(small_sigma0(w[($i + 1) & 15]))
                    .wrapping_add(w[($i + 9) & 15])
                    .wrapping_add(small_sigma1(w[($i + 14) & 15]));
            }
            K[$i].wrapping_add(w[$i & 15])
        }};
    }
    all_rounds!(kw, state);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use hmac::{Hmac, Mac};
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;
    #[cfg(not(target_arch = "wasm32"))]
    use sha2::Digest as _;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn nist_vectors_hash_as_published() {
        let cases: [(&[u8], &str); 3] = [
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(hex(&Sha256::digest(input)), expected);
        }
        let mut million = Sha256::new();
        for _ in 0..1000 {
            million.update(&[b'a'; 1000]);
        }
        assert_eq!(
            hex(&million.finalize()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn rfc4231_vectors_mac_as_published() {
        let cases: [(&[u8], &[u8], &str); 3] = [
            (
                &[0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
        ];
        for (key, data, expected) in cases {
            assert_eq!(hex(&HmacKey::new(key).mac(&[data])), expected);
        }
    }

    #[test]
    fn equal_tags_compare_equal_and_any_difference_does_not() {
        let tag = HmacKey::new(b"k").mac(&[b"m"]);
        assert!(constant_time_eq(&tag, &tag));
        for byte in 0..32 {
            for bit in 0..8 {
                let mut other = tag;
                other[byte] ^= 1 << bit;
                assert!(!constant_time_eq(&tag, &other));
            }
        }
    }

    // proptest does not build for wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn hashes_like_sha2_however_the_input_is_split(
            data in proptest::collection::vec(any::<u8>(), 0..600),
            cuts in proptest::collection::vec(0usize..600, 0..5),
        ) {
            let mut hash = Sha256::new();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(data.len())).collect();
            cuts.sort_unstable();
            let mut start = 0;
            for cut in cuts.into_iter().chain([data.len()]) {
                hash.update(&data[start..cut]);
                start = cut;
            }
            prop_assert_eq!(hash.finalize().to_vec(), sha2::Sha256::digest(&data).to_vec());
        }

        #[test]
        fn macs_like_the_hmac_crate(
            key in proptest::collection::vec(any::<u8>(), 0..200),
            parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..150), 0..4),
        ) {
            let ours = HmacKey::new(&key).mac(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>());
            let mut theirs = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            parts.iter().for_each(|part| theirs.update(part));
            prop_assert_eq!(ours.to_vec(), theirs.finalize().into_bytes().to_vec());
        }
    }
}
