//! Base URLs and webhook URLs are judged on what a WHATWG parser (the one
//! `fetch` uses; natively the `url` crate) finds in them, so the host a
//! check approves is the host a request goes to.
#![cfg(all(feature = "client", not(target_arch = "wasm32")))]

use callingbox_webhooks::api::config::{ClientConfig, ClientSettings};
use callingbox_webhooks::api::error::ErrorKind;
use callingbox_webhooks::api::operation::Operation;
use callingbox_webhooks::api::request;
use callingbox_webhooks::api::url::{
    check_base_url, check_webhook_url, is_bad_port, parse_natively, BaseUrl,
};

const LIVE_KEY: &str = "sk_live_0123456789abcdef";

fn config(key: &str, base_url: &str) -> Result<ClientConfig, (Option<String>, String)> {
    ClientConfig::new(ClientSettings {
        api_key: Some(key.to_owned()),
        base_url: Some(base_url.to_owned()),
        ..ClientSettings::default()
    })
    .map_err(|e| {
        assert_eq!(e.kind, ErrorKind::Validation);
        (e.param, e.message)
    })
}

#[test]
fn a_backslash_webhook_url_to_a_remote_host_does_not_pass_for_localhost() {
    // fetch reads this as host evil.example (the backslash is a slash); a
    // split at the last @ reads localhost.
    let e = check_webhook_url(r"http://evil.example\@localhost/hook", parse_natively).unwrap_err();
    assert_eq!(e.param.as_deref(), Some("url"));
    assert!(e.message.contains("backslash"), "{}", e.message);
    // With https the host is fine for the check, but parsers still disagree
    // on it, so it is refused too.
    assert!(check_webhook_url(r"https://good.example\@evil.example/", parse_natively).is_err());
}

#[test]
fn a_live_key_never_goes_over_plain_http_to_a_host_hidden_behind_a_backslash() {
    let (param, message) = config(LIVE_KEY, r"http://evil.example\@localhost").unwrap_err();
    assert_eq!(param.as_deref(), Some("baseUrl"));
    assert!(message.contains("backslash"), "{message}");
    assert!(!message.contains(LIVE_KEY));
}

#[test]
fn a_same_origin_path_that_leaves_the_origin_is_refused() {
    for base in [r"/\evil.example/api", "//evil.example/api", r"/api\..\x"] {
        let (param, _) = config("sk_test_x", base).unwrap_err();
        assert_eq!(param.as_deref(), Some("baseUrl"), "{base}");
    }
    assert_eq!(
        check_base_url("/api/callingbox/", parse_natively).unwrap(),
        (BaseUrl::SameOriginPath, "/api/callingbox".to_owned())
    );
}

#[test]
fn a_host_that_does_not_follow_the_double_slash_is_refused() {
    // WHATWG finds host "path" in each of these; RFC 3986 parsers find none.
    for url in [
        "https:///path",
        "https:path",
        "https:/path",
        "http:localhost",
    ] {
        assert!(check_webhook_url(url, parse_natively).is_err(), "{url}");
        assert!(config("sk_test_x", url).is_err(), "{url}");
    }
}

#[test]
fn loopback_spellings_that_fetch_reads_as_this_machine_pass_as_local() {
    for url in [
        "http://127.1/hook",
        "http://0x7f.0.0.1/hook",
        "http://[0:0::1]:8080/hook",
        "http://LOCALHOST:3000/",
        "http://%6c%6fcalhost/",
    ] {
        assert!(check_webhook_url(url, parse_natively).is_ok(), "{url}");
    }
    for url in [
        "http://127.0.0.2/",
        "http://localhost./",
        "http://localhost.evil.example/",
    ] {
        assert!(check_webhook_url(url, parse_natively).is_err(), "{url}");
    }
}

#[test]
fn requests_go_to_the_base_url_as_the_parser_serializes_it() {
    let config = config("sk_test_x", "HTTPS://API.Example.COM:443/Proxy/").unwrap();
    assert_eq!(config.base_url(), "https://api.example.com/Proxy");
    let req = request::build(&config, &[], &Operation::list_endpoints());
    assert_eq!(
        req.url,
        "https://api.example.com/Proxy/v1/webhook_endpoints"
    );
    let idn = self::config("sk_test_x", "https://bücher.example").unwrap();
    assert_eq!(idn.base_url(), "https://xn--bcher-kva.example");
}

#[test]
fn base_urls_with_credentials_or_a_port_fetch_refuses_fail_before_any_request() {
    let (param, message) = config("sk_test_x", "https://user:pw@api.example.com").unwrap_err();
    assert_eq!(param.as_deref(), Some("baseUrl"));
    assert!(message.contains("user name or password"), "{message}");
    assert!(!message.contains("pw"), "{message}");
    for port in [6000, 10080, 1, 22, 6697] {
        let (param, message) =
            config("sk_test_x", &format!("http://localhost:{port}")).unwrap_err();
        assert_eq!(param.as_deref(), Some("baseUrl"));
        assert!(message.contains(&format!("port {port}")), "{message}");
    }
    assert!(config("sk_test_x", "http://localhost:4010").is_ok());
    assert!(config("sk_test_x", "https://api.example.com:443").is_ok());
}

#[test]
fn the_bad_port_list_is_the_fetch_standards() {
    let bad: Vec<u16> = (0..=u16::MAX).filter(|&p| is_bad_port(p)).collect();
    assert_eq!(bad.len(), 82);
    assert_eq!(
        (bad[0], bad[bad.len() - 1]),
        (1, 10080),
        "first and last of the list"
    );
    assert!(!is_bad_port(0) && !is_bad_port(80) && !is_bad_port(443) && !is_bad_port(8080));
}
