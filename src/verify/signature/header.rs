//! Parsing one `CallingBox-Signature` header and the checks that need only
//! the header: its clock, and the comparison of a computed MAC with its
//! signatures.

use super::error::{MalformedHeader, VerifyError};
use super::hex::decode_hex32;
use super::mac::{MacTag, SigningKey};
use super::options::VerifyOptions;

/// The name of the HTTP header that carries the signature.
pub const HEADER_NAME: &str = "CallingBox-Signature";

/// Headers longer than this (in bytes) are rejected as malformed.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Headers with more `v1` values than this are rejected as malformed.
pub const MAX_SIGNATURES: usize = 16;

/// A parsed `CallingBox-Signature` header: the timestamp and up to
/// [`MAX_SIGNATURES`] candidate signatures, decoded into fixed-size arrays.
///
/// Splitting [`verify`](super::verify) into [`SignatureHeader::parse`],
/// [`SignatureHeader::check_timestamp`] and [`SignatureHeader::verify_payload`]
/// (or [`SignatureHeader::start_mac`] and [`SignatureHeader::matches`])
/// lets a caller reject a bad header before reading the body.
#[derive(Clone, Debug)]
pub struct SignatureHeader {
    timestamp: i64,
    /// `timestamp` in canonical decimal (what is signed): the header's own
    /// digits without leading zeros, so that they need no formatting.
    digits: [u8; 19],
    digit_count: usize,
    /// The `v1` values, decoded; only those whose bit is set in
    /// `decodable` were 64 lowercase hex digits (the others never match).
    signatures: [[u8; 32]; MAX_SIGNATURES],
    decodable: u16,
    count: usize,
}

impl Default for SignatureHeader {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl SignatureHeader {
    /// A header with no signatures (what [`SignatureHeader::read`] fills).
    pub const EMPTY: Self = Self {
        timestamp: 0,
        digits: [0; 19],
        digit_count: 0,
        signatures: [[0; 32]; MAX_SIGNATURES],
        decodable: 0,
        count: 0,
    };

    /// Parses a header value (see the module documentation for the rules).
    pub fn parse(header: &str) -> Result<Self, VerifyError> {
        let mut parsed = Self::EMPTY;
        parsed.parse_in_place(header)?;
        Ok(parsed)
    }

    /// The checks of one header that need no body, in the SDK's order: a
    /// missing header (`None`, or only whitespace), the parse, the clock.
    /// Fills `self` in place (no copy of the decoded signatures: the wasm
    /// side keeps one header and refills it on every call).
    pub fn read(
        &mut self,
        header: Option<&str>,
        options: &VerifyOptions,
    ) -> Result<(), VerifyError> {
        self.count = 0;
        self.decodable = 0;
        match header {
            Some(header) if !py_strip(header).is_empty() => self.parse_in_place(header)?,
            _ => return Err(VerifyError::MissingHeader),
        }
        self.check_timestamp(options)
    }

    /// [`SignatureHeader::read`] of a header given as bytes that should be
    /// UTF-8 (as the wasm side receives it): the canonical shortcut needs no
    /// UTF-8 check; anything else that is not UTF-8 is a missing header.
    pub fn read_bytes(
        &mut self,
        header: &[u8],
        options: &VerifyOptions,
    ) -> Result<(), VerifyError> {
        if header.len() <= MAX_HEADER_BYTES && self.parse_canonical(header) {
            return self.check_timestamp(options);
        }
        match core::str::from_utf8(header) {
            Ok(text) => self.read(Some(text), options),
            Err(_) => {
                self.count = 0;
                Err(VerifyError::MissingHeader)
            }
        }
    }

    /// [`SignatureHeader::parse`] into `self`. Scans bytes (the separators
    /// are ASCII), so that a header of about 80 bytes parses in well under
    /// the time of one SHA-256 block.
    fn parse_in_place(&mut self, header: &str) -> Result<(), VerifyError> {
        let malformed = |reason| Err(VerifyError::MalformedHeader(reason));
        if header.len() > MAX_HEADER_BYTES {
            return malformed(MalformedHeader::TooLong);
        }
        if self.parse_canonical(header.as_bytes()) {
            return Ok(());
        }
        self.parse_general(header)
    }

    /// The SDK's rules, part by part (see the module documentation).
    fn parse_general(&mut self, header: &str) -> Result<(), VerifyError> {
        let malformed = |reason| Err(VerifyError::MalformedHeader(reason));
        self.count = 0;
        self.decodable = 0;
        let mut timestamp = None;
        let mut rest = header;
        loop {
            // `header.split(',')`, one part per turn.
            let (part, tail) =
                split_once_ascii(rest, b',').map_or((rest, None), |(p, t)| (p, Some(t)));
            let (key, value) = split_once_ascii(part, b'=').unwrap_or((part, ""));
            let (key, value) = (py_strip(key), py_strip(value));
            if key.is_empty() || value.is_empty() {
                return malformed(MalformedHeader::EmptyKeyOrValue);
            }
            // Slice patterns compare bytes inline (no `memcmp` call).
            match key.as_bytes() {
                [b't'] => {
                    if timestamp.is_some() {
                        return malformed(MalformedHeader::DuplicateTimestamp);
                    }
                    match parse_timestamp(value) {
                        Some(t) => {
                            timestamp = Some(t);
                            self.keep_digits(value.as_bytes());
                        }
                        None => return malformed(MalformedHeader::InvalidTimestamp),
                    }
                }
                [b'v', b'1'] => match self.signatures.get_mut(self.count) {
                    Some(slot) => {
                        if decode_hex32(value.as_bytes(), slot) {
                            self.decodable |= 1 << self.count;
                        }
                        self.count += 1;
                    }
                    None => return malformed(MalformedHeader::TooManySignatures),
                },
                _ => {}
            }
            match tail {
                Some(tail) => rest = tail,
                None => break,
            }
        }
        let Some(timestamp) = timestamp else {
            return malformed(MalformedHeader::MissingTimestamp);
        };
        if self.count == 0 {
            return malformed(MalformedHeader::MissingSignature);
        }
        self.timestamp = timestamp;
        Ok(())
    }

    /// The header exactly as CallingBox writes it, `t=<digits>` then one to
    /// [`MAX_SIGNATURES`] `,v1=<64 lowercase hex digits>` and nothing else,
    /// read in one pass; `false` (and `self` to be refilled) for anything
    /// else, which the general parser then reads. What this accepts, the
    /// general parser reads the same way (no whitespace to strip, no other
    /// keys, no repeated `t`), so it is only a shortcut: scanning for
    /// separators and stripping cost more than the hashing of a short body.
    fn parse_canonical(&mut self, bytes: &[u8]) -> bool {
        let Some(rest) = bytes.strip_prefix(b"t=") else {
            return false;
        };
        let digits = rest.iter().position(|&b| b == b',').unwrap_or(rest.len());
        if digits == 0 {
            return false;
        }
        let Some(timestamp) = rest
            .get(..digits)
            .and_then(|d| core::str::from_utf8(d).ok())
            .and_then(parse_timestamp)
        else {
            return false;
        };
        self.keep_digits(rest.get(..digits).unwrap_or_default());
        let mut rest = rest.get(digits..).unwrap_or_default();
        self.count = 0;
        self.decodable = 0;
        while let Some(after) = rest.strip_prefix(b",v1=") {
            let (Some(hex), Some(slot)) = (after.get(..64), self.signatures.get_mut(self.count))
            else {
                return false;
            };
            if !decode_hex32(hex, slot) {
                return false;
            }
            self.decodable |= 1 << self.count;
            self.count += 1;
            rest = after.get(64..).unwrap_or_default();
        }
        self.timestamp = timestamp;
        rest.is_empty() && self.count > 0
    }

    /// Keeps the digits of a `t` that [`parse_timestamp`] accepted, less
    /// leading zeros: at most 19 digits, since it fits an `i64`.
    fn keep_digits(&mut self, digits: &[u8]) {
        let first = digits.iter().position(|&d| d != b'0');
        let canonical = match first {
            Some(first) => digits.get(first..).unwrap_or_default(),
            None => b"0",
        };
        self.digit_count = canonical.len().min(self.digits.len());
        self.digits
            .iter_mut()
            .zip(canonical)
            .for_each(|(slot, digit)| *slot = *digit);
    }

    /// The header's `t` (unix seconds).
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// How many `v1` values the header carries (decodable or not).
    pub fn signature_count(&self) -> usize {
        self.count
    }

    /// Rejects a timestamp further than the tolerance from `options.now`, in
    /// either direction; a tolerance of 0 accepts any timestamp.
    pub fn check_timestamp(&self, options: &VerifyOptions) -> Result<(), VerifyError> {
        if options.tolerance_seconds > 0
            && options.now.abs_diff(self.timestamp) > options.tolerance_seconds
        {
            return Err(VerifyError::TimestampOutOfTolerance {
                timestamp: self.timestamp,
                now: options.now,
                tolerance_seconds: options.tolerance_seconds,
            });
        }
        Ok(())
    }

    /// Restarts `key` on this header's signed message and feeds its
    /// prefix (`<t>.`); the body follows with [`SigningKey::update`], in as
    /// many parts as it comes in.
    pub fn start_mac(&self, key: &mut SigningKey) {
        key.start_message(self.digits.get(..self.digit_count).unwrap_or_default());
    }

    /// Whether `tag` equals any of the header's `v1` values. Every candidate
    /// is compared (no early exit), each in constant time.
    pub fn matches(&self, tag: &MacTag) -> bool {
        let mut matched = false;
        for (index, candidate) in self.signatures.iter().take(self.count).enumerate() {
            // Which candidates decode is public (the header's own text).
            if self.decodable & (1 << index) != 0 {
                matched |= tag.matches(candidate);
            }
        }
        matched
    }

    /// Checks the signatures against `payload` under each secret in turn and
    /// returns the index of the first secret that matches. The MAC is computed
    /// once per secret and compared with every candidate in constant time.
    /// An empty `secrets` list never matches.
    pub fn verify_payload<S: AsRef<str>>(
        &self,
        payload: &[u8],
        secrets: &[S],
    ) -> Result<usize, VerifyError> {
        for (index, secret) in secrets.iter().enumerate() {
            let mut key = SigningKey::new(secret.as_ref().as_bytes());
            self.start_mac(&mut key);
            key.update(payload);
            if self.matches(&key.finish()) {
                return Ok(index);
            }
        }
        Err(VerifyError::NoMatchingSignature)
    }
}

/// Parses `t`: one or more ASCII digits (leading zeros allowed) that fit an
/// `i64`.
fn parse_timestamp(value: &str) -> Option<i64> {
    value.bytes().try_fold(0i64, |acc, byte| {
        if !byte.is_ascii_digit() {
            return None;
        }
        let digit = i64::from(byte - b'0');
        // `acc * 10 + digit` overflows exactly when this holds; comparing
        // with constants avoids `checked_mul`, which wasm32 lowers to a
        // 128-bit multiplication (`__multi3`) per digit.
        if acc > i64::MAX / 10 || (acc == i64::MAX / 10 && digit > i64::MAX % 10) {
            return None;
        }
        Some(acc * 10 + digit)
    })
}

/// `s.split_once(char::from(byte))` for an ASCII `byte`, searching bytes
/// rather than chars: the wasm build then needs no `char` searcher.
fn split_once_ascii(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == byte)?;
    let (head, tail) = s.split_at_checked(at)?;
    Some((head, tail.get(1..)?))
}

/// Whether Python's `str.isspace()` is true for `c`: Unicode `White_Space`
/// plus the information separators U+001C..U+001F.
///
/// Spelled out rather than `char::is_whitespace`, whose Unicode table lookup
/// was most of `py_strip`'s 0.7 KB of wasm; `White_Space` is these 25 code
/// points (a test compares the two over every `char`).
fn is_python_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..=' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python's `str.strip()` without arguments. ASCII first, byte by byte
/// (real headers hold nothing else); the rare non-ASCII whitespace, which
/// always starts with a byte of 0x80 or more, through the `char` check.
pub(super) fn py_strip(s: &str) -> &str {
    let ascii_space = |byte: &u8| matches!(byte, b'\t'..=b'\r' | 0x1c..=b' ');
    let bytes = s.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !ascii_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !ascii_space(b))
        .map_or(start, |last| last + 1);
    // Cut at ASCII bytes: always character boundaries.
    let trimmed = s.get(start..end.max(start)).unwrap_or_default();
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        (Some(&first), Some(&last)) if first >= 0x80 || last >= 0x80 => {
            trimmed.trim_matches(is_python_space)
        }
        _ => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_once_ascii_is_split_once() {
        for s in [
            "",
            ",",
            "a,b",
            ",a",
            "a,",
            "é,ü,",
            "東京,=,",
            "no separator",
            "=,==",
        ] {
            for byte in [b',', b'='] {
                assert_eq!(
                    split_once_ascii(s, byte),
                    s.split_once(char::from(byte)),
                    "{s}"
                );
            }
        }
    }

    #[test]
    fn python_whitespace_is_exactly_rust_whitespace_plus_the_separators() {
        // From CPython 3.11: [c for c in range(0x110000) if chr(c).isspace()].
        let python: Vec<u32> = vec![
            0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000,
            0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
            0x2029, 0x202f, 0x205f, 0x3000,
        ];
        let ours: Vec<u32> = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_python_space(c))
            .map(u32::from)
            .collect();
        assert_eq!(ours, python);
    }

    #[test]
    fn the_ascii_first_strip_is_pythons_strip() {
        let spaces = [
            "", " ", "\t", "\r\n", "\u{1c}", "\u{1f}", "\u{85}", "\u{a0}", "\u{3000}", "\u{2028}",
        ];
        let cores = ["", "x", "v1", "é", "\u{a0}x\u{a0}", "a b", "\u{80}", "東"];
        for left in spaces {
            for core in cores {
                for right in spaces {
                    let text = format!("{left}{right}{core}{left}{right}");
                    assert_eq!(
                        py_strip(&text),
                        text.trim_matches(is_python_space),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_canonical_shortcut_reads_what_the_general_parser_reads() {
        let sig = |i: usize| format!("{:064x}", (i as u128 + 1) * 0x0123_4567_89ab_cdef_u128);
        let mut headers = vec![];
        for count in 1..=MAX_SIGNATURES {
            for t in ["0", "0001713268860", "1713268860", "9223372036854775807"] {
                let v1s: String = (0..count).map(|i| format!(",v1={}", sig(i))).collect();
                headers.push(format!("t={t}{v1s}"));
            }
        }
        for header in &headers {
            let (mut fast, mut general) = (SignatureHeader::EMPTY, SignatureHeader::EMPTY);
            assert!(fast.parse_canonical(header.as_bytes()), "{header}");
            assert_eq!(general.parse_general(header), Ok(()));
            assert_eq!(
                (fast.timestamp, fast.count, fast.decodable, fast.signatures),
                (
                    general.timestamp,
                    general.count,
                    general.decodable,
                    general.signatures
                ),
                "{header}"
            );
        }
        // Anything else is left to the general parser.
        let v1 = sig(0);
        for other in [
            format!("t=,v1={v1}"),
            format!("t=1, v1={v1}"),
            format!("t=1,v1={v1},"),
            format!("t=1,v1={v1}0"),
            format!("t=1,v1={}", v1.to_uppercase()),
            format!("v1={v1},t=1"),
            format!("t=1,v0=x,v1={v1}"),
            format!("t=+1,v1={v1}"),
            format!("t=1{}", format!(",v1={v1}").repeat(MAX_SIGNATURES + 1)),
            "t=1".to_owned(),
        ] {
            assert!(
                !SignatureHeader::EMPTY
                    .clone()
                    .parse_canonical(other.as_bytes()),
                "{other}"
            );
        }
    }
}
