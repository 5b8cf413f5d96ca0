//! Request building and parameter checks of the API client core.
#![cfg(feature = "client")]

use callingbox_webhooks::api::config::{ClientConfig, ClientSettings};
use callingbox_webhooks::api::error::ErrorKind;
use callingbox_webhooks::api::operation::{Method, Operation};
use callingbox_webhooks::api::request;
use callingbox_webhooks::api::url::{check_webhook_url, parse_natively};

const KEY: &str = "sk_test_0123456789abcdef";

fn client(base_url: Option<&str>) -> ClientConfig {
    ClientConfig::new(ClientSettings {
        api_key: Some(KEY.to_owned()),
        base_url: base_url.map(str::to_owned),
        ..ClientSettings::default()
    })
    .unwrap()
}

fn header<'a>(req: &'a request::HttpRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_seed_curl_example_becomes_exactly_the_same_request() {
    let op = Operation::create_endpoint(
        r#"{"url":"https://your-server.com/callingbox-webhook","description":"<string>","enabled_events":["call.completed"]}"#,
        parse_natively,
    )
    .unwrap();
    let req = request::build(&client(None), &[], &op);
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://api.callingbox.io/v1/webhook_endpoints");
    assert_eq!(
        req.headers,
        vec![
            ("Authorization".to_owned(), format!("Bearer {KEY}")),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ]
    );
    assert_eq!(
        req.body.as_deref(),
        Some(
            r#"{"url":"https://your-server.com/callingbox-webhook","description":"<string>","enabled_events":["call.completed"]}"#
        )
    );
}

#[test]
fn create_sends_only_the_parameters_given() {
    let op = Operation::create_endpoint(r#"{"url":"https://example.com/hook"}"#, parse_natively)
        .unwrap();
    assert_eq!(
        op.body().as_deref(),
        Some(r#"{"url":"https://example.com/hook"}"#)
    );
    let op = Operation::create_endpoint(
        r#"{"url":"https://example.com/hook","description":null}"#,
        parse_natively,
    )
    .unwrap();
    assert_eq!(
        op.body().as_deref(),
        Some(r#"{"url":"https://example.com/hook"}"#)
    );
}

#[test]
fn every_route_has_its_documented_method_and_path() {
    let cases = [
        (
            Operation::list_endpoints(),
            Method::Get,
            "/v1/webhook_endpoints",
        ),
        (
            Operation::retrieve_endpoint("ep_1").unwrap(),
            Method::Get,
            "/v1/webhook_endpoints/ep_1",
        ),
        (
            Operation::update_endpoint("ep_1", "{}", parse_natively).unwrap(),
            Method::Patch,
            "/v1/webhook_endpoints/ep_1",
        ),
        (
            Operation::delete_endpoint("ep_1").unwrap(),
            Method::Delete,
            "/v1/webhook_endpoints/ep_1",
        ),
        (
            Operation::rotate_secret("ep_1").unwrap(),
            Method::Post,
            "/v1/webhook_endpoints/ep_1/rotate_secret",
        ),
        (
            Operation::list_deliveries("null").unwrap(),
            Method::Get,
            "/v1/webhook_deliveries",
        ),
        (
            Operation::retrieve_delivery("d_1").unwrap(),
            Method::Get,
            "/v1/webhook_deliveries/d_1",
        ),
        (
            Operation::redeliver("d_1").unwrap(),
            Method::Post,
            "/v1/webhook_deliveries/d_1/redeliver",
        ),
    ];
    for (op, method, path) in cases {
        assert_eq!(op.method(), method, "{op:?}");
        assert_eq!(op.path(), path, "{op:?}");
    }
}

#[test]
fn only_create_rotate_and_redeliver_are_not_idempotent() {
    let create =
        Operation::create_endpoint(r#"{"url":"https://a.example"}"#, parse_natively).unwrap();
    assert!(!create.is_idempotent());
    assert!(!Operation::rotate_secret("x").unwrap().is_idempotent());
    assert!(!Operation::redeliver("x").unwrap().is_idempotent());
    assert!(Operation::list_endpoints().is_idempotent());
    assert!(Operation::update_endpoint("x", "{}", parse_natively)
        .unwrap()
        .is_idempotent());
    assert!(Operation::delete_endpoint("x").unwrap().is_idempotent());
}

#[test]
fn requests_without_a_body_carry_no_content_type() {
    let req = request::build(&client(None), &[], &Operation::list_endpoints());
    assert_eq!(req.body, None);
    assert_eq!(header(&req, "content-type"), None);
    assert_eq!(
        header(&req, "authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[test]
fn the_base_url_loses_its_trailing_slash_and_keeps_its_path() {
    let req = request::build(
        &client(Some("https://proxy.example.com/api/callingbox/")),
        &[],
        &Operation::list_endpoints(),
    );
    assert_eq!(
        req.url,
        "https://proxy.example.com/api/callingbox/v1/webhook_endpoints"
    );
}

#[test]
fn a_proxy_client_without_a_key_sends_no_authorization_header() {
    let config = ClientConfig::new(ClientSettings {
        base_url: Some("/api/callingbox".to_owned()),
        in_browser: true,
        ..ClientSettings::default()
    })
    .unwrap();
    let req = request::build(&config, &[], &Operation::list_endpoints());
    assert_eq!(req.url, "/api/callingbox/v1/webhook_endpoints");
    assert!(req.headers.is_empty(), "{:?}", req.headers);
}

#[test]
fn extra_headers_are_sent_but_the_key_and_content_type_win() {
    let config = ClientConfig::new(ClientSettings {
        api_key: Some(KEY.to_owned()),
        headers: vec![
            ("X-Team".to_owned(), "a".to_owned()),
            ("authorization".to_owned(), "Bearer other".to_owned()),
        ],
        ..ClientSettings::default()
    })
    .unwrap();
    let op = Operation::create_endpoint(r#"{"url":"https://a.example"}"#, parse_natively).unwrap();
    let call_headers = vec![
        ("x-team".to_owned(), "b".to_owned()),
        ("Content-Type".to_owned(), "text/plain".to_owned()),
    ];
    let req = request::build(&config, &call_headers, &op);
    assert_eq!(header(&req, "x-team"), Some("b"));
    assert_eq!(
        header(&req, "authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(req.headers.len(), 3, "{:?}", req.headers);
}

#[test]
fn ids_are_percent_encoded_into_one_path_segment() {
    let op = Operation::retrieve_endpoint("a/b?c#d e").unwrap();
    assert_eq!(op.path(), "/v1/webhook_endpoints/a%2Fb%3Fc%23d%20e");
}

#[test]
fn empty_and_dot_ids_are_refused_before_any_request() {
    for id in ["", "   ", ".", ".."] {
        for result in [
            Operation::retrieve_endpoint(id),
            Operation::delete_endpoint(id),
            Operation::rotate_secret(id),
            Operation::update_endpoint(id, "{}", parse_natively),
            Operation::retrieve_delivery(id),
            Operation::redeliver(id),
        ] {
            let e = result.unwrap_err();
            assert_eq!(e.kind, ErrorKind::Validation);
            assert_eq!(e.param.as_deref(), Some("id"));
        }
    }
}

#[test]
fn list_deliveries_puts_its_filters_in_the_query() {
    let op = Operation::list_deliveries(
        r#"{"endpoint_id":"ep 1","call_id":"c1","status":"exhausted","limit":200}"#,
    )
    .unwrap();
    assert_eq!(
        op.path(),
        "/v1/webhook_deliveries?endpoint_id=ep%201&call_id=c1&status=exhausted&limit=200"
    );
    assert_eq!(op.body(), None);
}

#[test]
fn a_limit_outside_one_to_two_hundred_is_refused() {
    for bad in ["0", "201", "1.5", "-1", "\"10\""] {
        let e = Operation::list_deliveries(&format!(r#"{{"limit":{bad}}}"#)).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("limit"), "{bad}");
    }
    assert!(Operation::list_deliveries(r#"{"limit":1}"#).is_ok());
}

#[test]
fn an_unknown_delivery_status_is_refused() {
    let e = Operation::list_deliveries(r#"{"status":"failed"}"#).unwrap_err();
    assert_eq!(e.param.as_deref(), Some("status"));
}

#[test]
fn update_sends_null_to_clear_the_description_and_omits_what_is_not_given() {
    let op = Operation::update_endpoint("ep_1", r#"{"description":null}"#, parse_natively).unwrap();
    assert_eq!(op.body().as_deref(), Some(r#"{"description":null}"#));
    let op = Operation::update_endpoint(
        "ep_1",
        r#"{"status":"disabled","enabled_events":["*"]}"#,
        parse_natively,
    )
    .unwrap();
    assert_eq!(
        op.body().as_deref(),
        Some(r#"{"enabled_events":["*"],"status":"disabled"}"#)
    );
    let op = Operation::update_endpoint("ep_1", "{}", parse_natively).unwrap();
    assert_eq!(op.body().as_deref(), Some("{}"));
}

#[test]
fn update_refuses_a_status_other_than_enabled_or_disabled() {
    let e =
        Operation::update_endpoint("ep_1", r#"{"status":"paused"}"#, parse_natively).unwrap_err();
    assert_eq!(e.param.as_deref(), Some("status"));
}

#[test]
fn an_unknown_event_type_is_refused_before_any_request() {
    let e = Operation::create_endpoint(
        r#"{"url":"https://a.example","enabled_events":["call.exploded"]}"#,
        parse_natively,
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.param.as_deref(), Some("enabled_events"));
    assert!(e.message.contains("call.exploded"), "{}", e.message);
    let e = Operation::update_endpoint(
        "x",
        r#"{"enabled_events":"call.completed"}"#,
        parse_natively,
    )
    .unwrap_err();
    assert_eq!(e.param.as_deref(), Some("enabled_events"));
}

#[test]
fn every_known_event_type_and_the_wildcard_are_accepted() {
    let op = Operation::create_endpoint(
        r#"{"url":"https://a.example","enabled_events":["*","call.queued","call.ringing","call.answered","call.completed","call.failed","call.no_answer","call.busy","call.canceled"]}"#,
        parse_natively,
    );
    assert!(op.is_ok(), "{op:?}");
}

#[test]
fn a_camel_case_parameter_name_gets_a_snake_case_hint() {
    let e = Operation::create_endpoint(
        r#"{"url":"https://a.example","enabledEvents":["*"]}"#,
        parse_natively,
    )
    .unwrap_err();
    assert_eq!(e.param.as_deref(), Some("enabledEvents"));
    assert!(e.message.contains("use enabled_events"), "{}", e.message);
}

#[test]
fn create_requires_a_url_string() {
    assert_eq!(
        Operation::create_endpoint("{}", parse_natively)
            .unwrap_err()
            .param
            .as_deref(),
        Some("url")
    );
    assert_eq!(
        Operation::create_endpoint(r#"{"url":5}"#, parse_natively)
            .unwrap_err()
            .param
            .as_deref(),
        Some("url")
    );
    assert_eq!(
        Operation::create_endpoint("null", parse_natively)
            .unwrap_err()
            .kind,
        ErrorKind::Validation
    );
    assert_eq!(
        Operation::create_endpoint("[1]", parse_natively)
            .unwrap_err()
            .kind,
        ErrorKind::Validation
    );
}

#[test]
fn webhook_urls_must_be_https_or_local_http() {
    for good in [
        "https://example.com/hook",
        "HTTPS://Example.com",
        "https://example.com:8443/a?b=c",
        "http://localhost:3000/hook",
        "http://127.0.0.1/hook",
        "http://[::1]:8080/x",
        "http://LOCALHOST",
    ] {
        assert!(check_webhook_url(good, parse_natively).is_ok(), "{good}");
    }
    for bad in [
        "http://example.com/hook",
        "http://localhost.evil.com/",
        "http://127.0.0.2/",
        "ftp://example.com",
        "example.com/hook",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "",
        "http://user@evil.com",
    ] {
        let e = check_webhook_url(bad, parse_natively).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("url"), "{bad}");
    }
}

#[test]
fn the_userinfo_trick_does_not_pass_for_localhost() {
    assert!(check_webhook_url("http://localhost@evil.com/", parse_natively).is_err());
    assert!(check_webhook_url("http://evil.com@localhost/", parse_natively).is_ok());
}

#[test]
fn a_request_debug_print_hides_the_key() {
    let req = request::build(&client(None), &[], &Operation::list_endpoints());
    let printed = format!("{req:?}");
    assert!(!printed.contains(KEY), "{printed}");
    assert!(printed.contains("[redacted]"));
}
