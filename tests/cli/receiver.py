#!/usr/bin/env python3
"""A webhook receiver written in Python, verifying every delivery with the
official CallingBox SDK (callingbox 0.1.0): the language-neutral end of the
CLI tests. The way a Python user writes it, nothing from this repository.

Protocol with the test (tests/cli/support.mjs):
  1. it binds 127.0.0.1 on a free port and prints {"port": N};
  2. it reads the signing secret from the first line of stdin (the test gets
     it from `listen`, as a user pastes it into .env);
  3. it prints one JSON line per request: {"verified": true, "id", "type",
     "call", "headers", "status"} or {"verified": false, "error"}.

It answers 200 to a verified event, 400 to anything else, and 503 to the
first delivery of an event whose call metadata asks for it ("fail_once"),
to make the sender retry.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from callingbox.resources.webhooks import Webhooks
from callingbox.types.call import Call

SECRET = ""
FAILED_ONCE = set()
LOCK = threading.Lock()
HEADERS = ("callingbox-event-id", "callingbox-event-type", "x-callingbox-event", "x-callingbox-call-id", "content-type", "user-agent")


def report(record):
    with LOCK:
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            event = Webhooks.construct_event(body, self.headers.get("CallingBox-Signature") or "", SECRET)
        except Exception as exc:  # the SDK raises BadRequestError; anything else is as bad
            report({"verified": False, "error": f"{type(exc).__name__}: {exc}"})
            self.answer(400, {"error": str(exc)})
            return
        call = Call.from_dict(event.data["call"])
        status = 200
        with LOCK:
            if (call.metadata or {}).get("fail_once") and event.id not in FAILED_ONCE:
                FAILED_ONCE.add(event.id)
                status = 503
        report({
            "verified": True,
            "id": event.id,
            "type": event.type,
            "api_version": event.api_version,
            "call": event.data["call"],
            "parsed_call": {"id": call.id, "status": call.status, "language": call.language},
            "headers": {name: self.headers.get(name) for name in HEADERS},
            "status": status,
        })
        self.answer(status, {"received": status == 200})

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass  # stdout is the protocol; stderr stays quiet


def main():
    global SECRET
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    SECRET = sys.stdin.readline().strip()
    if not SECRET:
        sys.exit("no signing secret on stdin")
    server.serve_forever()


if __name__ == "__main__":
    main()
