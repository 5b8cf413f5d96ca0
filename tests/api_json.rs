//! The client's JSON parser against serde_json: the same texts are JSON for
//! both, values survive a round trip, and no input makes it panic.
#![cfg(all(feature = "client", not(target_arch = "wasm32")))]

use callingbox_webhooks::api::json::{parse, Json};
use proptest::prelude::*;

/// Whether serde_json takes `text` as JSON, leaving out the one place where
/// the two differ on purpose: numbers beyond f64's range, which serde_json
/// refuses and this parser keeps as text (as `JSON.parse` reads them as
/// Infinity).
fn serde_says(text: &str) -> Option<bool> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(_) => Some(true),
        Err(e) if e.to_string().contains("number out of range") => None,
        Err(_) => Some(false),
    }
}

#[test]
fn nesting_is_limited_as_serde_json_limits_it() {
    for depth in [127, 128, 129] {
        let text = "[".repeat(depth) + &"]".repeat(depth);
        assert_eq!(
            Some(parse(&text).is_some()),
            serde_says(&text),
            "depth {depth}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn accepts_exactly_what_serde_json_accepts(text in r#"[\[\]{}",:0-9a-z\\ .eE+\-\t\n]{0,24}"#) {
        if let Some(serde) = serde_says(&text) {
            prop_assert_eq!(parse(&text).is_some(), serde, "{:?}", text);
        }
    }

    #[test]
    fn strings_round_trip(s in any::<String>()) {
        let text = Json::String(s.clone()).to_text();
        prop_assert_eq!(serde_json::from_str::<String>(&text).ok(), Some(s.clone()));
        prop_assert_eq!(parse(&text), Some(Json::String(s)));
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = parse(&text);
    }
}
