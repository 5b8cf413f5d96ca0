//! Error answers and failures become the right error, with messages that
//! help and never carry a key or secret.
#![cfg(feature = "client")]

use callingbox_webhooks::api::answer::{parse_error_body, ErrorBody};
use callingbox_webhooks::api::error::{ClientError, ErrorKind};
use callingbox_webhooks::api::operation::Operation;
use callingbox_webhooks::api::redact::redact;
use callingbox_webhooks::api::retry::{classify_network_error, NetworkFailure};
use callingbox_webhooks::api::url::parse_natively;

fn create() -> Operation {
    Operation::create_endpoint(r#"{"url":"https://a.example"}"#, parse_natively).unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn each_status_maps_to_its_error_class() {
    let cases = [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (503, "InternalServerError"),
        (599, "InternalServerError"),
        (405, "ApiError"),
        (409, "ApiError"),
        (418, "ApiError"),
        (422, "ApiError"),
    ];
    for (status, class) in cases {
        assert_eq!(
            ErrorKind::for_status(status).class_name(),
            class,
            "{status}"
        );
    }
}

#[test]
fn the_string_error_body_gives_the_message() {
    assert_eq!(
        parse_error_body(r#"{"error": "call abc123 not found"}"#),
        ErrorBody {
            message: Some("call abc123 not found".to_owned()),
            code: None
        }
    );
}

#[test]
fn the_object_error_body_gives_the_message_and_the_code() {
    assert_eq!(
        parse_error_body(r#"{"error": {"message": "url must be https", "code": "invalid_url"}}"#),
        ErrorBody {
            message: Some("url must be https".to_owned()),
            code: Some("invalid_url".to_owned())
        }
    );
}

#[test]
fn a_non_json_body_becomes_a_short_one_line_message() {
    let html = format!(
        "<html>\n<body>502 Bad Gateway {}</body></html>",
        "x".repeat(500)
    );
    let parsed = parse_error_body(&html);
    let message = parsed.message.unwrap();
    assert!(
        message.starts_with("<html> <body>502 Bad Gateway"),
        "{message}"
    );
    assert!(message.chars().count() <= 201, "{}", message.len());
    assert_eq!(parsed.code, None);
    assert_eq!(parse_error_body("   "), ErrorBody::default());
    assert_eq!(parse_error_body("[1,2]").message.as_deref(), Some("[1,2]"));
}

#[test]
fn an_error_from_an_answer_carries_status_code_request_id_and_headers() {
    let h = headers(&[
        ("x-request-id", "req_123"),
        ("content-type", "application/json"),
    ]);
    let body = r#"{"error": {"message": "no such endpoint", "code": "not_found"}}"#;
    let op = Operation::retrieve_endpoint("ep_1").unwrap();
    let e = ClientError::from_response(&op, 404, h.clone(), body, None, 1);
    assert_eq!(e.kind, ErrorKind::NotFound);
    let answer = e.answer.as_deref().unwrap();
    assert_eq!(answer.status, 404);
    assert_eq!(answer.code.as_deref(), Some("not_found"));
    assert_eq!(answer.request_id.as_deref(), Some("req_123"));
    assert_eq!(answer.headers, h);
    assert_eq!(
        e.message,
        "webhookEndpoints.retrieve(\"ep_1\") failed: HTTP 404 Not Found: no such endpoint (request req_123)."
    );
    assert!(!e.outcome_unknown);
}

#[test]
fn a_rate_limit_error_carries_how_long_the_api_asked_to_wait() {
    let e = ClientError::from_response(
        &create(),
        429,
        headers(&[]),
        r#"{"error":"slow down"}"#,
        Some(90_000),
        1,
    );
    assert_eq!(e.kind, ErrorKind::RateLimit);
    assert_eq!(e.answer.as_ref().unwrap().retry_after_ms, Some(90_000));
    assert!(e.message.contains("wait 90 s"), "{}", e.message);
    assert!(!e.outcome_unknown, "a 429 is a refusal");
}

#[test]
fn a_5xx_on_create_says_the_outcome_is_unknown_and_how_to_check() {
    let e =
        ClientError::from_response(&create(), 500, headers(&[]), r#"{"error":"boom"}"#, None, 1);
    assert!(e.outcome_unknown);
    assert!(e.message.contains("outcome is unknown"), "{}", e.message);
    assert!(
        e.message.contains("webhookEndpoints.list()"),
        "{}",
        e.message
    );
    let e = ClientError::from_response(&create(), 503, headers(&[]), "", Some(1000), 3);
    assert!(!e.outcome_unknown, "a 503 with Retry-After is a refusal");
    assert!(e.message.contains("after 3 attempts"), "{}", e.message);
}

#[test]
fn an_unknown_rotation_says_the_old_secret_may_be_gone_and_to_rotate_again_deliberately() {
    let op = Operation::rotate_secret("ep_9").unwrap();
    let e = ClientError::network(&op, NetworkFailure::TimedOut { timeout_ms: 300 }, "", 1);
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.outcome_unknown);
    assert!(
        e.message.contains("timed out after 300 ms"),
        "{}",
        e.message
    );
    assert!(e.message.contains("previous secret"), "{}", e.message);
    assert!(
        e.message.contains("rotate again deliberately"),
        "{}",
        e.message
    );
}

#[test]
fn an_unknown_redelivery_says_to_check_the_delivery_first() {
    let op = Operation::redeliver("d_1").unwrap();
    let e = ClientError::network(&op, NetworkFailure::Lost, "other side closed", 1);
    assert_eq!(e.kind, ErrorKind::Connection);
    assert!(e.outcome_unknown);
    assert!(e.message.contains("other side closed"), "{}", e.message);
    assert!(
        e.message.contains("webhookDeliveries.retrieve(\"d_1\")"),
        "{}",
        e.message
    );
}

#[test]
fn a_request_that_was_never_sent_has_a_known_outcome() {
    let e = ClientError::network(
        &create(),
        NetworkFailure::NotSent,
        "connect ECONNREFUSED",
        3,
    );
    assert_eq!(e.kind, ErrorKind::Connection);
    assert!(!e.outcome_unknown);
    assert!(e.message.contains("after 3 attempts"), "{}", e.message);
}

#[test]
fn reads_that_fail_have_no_unknown_outcome() {
    let e = ClientError::network(&Operation::list_endpoints(), NetworkFailure::Lost, "", 3);
    assert!(!e.outcome_unknown);
}

#[test]
fn an_abort_before_sending_is_not_an_unknown_outcome() {
    let e = ClientError::aborted(&create(), false);
    assert_eq!(e.kind, ErrorKind::Abort);
    assert!(!e.outcome_unknown);
    assert!(e.message.contains("before a request was sent"));
    let e = ClientError::aborted(&create(), true);
    assert!(e.outcome_unknown);
    let e = ClientError::aborted(&Operation::list_endpoints(), true);
    assert!(!e.outcome_unknown);
}

#[test]
fn only_codes_that_mean_never_connected_count_as_not_sent() {
    let codes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        classify_network_error(&codes(&["ECONNREFUSED"])),
        NetworkFailure::NotSent
    );
    assert_eq!(
        classify_network_error(&codes(&["ECONNREFUSED", "ECONNREFUSED"])),
        NetworkFailure::NotSent
    );
    assert_eq!(
        classify_network_error(&codes(&["ENOTFOUND"])),
        NetworkFailure::NotSent
    );
    assert_eq!(
        classify_network_error(&codes(&["UND_ERR_CONNECT_TIMEOUT"])),
        NetworkFailure::NotSent
    );
    assert_eq!(
        classify_network_error(&codes(&["ConnectionRefused"])),
        NetworkFailure::NotSent
    );
    assert_eq!(
        classify_network_error(&codes(&["ECONNRESET"])),
        NetworkFailure::Lost
    );
    assert_eq!(
        classify_network_error(&codes(&["UND_ERR_SOCKET"])),
        NetworkFailure::Lost
    );
    assert_eq!(
        classify_network_error(&codes(&["ECONNREFUSED", "ECONNRESET"])),
        NetworkFailure::Lost
    );
    assert_eq!(
        classify_network_error(&[]),
        NetworkFailure::Lost,
        "a bare TypeError (browsers) is not proof"
    );
}

#[test]
fn redaction_removes_known_secrets_and_anything_shaped_like_a_key_or_signing_secret() {
    let text =
        "key sk_live_abc123 secret whsec_0123abcd custom my-private-token and task_id sk_ alone";
    let out = redact(text, &["my-private-token"]);
    assert_eq!(
        out,
        "key sk_[redacted] secret whsec_[redacted] custom [redacted] and task_id sk_ alone"
    );
    assert_eq!(redact("(sk_test_x)", &[]), "(sk_[redacted])");
    assert_eq!(redact("ask_me whsec_", &[]), "ask_me whsec_");
    assert_eq!(
        redact("Bearer sk_test_a,sk_test_b", &[]),
        "Bearer sk_[redacted],sk_[redacted]"
    );
    assert_eq!(
        redact("short abc", &["abc"]),
        "short abc",
        "too short to be a secret"
    );
}

#[test]
fn error_bodies_that_echo_a_key_or_secret_lose_it_in_redaction() {
    let body = r#"{"error":"bad key sk_live_SECRET99 for whsec_abcdef0123"}"#;
    let e = ClientError::from_response(
        &Operation::list_endpoints(),
        401,
        headers(&[]),
        body,
        None,
        1,
    );
    let shown = redact(&e.message, &[]);
    assert!(
        !shown.contains("SECRET99") && !shown.contains("abcdef0123"),
        "{shown}"
    );
}

#[test]
fn the_redaction_keeps_the_clients_own_hints_readable() {
    for hint in [
        "API keys look like sk_live_...",
        "keys start with sk_ and secrets with whsec_",
        "sk_test_ keys work with the emulator",
    ] {
        assert_eq!(redact(hint, &[]), hint);
    }
    assert_eq!(
        redact("sk_live_4eC39HqLyjWDarjtT1zdp7dc and sk_test_x-y", &[]),
        "sk_[redacted] and sk_[redacted]"
    );
}
