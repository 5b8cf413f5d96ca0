//! Fuzzes the check of the caller's extra request headers against a model
//! of the Fetch standard's rules: a name is an HTTP token; a value is a
//! ByteString (every character at most U+00FF) without NUL, CR or LF. The
//! check never panics, agrees with the model, and never echoes a refused
//! value in its message.
#![no_main]

use callingbox_webhooks::api::headers::check_headers;
use libfuzzer_sys::fuzz_target;

fn token(name: &str) -> bool {
    const TCHAR: &str = "!#$%&'*+-.^_`|~";
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || TCHAR.contains(c))
}

fn byte_string_value(value: &str) -> bool {
    value.chars().all(|c| u32::from(c) <= 0xff && !matches!(c, '\0' | '\r' | '\n'))
}

fuzz_target!(|input: (String, String)| {
    let (name, value) = input;
    let expected = token(&name) && byte_string_value(&value);
    let result = check_headers(&[(name.clone(), value.clone())], "headers");
    assert_eq!(result.is_ok(), expected, "{name:?}: {value:?}");
    if let Err(error) = result {
        assert_eq!(error.param.as_deref(), Some("headers"));
        // A message about the value names the header, never the value.
        if token(&name) && value.chars().count() >= 4 && !name.contains(&value) {
            assert!(!error.message.contains(&value), "the value is echoed: {}", error.message);
        }
    }
});
