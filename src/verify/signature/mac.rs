//! HMAC-SHA256 (RFC 2104) as the signature needs it, from RustCrypto's `hmac`
//! and `sha2` crates: a keyed state computed once per secret, then one MAC
//! per message, compared in constant time.
//!
//! On wasm32 the workspace builds with `-C target-feature=+simd128`
//! (`.cargo/config.toml`), which makes `sha2` pick its `wasm32_simd128`
//! compression backend; natively it picks the CPU's (SHA-NI, ARMv8 SHA2) or
//! its portable one. Either way it is the crate's code, tested by the
//! crate and by the known-answer tests below.
//!
//! Nothing here can panic: keys of any length are accepted (longer than a
//! block are hashed first, as RFC 2104 says) and tags are fixed-size arrays.

use hmac::digest::{KeyInit, Mac};
use hmac::HmacReset;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::decimal::format_decimal;

/// An HMAC-SHA256 tag (the 32 bytes a `v1=` signature encodes).
pub type Tag = [u8; 32];

/// SHA-256's block size: HMAC keys up to this length are used as they are,
/// longer ones are hashed first.
const BLOCK: usize = 64;

/// HMAC-SHA256 keyed with one secret: the SHA-256 states after `key ^ ipad`
/// and `key ^ opad` are computed once, so each MAC costs only the message's
/// blocks and one outer block. `HmacReset` keeps the keyed inner state and
/// returns to it after every tag, so reusing a key copies nothing.
///
/// With the `zeroize` features of `sha2` and `hmac` the keyed states are
/// wiped when a `SigningKey` is dropped.
#[derive(Clone)]
pub struct SigningKey(HmacReset<Sha256>);

impl SigningKey {
    /// Keys HMAC-SHA256 with `secret` (any length).
    pub fn new(secret: &[u8]) -> Self {
        if secret.len() > BLOCK {
            let mut long = LongSecret::default();
            long.update(secret);
            return Self::from_long_secret(long);
        }
        Self::from_block_key(secret)
    }

    /// Keys with a secret that was too long to copy at once, given as the
    /// SHA-256 of all its parts ([`LongSecret`]): RFC 2104 keys with the
    /// digest of any key longer than a block.
    #[inline(never)]
    pub fn from_long_secret(long: LongSecret) -> Self {
        Self::from_block_key(&long.0.finalize())
    }

    /// `key` is at most [`BLOCK`] bytes: zero-padded to a block, it is the
    /// HMAC key as RFC 2104 defines it.
    #[inline(never)]
    fn from_block_key(key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        block
            .iter_mut()
            .zip(key)
            .for_each(|(slot, byte)| *slot = *byte);
        let key = Self(HmacReset::new(&block.into()));
        block.zeroize();
        key
    }

    /// Starts a new message: forgets whatever was fed since the last tag.
    pub fn restart(&mut self) {
        Mac::reset(&mut self.0);
    }

    /// Feeds message bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The tag of everything fed since the last tag or restart; the key is
    /// then ready for the next message.
    pub fn finish(&mut self) -> MacTag {
        MacTag(self.0.finalize_reset().into_bytes().into())
    }

    /// Restarts on the message CallingBox signs for `timestamp`: its
    /// canonical decimal digits and a `.`, the body to follow.
    pub fn start_signed_message(&mut self, timestamp: i64) {
        let mut digits = [0u8; 20];
        self.start_message(format_decimal(timestamp, &mut digits));
    }

    /// [`SigningKey::start_signed_message`] for a timestamp already in
    /// canonical decimal (a verified header's own digits: no formatting,
    /// whose 64-bit divisions cost more than the rest of a short check).
    pub fn start_message(&mut self, canonical_digits: &[u8]) {
        self.restart();
        self.update(canonical_digits);
        self.update(b".");
    }

    /// The tag of `parts`, concatenated, from a fresh start.
    pub fn mac(&mut self, parts: &[&[u8]]) -> MacTag {
        self.restart();
        parts.iter().for_each(|part| self.update(part));
        self.finish()
    }
}

/// A secret too long to copy into memory at once (the wasm side copies
/// arguments through a fixed scratch area), hashed as its parts arrive:
/// HMAC keys longer than a block are replaced by their SHA-256 anyway.
#[derive(Default)]
pub struct LongSecret(Sha256);

impl LongSecret {
    /// Feeds the next part of the secret.
    #[inline(never)]
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// A computed tag, compared in constant time.
pub struct MacTag(Tag);

impl MacTag {
    /// Whether `candidate` is this tag, in time independent of where they
    /// differ: `subtle`'s constant-time equality over the tags as four
    /// 64-bit words (`digest::CtOutput` compares the same way, byte by byte,
    /// at eight times the optimisation barriers).
    pub fn matches(&self, candidate: &Tag) -> bool {
        words(&self.0).ct_eq(&words(candidate)).into()
    }

    /// The tag's bytes (for signing).
    pub fn bytes(&self) -> Tag {
        self.0
    }
}

/// A tag as four little-endian 64-bit words.
fn words(tag: &Tag) -> [u64; 4] {
    let (chunks, _) = tag.as_chunks::<8>();
    core::array::from_fn(|i| chunks.get(i).map_or(0, |chunk| u64::from_le_bytes(*chunk)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn mac_hex(key: &[u8], parts: &[&[u8]]) -> String {
        hex(&SigningKey::new(key).mac(parts).bytes())
    }

    #[test]
    fn fips_180_4_vectors_hash_as_published() {
        // The hash under the MAC, from the crate this module uses.
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
            million.update([b'a'; 1000]);
        }
        assert_eq!(
            hex(&million.finalize()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn rfc_4231_vectors_mac_as_published() {
        let cases: [(&[u8], &[u8], &str); 4] = [
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
            (
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, expected) in cases {
            assert_eq!(mac_hex(key, &[data]), expected);
        }
    }

    #[test]
    fn a_long_secret_hashed_in_parts_keys_like_the_whole_secret() {
        let secret = [0x5a; 1000];
        let mut long = LongSecret::default();
        secret.chunks(300).for_each(|part| long.update(part));
        let mut in_parts = SigningKey::from_long_secret(long);
        assert_eq!(
            in_parts.mac(&[b"m"]).bytes(),
            SigningKey::new(&secret).mac(&[b"m"]).bytes()
        );
    }

    #[test]
    fn the_signed_message_starts_with_the_canonical_timestamp_and_a_dot() {
        let mut key = SigningKey::new(b"whsec_k");
        key.start_signed_message(-42);
        key.update(b"body");
        assert_eq!(key.finish().bytes(), key.mac(&[b"-42.body"]).bytes());
    }

    #[test]
    fn a_key_gives_the_same_tag_every_time_it_is_reused() {
        let mut key = SigningKey::new(b"whsec_k");
        let first = key.mac(&[b"123.", b"body"]).bytes();
        // A message abandoned half-way does not leak into the next one.
        key.update(b"abandoned");
        assert_eq!(key.mac(&[b"123.body"]).bytes(), first);
        key.update(b"123.bo");
        key.update(b"dy");
        assert_eq!(key.finish().bytes(), first);
    }

    #[test]
    fn equal_tags_match_and_any_difference_does_not() {
        let tag = SigningKey::new(b"k").mac(&[b"m"]);
        let bytes = tag.bytes();
        assert!(tag.matches(&bytes));
        for byte in 0..32 {
            for bit in 0..8 {
                let mut other = bytes;
                other[byte] ^= 1 << bit;
                assert!(!tag.matches(&other));
            }
        }
    }

    #[test]
    fn keys_of_every_length_around_the_block_mac_like_the_hmac_crate() {
        for length in 0..200 {
            let key: Vec<u8> = (0..length).map(|i| (i * 7 + 3) as u8).collect();
            let mut theirs = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&key)
                .expect("HMAC takes keys of any length");
            theirs.update(b"1713268860.payload");
            let theirs: Tag = theirs.finalize().into_bytes().into();
            assert_eq!(
                SigningKey::new(&key)
                    .mac(&[b"1713268860", b".", b"payload"])
                    .bytes(),
                theirs,
                "key of {length} bytes"
            );
        }
    }
}
