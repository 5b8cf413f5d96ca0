//! Signing, as CallingBox does it: `t=<timestamp>,v1=<64 lowercase hex>`.

use alloc::string::String;

use super::decimal::format_decimal;
use super::mac::{MacTag, SigningKey};

/// The longest header [`SignedHeader`] holds: `t=`, an `i64`, `,v1=`, 64
/// hex digits.
const SIGNED_HEADER_CAPACITY: usize = 2 + 20 + 4 + 64;

/// A `CallingBox-Signature` value made by signing, held in a fixed buffer
/// (no allocation: the wasm side copies it straight out).
pub struct SignedHeader {
    bytes: [u8; SIGNED_HEADER_CAPACITY],
    len: usize,
}

impl SignedHeader {
    /// The header for `tag`, the MAC of `<timestamp>.<body>`.
    pub fn new(timestamp: i64, tag: &MacTag) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [0u8; 20];
        let t = format_decimal(timestamp, &mut digits);
        let mut hex = [0u8; 64];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(tag.bytes().iter()) {
            for (slot, nibble) in pair.iter_mut().zip([byte >> 4, byte & 0x0f]) {
                *slot = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
            }
        }
        // Assembled in a fixed buffer rather than pushed char by char into a
        // `String`, whose growth checks were inlined once per push.
        let mut header = Self {
            bytes: [0; SIGNED_HEADER_CAPACITY],
            len: 0,
        };
        for piece in [b"t=".as_slice(), t, b",v1=", &hex] {
            if let Some(slot) = header.bytes.get_mut(header.len..header.len + piece.len()) {
                slot.copy_from_slice(piece);
                header.len += piece.len();
            }
        }
        header
    }

    /// The header's bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    /// The header as text.
    pub fn as_str(&self) -> &str {
        // All ASCII, so never the empty fallback.
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Signs `payload` as CallingBox does and returns the header value
/// `t=<timestamp>,v1=<64 lowercase hex digits>`.
///
/// `timestamp` should be non-negative unix seconds: [`verify`](super::verify)
/// rejects a negative `t` as malformed.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let mut key = SigningKey::new(secret.as_bytes());
    key.start_signed_message(timestamp);
    key.update(payload);
    String::from(SignedHeader::new(timestamp, &key.finish()).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mac_matches_python_hmac() {
        // python3 -c 'import hmac, hashlib; print(hmac.new(b"whsec_test_secret",
        //   b"1713268860." + BODY, hashlib.sha256).hexdigest())'
        assert_eq!(
            sign(
                br#"{"id":"evt_1","type":"call.completed"}"#,
                "whsec_test_secret",
                1_713_268_860
            ),
            "t=1713268860,v1=f83cc52c7bd760f9bd8e3852381f2c4be561909545fc1dc88086191aaaa5ebdf"
        );
    }

    #[test]
    fn the_longest_timestamps_fit_the_header() {
        let tag = SigningKey::new(b"k").mac(&[b"m"]);
        for timestamp in [i64::MIN, i64::MAX] {
            let header = SignedHeader::new(timestamp, &tag);
            assert_eq!(
                header.as_str().len(),
                2 + 4 + 64 + timestamp.to_string().len()
            );
            assert!(header.as_str().starts_with(&format!("t={timestamp},v1=")));
        }
    }
}
