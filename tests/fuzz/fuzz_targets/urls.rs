//! Fuzzes the webhook- and base-URL checks (on the `url` crate's WHATWG
//! parser, as native builds use it). They never panic, and what they accept
//! holds the promises the README makes:
//! - an accepted webhook URL is https, or http to localhost, 127.0.0.1 or
//!   [::1], as WHATWG reads it; and a plain split of its text at `//`, the
//!   last `@` and the port finds the same host, so no other parser reads
//!   another host into it;
//! - an accepted base URL has no credentials, query or fragment, no port
//!   `fetch` refuses, and requests built on it go to the host WHATWG finds;
//! - a live key is never accepted over http to another host.
#![no_main]

use arbitrary::Arbitrary;
use callingbox_webhooks::api::config::{ClientConfig, ClientSettings};
use callingbox_webhooks::api::url::{
    check_base_url, check_webhook_url, is_bad_port, is_loopback_host, parse_natively, BaseUrl,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    url: &'a str,
    /// Pieces that parsers disagree on, spliced in.
    scheme: u8,
    userinfo: u8,
    host: u8,
    tail: u8,
    build: bool,
}

const SCHEMES: [&str; 6] = ["https://", "http://", "HTTP://", "https:", "http:///", "https:\\\\"];
const USERINFO: [&str; 7] = ["", "", "user@", "a:b@", "evil.example\\@", "x@y@", "%40@"];
const HOSTS: [&str; 10] = [
    "localhost", "127.1", "[::1]", "[0:0::1]", "evil.example", "LOCALHOST.", "0x7f.1", "b\u{fc}cher.example",
    "xn--bcher-kva.example", "%6c%6fcalhost",
];
const TAILS: [&str; 7] = ["", "/", "/hook", ":8443/x", ":6000", "\\@localhost/", "?q#f"];

/// The host a plain RFC 3986-style split finds: after `//`, up to `/`, `?`
/// or `#`, after the last `@`, before a final `:port`.
fn split_host(url: &str) -> Option<String> {
    let rest = url.split_once("//")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next()?
    } else {
        host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
    };
    Some(host.to_ascii_lowercase())
}

fn plain_name(host: &str) -> bool {
    !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !host.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'x')
}

fn check(url: &str) {
    if check_webhook_url(url, parse_natively).is_ok() {
        assert!(!url.contains('\\'), "{url:?}");
        let parts = parse_natively(url, None).expect("accepted, so it parses");
        assert!(
            parts.scheme == "https" || (parts.scheme == "http" && is_loopback_host(&parts.host)),
            "{url:?} -> {parts:?}"
        );
        if let Some(split) = split_host(url) {
            if plain_name(&split) && plain_name(&parts.host) {
                assert_eq!(split, parts.host, "parsers read another host in {url:?}");
            }
        }
    }
    if let Ok((base, href)) = check_base_url(url, parse_natively) {
        if let BaseUrl::Absolute(parts) = base {
            assert!(!parts.has_credentials, "{url:?}");
            assert!(parts.port.is_none_or(|p| !is_bad_port(p)), "{url:?}");
            assert!(!url.contains(['?', '#', '\\']), "{url:?}");
            let again = parse_natively(&href, None).expect("its serialization parses");
            assert_eq!(again.host, parts.host, "{url:?} -> {href:?}");
        } else {
            assert!(url.starts_with('/') && !url.starts_with("//"), "{url:?}");
        }
    }
    let live = ClientConfig::new(ClientSettings {
        api_key: Some("sk_live_fuzz0123456789".to_owned()),
        base_url: Some(url.to_owned()),
        ..ClientSettings::default()
    });
    if let Ok(config) = live {
        if let Some(parts) = parse_natively(config.base_url(), None) {
            assert!(parts.scheme == "https" || is_loopback_host(&parts.host), "{url:?}");
        }
    }
}

fuzz_target!(|input: Input<'_>| {
    check(input.url);
    if input.build {
        let pick = |list: &[&'static str], i: u8| list[usize::from(i) % list.len()];
        let built = format!(
            "{}{}{}{}{}",
            pick(&SCHEMES, input.scheme),
            pick(&USERINFO, input.userinfo),
            pick(&HOSTS, input.host),
            pick(&TAILS, input.tail),
            input.url
        );
        check(&built);
    }
});
