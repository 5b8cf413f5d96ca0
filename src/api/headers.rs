//! The caller's extra request headers, checked by the rules `fetch` applies
//! (the Fetch standard's header name and value rules), so that a header
//! `fetch` would refuse is a `ValidationError` before any request rather
//! than a failed request whose outcome nobody knows.

use super::error::ClientError;

/// Whether `name` is an HTTP token (RFC 9110's `tchar`s, at least one).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Why `value` is no header value `fetch` accepts, if it is not: a value is
/// a ByteString (every character at most U+00FF, sent as one byte) without
/// NUL, CR or LF.
fn value_problem(value: &str) -> Option<String> {
    if value.contains(['\r', '\n', '\0']) {
        return Some("may not contain line breaks or NUL".to_owned());
    }
    value.chars().find(|&c| c > '\u{ff}').map(|c| {
        format!(
            "has the character U+{:04X}, and header values may hold only characters up to U+00FF \
             (Latin-1; encode anything else, e.g. with encodeURIComponent)",
            u32::from(c)
        )
    })
}

/// Checks the caller's extra headers. `param` names the option in messages;
/// a message names the header but never shows its value (it may be a
/// token).
pub fn check_headers(headers: &[(String, String)], param: &str) -> Result<(), ClientError> {
    for (name, value) in headers {
        if !is_token(name) {
            return Err(ClientError::validation(
                Some(param),
                format!("{param}: {name:?} is not a valid header name"),
            ));
        }
        if let Some(problem) = value_problem(value) {
            return Err(ClientError::validation(
                Some(param),
                format!("{param}: the value of {name} {problem}"),
            ));
        }
    }
    Ok(())
}
