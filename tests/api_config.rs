//! Client settings: defaults, environment, the browser guard and the
//! checks made before any request.
#![cfg(feature = "client")]

use callingbox_webhooks::api::config::{
    CallSettings, ClientConfig, ClientSettings, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT_MS,
};
use callingbox_webhooks::api::error::ErrorKind;

const KEY: &str = "sk_test_0123456789abcdef";

fn with_key() -> ClientSettings {
    ClientSettings {
        api_key: Some(KEY.to_owned()),
        ..ClientSettings::default()
    }
}

fn refused(settings: ClientSettings) -> (Option<String>, String) {
    let e = ClientConfig::new(settings).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert!(!e.message.contains(KEY), "{}", e.message);
    (e.param, e.message)
}

#[test]
fn defaults_are_the_documented_ones() {
    let config = ClientConfig::new(with_key()).unwrap();
    assert_eq!(config.base_url(), DEFAULT_BASE_URL);
    assert_eq!(config.base_url(), "https://api.callingbox.io");
    assert_eq!(config.timeout_ms(), DEFAULT_TIMEOUT_MS);
    assert_eq!(config.timeout_ms(), 30_000);
    assert_eq!(config.max_retries(), DEFAULT_MAX_RETRIES);
    assert_eq!(config.max_retries(), 2);
    assert_eq!(config.api_key(), Some(KEY));
}

#[test]
fn the_environment_fills_in_what_the_options_leave_out() {
    let config = ClientConfig::new(ClientSettings {
        env_api_key: Some("sk_test_from_env".to_owned()),
        env_base_url: Some("http://127.0.0.1:4010".to_owned()),
        ..ClientSettings::default()
    })
    .unwrap();
    assert_eq!(config.api_key(), Some("sk_test_from_env"));
    assert_eq!(config.base_url(), "http://127.0.0.1:4010");
}

#[test]
fn options_win_over_the_environment() {
    let config = ClientConfig::new(ClientSettings {
        api_key: Some(KEY.to_owned()),
        base_url: Some("https://proxy.example.com".to_owned()),
        env_api_key: Some("sk_test_from_env".to_owned()),
        env_base_url: Some("http://127.0.0.1:4010".to_owned()),
        ..ClientSettings::default()
    })
    .unwrap();
    assert_eq!(config.api_key(), Some(KEY));
    assert_eq!(config.base_url(), "https://proxy.example.com");
}

#[test]
fn an_empty_environment_variable_counts_as_unset() {
    let (param, _) = refused(ClientSettings {
        env_api_key: Some(String::new()),
        ..ClientSettings::default()
    });
    assert_eq!(param.as_deref(), Some("apiKey"));
}

#[test]
fn a_missing_key_for_the_callingbox_api_is_refused_before_any_request() {
    let (param, message) = refused(ClientSettings::default());
    assert_eq!(param.as_deref(), Some("apiKey"));
    assert!(message.contains("CALLINGBOX_API_KEY"), "{message}");
    let (_, message) = refused(ClientSettings {
        base_url: Some("https://eu.api.callingbox.io".to_owned()),
        ..ClientSettings::default()
    });
    assert!(message.contains("apiKey"), "{message}");
}

#[test]
fn a_missing_key_is_fine_for_a_proxy_base_url() {
    for base in [
        "https://my-backend.example.com/callingbox",
        "http://127.0.0.1:4010",
        "/api/callingbox",
    ] {
        let config = ClientConfig::new(ClientSettings {
            base_url: Some(base.to_owned()),
            ..ClientSettings::default()
        });
        assert_eq!(config.unwrap().api_key(), None, "{base}");
    }
}

#[test]
fn a_secret_key_in_a_browser_is_refused_with_the_proxy_pattern_explained() {
    let (param, message) = refused(ClientSettings {
        in_browser: true,
        ..with_key()
    });
    assert_eq!(param.as_deref(), Some("apiKey"));
    assert!(message.contains("baseUrl"), "{message}");
    assert!(message.contains("backend"), "{message}");
    assert!(message.contains("dangerouslyAllowBrowser"), "{message}");
}

#[test]
fn a_secret_key_in_a_browser_is_allowed_when_dangerously_allowed() {
    let settings = ClientSettings {
        in_browser: true,
        dangerously_allow_browser: true,
        ..with_key()
    };
    assert!(ClientConfig::new(settings).is_ok());
}

#[test]
fn a_browser_without_a_key_must_point_at_a_proxy() {
    let (_, message) = refused(ClientSettings {
        in_browser: true,
        ..ClientSettings::default()
    });
    assert!(message.contains("backend"), "{message}");
    let proxy = ClientSettings {
        in_browser: true,
        base_url: Some("/api/callingbox".to_owned()),
        ..ClientSettings::default()
    };
    assert!(ClientConfig::new(proxy).is_ok());
}

#[test]
fn a_key_from_the_environment_also_meets_the_browser_guard() {
    let settings = ClientSettings {
        env_api_key: Some(KEY.to_owned()),
        in_browser: true,
        ..ClientSettings::default()
    };
    refused(settings);
}

#[test]
fn a_malformed_key_is_refused_without_echoing_it() {
    for key in ["", "sk_test_abc def", "sk_test_abc\n", "sk_test_é"] {
        let e = ClientConfig::new(ClientSettings {
            api_key: Some(key.to_owned()),
            ..ClientSettings::default()
        })
        .unwrap_err();
        assert_eq!(e.param.as_deref(), Some("apiKey"));
        if !key.is_empty() {
            assert!(!e.message.contains(key.trim()), "{}", e.message);
        }
    }
}

#[test]
fn a_live_key_is_never_sent_over_plain_http_to_another_host() {
    let live = "sk_live_0123456789";
    let settings = ClientSettings {
        api_key: Some(live.to_owned()),
        base_url: Some("http://proxy.example.com".to_owned()),
        ..ClientSettings::default()
    };
    let e = ClientConfig::new(settings).unwrap_err();
    assert_eq!(e.param.as_deref(), Some("baseUrl"));
    assert!(!e.message.contains(live));
    let local = ClientSettings {
        api_key: Some(live.to_owned()),
        base_url: Some("http://localhost:4010".to_owned()),
        ..ClientSettings::default()
    };
    assert!(ClientConfig::new(local).is_ok());
}

#[test]
fn malformed_base_urls_are_refused() {
    for base in [
        "api.callingbox.io",
        "ftp://x",
        "https://",
        "https://a b",
        "//evil.com",
        "https://a.com/?q",
        "https://a.com#f",
    ] {
        let (param, _) = refused(ClientSettings {
            base_url: Some(base.to_owned()),
            ..with_key()
        });
        assert_eq!(param.as_deref(), Some("baseUrl"), "{base}");
    }
}

#[test]
fn timeouts_and_retries_are_checked() {
    for (timeout, retries, param) in [
        (Some(0.0), None, "timeoutMs"),
        (Some(-5.0), None, "timeoutMs"),
        (Some(f64::NAN), None, "timeoutMs"),
        (Some(f64::INFINITY), None, "timeoutMs"),
        (Some(3e9), None, "timeoutMs"),
        (None, Some(-1.0), "maxRetries"),
        (None, Some(1.5), "maxRetries"),
        (None, Some(11.0), "maxRetries"),
    ] {
        let (p, _) = refused(ClientSettings {
            timeout_ms: timeout,
            max_retries: retries,
            ..with_key()
        });
        assert_eq!(p.as_deref(), Some(param));
    }
    let config = ClientConfig::new(ClientSettings {
        timeout_ms: Some(250.2),
        max_retries: Some(0.0),
        ..with_key()
    });
    let config = config.unwrap();
    assert_eq!((config.timeout_ms(), config.max_retries()), (251, 0));
}

#[test]
fn per_call_settings_override_the_clients() {
    let config = ClientConfig::new(ClientSettings {
        timeout_ms: Some(1000.0),
        ..with_key()
    })
    .unwrap();
    let call = config
        .call(CallSettings {
            max_retries: Some(5.0),
            ..CallSettings::default()
        })
        .unwrap();
    assert_eq!((call.timeout_ms, call.max_retries), (1000, 5));
    let e = config
        .call(CallSettings {
            timeout_ms: Some(-1.0),
            ..CallSettings::default()
        })
        .unwrap_err();
    assert_eq!(e.param.as_deref(), Some("timeoutMs"));
}

#[test]
fn header_names_and_values_are_checked() {
    let bad_name = ClientSettings {
        headers: vec![("X Bad".to_owned(), "v".to_owned())],
        ..with_key()
    };
    assert_eq!(refused(bad_name).0.as_deref(), Some("headers"));
    let bad_value = ClientSettings {
        headers: vec![("X-Ok".to_owned(), "a\r\nInjected: 1".to_owned())],
        ..with_key()
    };
    assert_eq!(refused(bad_value).0.as_deref(), Some("headers"));
}

#[test]
fn a_config_debug_print_hides_the_key() {
    let config = ClientConfig::new(with_key()).unwrap();
    let printed = format!("{config:?}");
    assert!(!printed.contains(KEY), "{printed}");
}

#[test]
fn header_values_that_fetch_refuses_fail_before_any_request() {
    for value in [
        "✓",
        "caf\u{e9} \u{2713}",
        "tab\tok then \u{0}",
        "line\nbreak",
        "emoji 😀",
    ] {
        let settings = ClientSettings {
            headers: vec![("X-Tag".to_owned(), value.to_owned())],
            ..with_key()
        };
        let (param, message) = refused(settings);
        assert_eq!(param.as_deref(), Some("headers"), "{value:?}");
        assert!(message.contains("X-Tag"), "{message}");
        assert!(
            !message.contains(value),
            "the value is not echoed: {message}"
        );
    }
    for value in ["caf\u{e9}", "a\tb", "", " spaced "] {
        let settings = ClientSettings {
            headers: vec![("X-Tag".to_owned(), value.to_owned())],
            ..with_key()
        };
        assert!(
            ClientConfig::new(settings).is_ok(),
            "{value:?} is a ByteString"
        );
    }
    let per_call = ClientConfig::new(with_key())
        .unwrap()
        .call(CallSettings {
            headers: vec![("X-Tag".to_owned(), "✓".to_owned())],
            ..CallSettings::default()
        })
        .unwrap_err();
    assert_eq!(per_call.param.as_deref(), Some("headers"));
}
