#!/usr/bin/env python3
"""Writes tests/vectors/vectors.json: CallingBox-Signature cases with the
verdict of the official Python SDK (callingbox 0.1.0).

Run with the project's venv (which `make setup` creates):

    .tools/venv/bin/python tests/vectors/generate.py

Every header below is produced or judged by the SDK itself:

- signatures are computed with the exact expression of the SDK's
  `_verify_signature` (the SDK has no signing function; this is what it
  compares against), and the script checks that the SDK accepts each one;
- each case's `sdk` verdict comes from calling the SDK's `_verify_signature`
  with `time.time()` pinned to the case's `now` (for several secrets: the SDK
  takes one, so a case passes when any secret passes, as a caller rotating
  secrets would do it).

`expected` is this package's verdict code. It equals the SDK's (mapped to our
codes, see `sdk_code`) unless the case has a `deviation`, which says why we
differ; every deviation rejects something CallingBox never sends.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sys
from pathlib import Path
from typing import Optional
from unittest import mock

import callingbox
from callingbox.resources import webhooks as sdk

OUT = Path(__file__).with_name("vectors.json")

SECRET = "whsec_1234567890abcdef1234567890abcdef"
OLD_SECRET = "whsec_old_0000000000000000000000000000"
NOW = 1713268860
BODY = (
    '{"id":"6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11","type":"call.completed","created":1713268860,'
    '"api_version":"2026-04","data":{"call":{"id":"c0ffee00-0000-4000-8000-000000000001",'
    '"status":"completed","to_number":"+15551234567","metadata":{"language":"en"}}}}'
).encode()
UNICODE_BODY = (
    '{"id":"evt_ü","type":"call.completed","created":1713268860,"api_version":"2026-04",'
    '"data":{"call":{"id":"c1","prompt":"Grüße aus Köln — 東京 🚀 \\u00e9 é"}}}'
).encode("utf-8")


def mac(secret: str, ts, body: bytes) -> str:
    """The SDK's expected signature: HMAC-SHA256(secret, f"{ts}." + body)."""
    signed = f"{ts}.".encode("utf-8") + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def header(ts, *sigs: str) -> str:
    return ",".join([f"t={ts}"] + [f"v1={s}" for s in sigs])


def sdk_verdict(body: bytes, sig_header: Optional[str], secrets, now: int, tolerance: int):
    """(passed, error text) from the SDK's own verification."""
    errors = []
    with mock.patch.object(sdk.time, "time", return_value=float(now)):
        for secret in secrets:
            try:
                sdk._verify_signature(secret, sig_header, body, tolerance)
                return True, None
            except Exception as exc:  # noqa: BLE001 - the SDK raises several kinds
                errors.append(f"{type(exc).__name__}: {exc}")
    return False, errors[0] if errors else "no secret"


def sdk_code(passed: bool, error: Optional[str]) -> str:
    """The SDK's verdict in this package's codes."""
    if passed:
        return "ok"
    if error.startswith("AttributeError"):  # header None: the SDK calls None.split
        return "missing_header"
    if error.startswith("TypeError"):  # compare_digest refuses non-ASCII str
        return "no_matching_signature"
    text = re.sub(r"^\[\d+\] ", "", error.split(": ", 1)[1])  # BadRequestError adds "[400] "
    if text.startswith("timestamp drift"):
        return "timestamp_out_of_tolerance"
    if text == "webhook signature mismatch":
        return "no_matching_signature"
    if text in (
        "malformed CallingBox-Signature header",
        "timestamp in signature is not numeric",
        "missing t= in CallingBox-Signature header",
        "missing v1= in CallingBox-Signature header",
    ):
        return "malformed_header"
    raise AssertionError(f"unmapped SDK error {error!r}")


CASES = []


def case(name, sig_header, *, body=BODY, secrets=(SECRET,), now=NOW, tolerance=300,
         expect=None, deviation=None):
    """Adds a case. `expect` is the expected SDK code (a check on this
    script); with a `deviation`, `expect` is ours and the SDK differs."""
    passed, error = sdk_verdict(body, sig_header, secrets, now, tolerance)
    theirs = sdk_code(passed, error)
    ours = theirs if deviation is None else expect
    if deviation is None and expect is not None and theirs != expect:
        raise AssertionError(f"{name}: SDK says {theirs} ({error}), script expected {expect}")
    if deviation is not None and theirs == ours:
        raise AssertionError(f"{name}: marked as a deviation but the SDK agrees ({theirs})")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    CASES.append({
        "name": name,
        "payload": text,
        "payload_hex": body.hex(),
        "header": sig_header,
        "secrets": list(secrets),
        "now": now,
        "tolerance": tolerance,
        "sdk": {"passed": passed, "error": error, "code": theirs},
        "expected": ours,
        "deviation": deviation,
    })


def main() -> None:
    good = mac(SECRET, NOW, BODY)
    other = mac(SECRET, NOW, BODY + b" ")
    old = mac(OLD_SECRET, NOW, BODY)

    # Valid and tampered.
    case("valid", header(NOW, good), expect="ok")
    case("valid, non-ASCII UTF-8 body", header(NOW, mac(SECRET, NOW, UNICODE_BODY)),
         body=UNICODE_BODY, expect="ok")
    binary = bytes(range(256)) + b"\xff\xfe\x00"
    case("valid, binary (non-UTF-8) body", header(NOW, mac(SECRET, NOW, binary)), body=binary,
         expect="ok")
    case("valid, empty body", header(NOW, mac(SECRET, NOW, b"")), body=b"", expect="ok")
    case("valid, secret without whsec_ prefix", header(NOW, mac("plain", NOW, BODY)),
         secrets=("plain",), expect="ok")
    case("valid, non-ASCII secret", header(NOW, mac("whsec_ключ🔑", NOW, BODY)),
         secrets=("whsec_ключ🔑",), expect="ok")
    case("tampered body (one byte)", header(NOW, good), body=BODY.replace(b"completed", b"Completed", 1),
         expect="no_matching_signature")
    case("body with a trailing newline", header(NOW, good), body=BODY + b"\n",
         expect="no_matching_signature")
    case("re-serialized body", header(NOW, good),
         body=json.dumps(json.loads(BODY)).encode(), expect="no_matching_signature")
    flipped = good[:10] + ("0" if good[10] != "0" else "1") + good[11:]
    case("tampered signature (one hex digit)", header(NOW, flipped), expect="no_matching_signature")
    case("tampered timestamp", header(NOW + 1, good), expect="no_matching_signature")
    case("wrong secret", header(NOW, good), secrets=("whsec_wrong",), expect="no_matching_signature")
    case("secret prefix stripped by mistake", header(NOW, good),
         secrets=(SECRET[len("whsec_"):],), expect="no_matching_signature")

    # Several v1 values.
    case("several v1, good first", header(NOW, good, other), expect="ok")
    case("several v1, good last", header(NOW, other, other, good), expect="ok")
    case("several v1, none good", header(NOW, other, old), expect="no_matching_signature")
    case("several v1, duplicates of the good one", header(NOW, good, good), expect="ok")
    case("16 v1 values, good last", header(NOW, *([other] * 15 + [good])), expect="ok")
    case("17 v1 values, good last", header(NOW, *([other] * 16 + [good])),
         expect="malformed_header",
         deviation="at most 16 v1 values (bounded work per header); the SDK has no limit")

    # Rotation.
    case("rotation: signed with the new secret, both given", header(NOW, good),
         secrets=(OLD_SECRET, SECRET), expect="ok")
    case("rotation: signed with the old secret, both given", header(NOW, old),
         secrets=(OLD_SECRET, SECRET), expect="ok")
    case("rotation: header carries both signatures", header(NOW, old, good),
         secrets=(SECRET,), expect="ok")
    case("rotation: only the old secret configured", header(NOW, good),
         secrets=(OLD_SECRET,), expect="no_matching_signature")

    # Whitespace (the SDK strips key and value with str.strip()).
    case("spaces around pairs", f" t={NOW} , v1={good} ", expect="ok")
    case("spaces around =", f"t = {NOW},v1 = {good}", expect="ok")
    case("tabs and CRLF", f"\tt={NOW},\r\nv1={good}\r\n", expect="ok")
    case("no-break space and ideographic space", f"\u00a0t={NOW}\u3000,v1={good}\u00a0", expect="ok")
    case("information separator U+001F (Python whitespace)", f"\u001ft={NOW},v1={good}\u001f",
         expect="ok")
    case("zero-width space is not whitespace", f"\u200bt={NOW},v1={good}", expect="malformed_header")
    case("space inside the signature", header(NOW, good[:32] + " " + good[32:]),
         expect="no_matching_signature")

    # Tolerance.
    for drift, verdict in ((300, "ok"), (301, "timestamp_out_of_tolerance")):
        for sign, when in ((-1, "past"), (1, "future")):
            ts = NOW + sign * drift
            case(f"timestamp {drift} s in the {when}", header(ts, mac(SECRET, ts, BODY)), expect=verdict)
    stale = NOW - 86400
    case("tolerance 0 accepts a day-old timestamp", header(stale, mac(SECRET, stale, BODY)),
         tolerance=0, expect="ok")
    case("custom tolerance 10, 11 s old", header(NOW - 11, mac(SECRET, NOW - 11, BODY)),
         tolerance=10, expect="timestamp_out_of_tolerance")
    case("custom tolerance 10, 10 s old", header(NOW - 10, mac(SECRET, NOW - 10, BODY)),
         tolerance=10, expect="ok")
    case("stale timestamp and bad signature: the clock is reported",
         header(NOW - 1000, "0" * 64), expect="timestamp_out_of_tolerance")
    case("timestamp 0", header(0, mac(SECRET, 0, BODY)), now=0, expect="ok")

    # Keys.
    case("unknown keys ignored", f"t={NOW},v0=abc,v1={good},scheme=x", expect="ok")
    case("uppercase T is not t", f"T={NOW},v1={good}", expect="malformed_header")
    case("uppercase V1 is not v1", f"t={NOW},V1={good}", expect="malformed_header")
    case("only a v0 signature", f"t={NOW},v0={good}", expect="malformed_header")
    case("order v1 before t", f"v1={good},t={NOW}", expect="ok")

    # Signature values.
    case("uppercase signature", header(NOW, good.upper()), expect="no_matching_signature")
    case("signature 63 hex digits", header(NOW, good[:63]), expect="no_matching_signature")
    case("signature 65 hex digits", header(NOW, good + "0"), expect="no_matching_signature")
    case("signature with a non-hex letter", header(NOW, "g" + good[1:]), expect="no_matching_signature")
    case("signature with non-ASCII characters", header(NOW, "é" + good[2:]),
         expect="no_matching_signature")
    case("signature followed by =", header(NOW, good + "="), expect="no_matching_signature")
    case("signature base64 instead of hex", header(NOW, "UlenqefOy+2jKv+mLNyj+lHK1+d6DlbP9TbQzo4QjSo="),
         expect="no_matching_signature")

    # Malformed headers.
    case("no header (None)", None, expect="missing_header")
    case("empty header", "", expect="missing_header",
         deviation="an empty header is reported as missing_header; the SDK says malformed (both reject)")
    case("whitespace-only header", "   ", expect="missing_header",
         deviation="a blank header is reported as missing_header; the SDK says malformed (both reject)")
    case("garbage", "garbage", expect="malformed_header")
    case("trailing comma", header(NOW, good) + ",", expect="malformed_header")
    case("double comma", f"t={NOW},,v1={good}", expect="malformed_header")
    case("bare v1=", f"t={NOW},v1=", expect="malformed_header")
    case("bare v1= beside a good one", f"t={NOW},v1=,v1={good}", expect="malformed_header")
    case("part without =", f"t={NOW},v1{good}", expect="malformed_header")
    case("empty key", f"t={NOW},={good}", expect="malformed_header")
    case("no t", f"v1={good}", expect="malformed_header")
    case("no v1", f"t={NOW}", expect="malformed_header")
    case("empty t", f"t=,v1={good}", expect="malformed_header")
    case("non-numeric t", f"t=abc,v1={good}", expect="malformed_header")
    case("fractional t", f"t={NOW}.5,v1={good}", expect="malformed_header")
    case("hex t", f"t=0x10,v1={good}", expect="malformed_header")
    case("leading zeros in t (signed in canonical form)", f"t=000{NOW},v1={good}", expect="ok")
    case("t with a plus sign", f"t=+{NOW},v1={good}", expect="malformed_header",
         deviation="t must be plain ASCII digits; Python's int() also accepts a sign")
    case("t with underscores", f"t={NOW:_},v1={good}", expect="malformed_header",
         deviation="t must be plain ASCII digits; Python's int() also accepts _ separators")
    arabic = str(NOW).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    case("t in Arabic-Indic digits", f"t={arabic},v1={good}", expect="malformed_header",
         deviation="t must be plain ASCII digits; Python's int() accepts any Unicode decimal digits")
    case("negative t", header(-5, mac(SECRET, -5, BODY)), now=-5, expect="malformed_header",
         deviation="a negative t is malformed; the SDK accepts it")
    big = 10**20
    case("t beyond 64 bits (tolerance 0)", header(big, mac(SECRET, big, BODY)), tolerance=0,
         expect="malformed_header", deviation="t must fit a signed 64-bit integer; Python ints do not overflow")
    case("t beyond 64 bits (default tolerance)", header(big, mac(SECRET, big, BODY)),
         expect="malformed_header",
         deviation="t must fit a signed 64-bit integer; the SDK reports the drift instead")
    case("t given twice, the last one signed", f"t=1,t={NOW},v1={good}", expect="malformed_header",
         deviation="a repeated t is malformed; the SDK keeps the last one")
    case("t given twice, same value", f"t={NOW},t={NOW},v1={good}", expect="malformed_header",
         deviation="a repeated t is malformed; the SDK keeps the last one")
    padding = "x=" + "y" * 8200
    case("header over 8 KiB", f"{header(NOW, good)},{padding}", expect="malformed_header",
         deviation="headers over 8192 bytes are malformed (bounded work); the SDK has no limit")
    exact = header(NOW, good) + ",x="
    exact += "y" * (8192 - len(exact.encode()))
    case("header of exactly 8 KiB", exact, expect="ok")

    for c in CASES:
        if c["expected"] == "ok":
            # Sanity: what we call ok, the SDK accepts.
            assert c["sdk"]["passed"], c["name"]

    OUT.write_text(json.dumps({
        "about": "CallingBox-Signature cases judged by the official Python SDK; see generate.py",
        "sdk": f"callingbox {getattr(callingbox, '__version__', '0.1.0')}",
        "python": sys.version.split()[0],
        "cases": CASES,
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    deviations = sum(1 for c in CASES if c["deviation"])
    print(f"wrote {len(CASES)} cases ({deviations} documented deviations) to {OUT}")


if __name__ == "__main__":
    main()
