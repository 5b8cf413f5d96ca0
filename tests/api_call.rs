//! Whole calls through the state machine: attempts, waits and endings, and
//! the checking of successful answers.
#![cfg(feature = "client")]

use callingbox_webhooks::api::answer::{parse_success, Success};
use callingbox_webhooks::api::call_flow::{CallFlow, Step};
use callingbox_webhooks::api::config::{CallSettings, ClientConfig, ClientSettings};
use callingbox_webhooks::api::error::ErrorKind;
use callingbox_webhooks::api::operation::Operation;
use callingbox_webhooks::api::redact::redact;
use callingbox_webhooks::api::retry::NetworkFailure;
use callingbox_webhooks::api::url::parse_natively;

const KEY: &str = "sk_test_0123456789abcdef";
const NOW_MS: u64 = 1_445_412_480_000;
const SECRET: &str = "whsec_1234567890abcdef1234567890abcdef";

fn endpoint_json(extra: &str) -> String {
    format!(
        r#"{{{extra}"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","org_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","url":"https://a.example","description":null,"enabled_events":["*"],"status":"enabled","disabled_reason":null,"disabled_at":null,"consecutive_failures":0,"created_at":"2023-11-07T05:31:56Z","updated_at":"2023-11-07T05:31:56Z"}}"#
    )
}

fn delivery_json() -> String {
    r#"{"id":"d1","org_id":"o1","endpoint_id":null,"call_id":"c1","event_type":"call.some_new_type","url":"https://a.example","status":"pending","attempt_count":0,"manual_retry_count":0,"next_attempt_at":null,"last_error":null,"last_response_status":null,"delivered_at":null,"created_at":"t","updated_at":"t"}"#.to_owned()
}

fn call(op: Operation, max_retries: u32) -> CallFlow {
    let config = ClientConfig::new(ClientSettings {
        api_key: Some(KEY.to_owned()),
        ..ClientSettings::default()
    })
    .unwrap();
    let call_config = config
        .call(CallSettings {
            max_retries: Some(f64::from(max_retries)),
            ..CallSettings::default()
        })
        .unwrap();
    CallFlow::new(&config, &call_config, op)
}

fn create() -> Operation {
    Operation::create_endpoint(r#"{"url":"https://a.example"}"#, parse_natively).unwrap()
}

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_create_refused_with_429_is_sent_again_and_succeeds() {
    let mut c = call(create(), 2);
    c.send();
    let step = c.on_response(
        429,
        h(&[("retry-after", "1")]),
        r#"{"error":"slow down"}"#,
        NOW_MS,
        0.3,
    );
    assert_eq!(step, Step::Wait { delay_ms: 1000 });
    c.send();
    let body = endpoint_json(&format!(r#""signing_secret":"{SECRET}","#));
    assert_eq!(
        c.on_response(201, h(&[]), &body, NOW_MS, 0.3),
        Step::Done(Success::Whole)
    );
    assert_eq!(c.attempts(), 2);
}

#[test]
fn a_create_answered_with_500_fails_after_one_attempt_with_an_unknown_outcome() {
    let mut c = call(create(), 2);
    c.send();
    let Step::Fail(e) = c.on_response(
        500,
        h(&[("x-request-id", "req_1")]),
        r#"{"error":"x"}"#,
        NOW_MS,
        0.3,
    ) else {
        panic!("500 on create must not be retried")
    };
    assert_eq!(e.kind, ErrorKind::InternalServer);
    assert!(e.outcome_unknown);
    assert_eq!(e.answer.unwrap().request_id.as_deref(), Some("req_1"));
    assert_eq!(c.attempts(), 1);
}

#[test]
fn a_create_that_timed_out_is_not_sent_again() {
    let mut c = call(create(), 5);
    c.send();
    let Step::Fail(e) = c.on_network_failure(
        NetworkFailure::TimedOut { timeout_ms: 300 },
        "",
        NOW_MS,
        0.0,
    ) else {
        panic!("a timed-out create must not be retried")
    };
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.outcome_unknown);
}

#[test]
fn a_create_whose_connection_was_refused_is_sent_again() {
    let mut c = call(create(), 1);
    c.send();
    assert!(matches!(
        c.on_network_failure(NetworkFailure::NotSent, "ECONNREFUSED", NOW_MS, 0.0),
        Step::Wait { .. }
    ));
    c.send();
    let Step::Fail(e) = c.on_network_failure(NetworkFailure::NotSent, "ECONNREFUSED", NOW_MS, 0.0)
    else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::Connection);
    assert!(!e.outcome_unknown);
    assert!(e.message.contains("after 2 attempts"), "{}", e.message);
}

#[test]
fn a_read_is_retried_after_timeouts_until_the_allowance_is_used() {
    let mut c = call(Operation::list_endpoints(), 2);
    for _ in 0..2 {
        c.send();
        let step = c.on_network_failure(
            NetworkFailure::TimedOut { timeout_ms: 300 },
            "",
            NOW_MS,
            0.0,
        );
        assert!(matches!(step, Step::Wait { .. }), "{step:?}");
    }
    c.send();
    let Step::Fail(e) = c.on_network_failure(
        NetworkFailure::TimedOut { timeout_ms: 300 },
        "",
        NOW_MS,
        0.0,
    ) else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert_eq!(c.attempts(), 3);
}

#[test]
fn a_delete_that_finds_the_endpoint_gone_after_a_lost_attempt_succeeds() {
    let mut c = call(Operation::delete_endpoint("ep_1").unwrap(), 2);
    c.send();
    assert!(matches!(
        c.on_network_failure(NetworkFailure::Lost, "", NOW_MS, 0.0),
        Step::Wait { .. }
    ));
    c.send();
    assert_eq!(
        c.on_response(404, h(&[]), r#"{"error":"not found"}"#, NOW_MS, 0.0),
        Step::Done(Success::Empty)
    );
}

#[test]
fn a_delete_of_a_missing_endpoint_on_the_first_attempt_is_not_found() {
    let mut c = call(Operation::delete_endpoint("ep_1").unwrap(), 2);
    c.send();
    let Step::Fail(e) = c.on_response(404, h(&[]), r#"{"error":"not found"}"#, NOW_MS, 0.0) else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[test]
fn a_rate_limit_that_asks_for_too_long_a_wait_fails_at_once_with_retry_after_ms() {
    let mut c = call(create(), 2);
    c.send();
    let Step::Fail(e) = c.on_response(429, h(&[("retry-after", "3600")]), "", NOW_MS, 0.0) else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::RateLimit);
    assert_eq!(e.answer.unwrap().retry_after_ms, Some(3_600_000));
}

#[test]
fn the_call_budget_is_attempts_times_timeout_plus_the_longest_waits() {
    let c = call(Operation::list_endpoints(), 2);
    assert_eq!(c.budget_ms(), 3 * 30_000 + 2 * 60_000);
}

#[test]
fn answers_may_carry_fields_the_client_does_not_know() {
    let body = endpoint_json(r#""brand_new_field":{"nested":true},"#);
    let op = Operation::retrieve_endpoint("x").unwrap();
    assert_eq!(parse_success(&op, &body), Ok(Success::Whole));
    let op = Operation::retrieve_delivery("d1").unwrap();
    assert!(
        parse_success(&op, &delivery_json()).is_ok(),
        "a new event type is accepted"
    );
}

#[test]
fn create_and_rotate_answers_must_hold_the_signing_secret() {
    let problem = parse_success(&create(), &endpoint_json("")).unwrap_err();
    assert!(problem.contains("signing_secret"), "{problem}");
    let with = endpoint_json(&format!(r#""signing_secret":"{SECRET}","#));
    assert!(parse_success(&Operation::rotate_secret("x").unwrap(), &with).is_ok());
}

#[test]
fn lists_are_read_from_a_data_envelope_or_a_bare_array() {
    let item = endpoint_json("");
    assert_eq!(
        parse_success(
            &Operation::list_endpoints(),
            &format!(r#"{{"data":[{item},{item}]}}"#)
        ),
        Ok(Success::Data),
        "the items are the data member"
    );
    assert_eq!(
        parse_success(&Operation::list_endpoints(), &format!("[{item},{item}]")),
        Ok(Success::Whole),
        "the items are the whole answer"
    );
    let deliveries = format!(r#"{{"data":[{}]}}"#, delivery_json());
    assert!(parse_success(&Operation::list_deliveries("null").unwrap(), &deliveries).is_ok());
    assert!(parse_success(&Operation::list_endpoints(), r#"{"items":[]}"#).is_err());
    let problem = parse_success(&Operation::list_endpoints(), r#"[{"id":"x"}]"#).unwrap_err();
    assert!(problem.starts_with("item 0:"), "{problem}");
}

#[test]
fn a_successful_answer_that_is_not_json_becomes_an_api_error_with_its_status() {
    let mut c = call(create(), 2);
    c.send();
    let Step::Fail(e) = c.on_response(
        201,
        h(&[("x-request-id", "req_9")]),
        "<html>ok</html>",
        NOW_MS,
        0.0,
    ) else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::Api);
    assert!(e.message.contains("not JSON"), "{}", e.message);
    assert!(e.outcome_unknown, "the create probably happened");
    assert_eq!(e.answer.unwrap().status, 201);
}

#[test]
fn delete_accepts_an_empty_or_json_body() {
    let op = Operation::delete_endpoint("x").unwrap();
    assert_eq!(parse_success(&op, ""), Ok(Success::Empty));
    assert_eq!(
        parse_success(&op, r#"{"id":"x","deleted":true}"#),
        Ok(Success::Empty)
    );
}

#[test]
fn no_error_message_shows_the_key_or_a_signing_secret() {
    let mut messages = Vec::new();
    let echo = format!(r#"{{"error":"key {KEY} and {SECRET} are wrong"}}"#);
    for op in [
        create(),
        Operation::rotate_secret("ep").unwrap(),
        Operation::list_endpoints(),
    ] {
        for status in [400, 401, 403, 404, 429, 500, 502, 503] {
            let mut c = call(op.clone(), 0);
            c.send();
            if let Step::Fail(e) =
                c.on_response(status, h(&[("retry-after", "1")]), &echo, NOW_MS, 0.0)
            {
                messages.push(e.message);
            }
        }
        let mut c = call(op.clone(), 0);
        c.send();
        if let Step::Fail(e) = c.on_network_failure(
            NetworkFailure::Lost,
            &format!("socket said {KEY}"),
            NOW_MS,
            0.0,
        ) {
            messages.push(e.message);
        }
        let mut c = call(op.clone(), 0);
        c.send();
        if let Step::Fail(e) = c.on_response(
            200,
            h(&[]),
            &format!(r#"{{"consecutive_failures":"{SECRET}"}}"#),
            NOW_MS,
            0.0,
        ) {
            messages.push(e.message);
        }
    }
    assert!(messages.len() >= 20);
    for message in messages {
        let shown = redact(&message, &[KEY]);
        assert!(
            !shown.contains(KEY) && !shown.contains(&SECRET[6..]),
            "{shown}"
        );
    }
}

#[test]
fn a_count_beyond_what_a_javascript_number_holds_exactly_is_not_what_the_api_documents() {
    let op = Operation::retrieve_endpoint("x").unwrap();
    let body = |count: &str| {
        endpoint_json("").replace(
            r#""consecutive_failures":0"#,
            &format!(r#""consecutive_failures":{count}"#),
        )
    };
    assert_eq!(
        parse_success(&op, &body("9007199254740991")),
        Ok(Success::Whole),
        "2^53 - 1 fits"
    );
    for count in [
        "9007199254740992",
        "9007199254740993",
        "18446744073709551615",
    ] {
        let problem = parse_success(&op, &body(count)).unwrap_err();
        assert!(problem.contains("2^53 - 1"), "{count}: {problem}");
    }
    let problem = parse_success(&op, &body("18446744073709551616")).unwrap_err();
    assert!(problem.contains("u64"), "beyond u64: {problem}");
    let mut c = call(Operation::retrieve_endpoint("x").unwrap(), 2);
    c.send();
    let Step::Fail(e) = c.on_response(200, h(&[]), &body("9007199254740993"), NOW_MS, 0.0) else {
        panic!("a rounded count must not pass")
    };
    assert_eq!(e.kind, ErrorKind::Api);
    assert!(
        e.message.contains("not what the API documents"),
        "{}",
        e.message
    );
}

#[test]
fn wrongly_shaped_answers_say_what_is_wrong() {
    let op = Operation::retrieve_endpoint("x").unwrap();
    assert_eq!(
        parse_success(&op, "[]"),
        Err("not a JSON object".to_owned())
    );
    assert_eq!(parse_success(&op, "{"), Err("not JSON".to_owned()));
    let wrong_status = endpoint_json("").replace(r#""status":"enabled""#, r#""status":"paused""#);
    let problem = parse_success(&op, &wrong_status).unwrap_err();
    assert!(problem.contains("unknown variant `paused`"), "{problem}");
    let missing =
        endpoint_json("").replace(r#""org_id":"3c90c3cc-0d44-4b50-8888-8dd25736052b","#, "");
    assert_eq!(
        parse_success(&op, &missing),
        Err("missing field `org_id`".to_owned())
    );
    let list = parse_success(
        &Operation::list_endpoints(),
        &format!(r#"{{"data":[{},{{"id":5}}]}}"#, endpoint_json("")),
    )
    .unwrap_err();
    assert!(
        list.starts_with("item 1: invalid type: integer `5`, expected a string"),
        "{list}"
    );
}
