//! Scrubbing secrets out of text that did not come from the client itself
//! (error bodies, runtime error messages, headers) before it reaches a
//! message.
//!
//! What counts as a secret: every string the caller handed in as one (the
//! API key), and any token shaped like an API key (`sk_` followed by key
//! characters, such as `sk_live_4eC39Hq`) or a signing secret (`whsec_...`).
//! A bare prefix (`sk_`, or `sk_live_` followed by `...`, as in the client's
//! own hint "API keys look like sk_live_...") is not a key and stays readable.

/// `text` with every secret replaced by `[redacted]`: each of `known` (at
/// least 4 characters long) wherever it occurs, and every key- or
/// secret-shaped token (its prefix kept: `sk_[redacted]`).
pub fn redact(text: &str, known: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in known {
        if secret.len() >= 4 {
            out = replace_all(&out, secret, "[redacted]");
        }
    }
    for prefix in ["sk_", "whsec_"] {
        out = redact_prefixed(&out, prefix);
    }
    out
}

/// Where `needle` first occurs in `text`: a plain scan, which is all these
/// short texts need (`str::find` brings a two-way searcher with it).
fn find(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle)
}

/// `text` with every `needle` replaced by `with`.
fn replace_all(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = find(rest, needle) {
        // `needle` is a whole string, so both ends are char boundaries.
        out.push_str(rest.get(..pos).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(pos + needle.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Whether `tail` (the token characters after `sk_` or `whsec_`) makes a
/// real key or secret: it has a letter or digit once the mode segment of a
/// key (`live_`, `test_`) is set aside. `sk_live_` alone is a prefix, as in
/// "API keys look like sk_live_...".
fn is_secret_tail(tail: &str) -> bool {
    let rest = ["live_", "test_"]
        .iter()
        .find_map(|mode| tail.strip_prefix(mode))
        .unwrap_or(tail);
    rest.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Replaces the rest of each secret-shaped token that starts with `prefix`
/// at a word start.
fn redact_prefixed(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(pos) = find(rest, prefix) {
        let before = rest[..pos].chars().next_back().or(prev);
        let at_word_start = before.is_none_or(|c| !is_token_char(c));
        let after = &rest[pos + prefix.len()..];
        let tail_len = after
            .find(|c: char| !is_token_char(c))
            .unwrap_or(after.len());
        out.push_str(&rest[..pos + prefix.len()]);
        if at_word_start && is_secret_tail(&after[..tail_len]) {
            out.push_str("[redacted]");
            rest = &after[tail_len..];
            prev = Some('x');
        } else {
            rest = after;
            prev = prefix.chars().next_back();
        }
    }
    out.push_str(rest);
    out
}
