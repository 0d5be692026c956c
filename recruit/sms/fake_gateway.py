"""A local SMS gateway for development and tests: a real HTTP server on loopback that takes
GatewayAPI-style JSON posts and records what arrived.

    gateway = FakeGateway().start()      # SMS_GATEWAY_URL = gateway.url
    ... gateway.received                 # [ReceivedSms(msisdn=..., message=..., ...)]
    gateway.mode = "unavailable"         # answer 503 from now on ("accept", "reject", or
                                         # "silent": take the text and never answer)
    gateway.stop()

`flask sms-fake-gateway` runs one in the foreground and prints each text (development only:
a development database holds made-up people).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOPBACK = "127.0.0.1"
PATH = "/rest/mtsms"
SILENT_SECONDS = 3


@dataclass(frozen=True)
class ReceivedSms:
    msisdn: int
    sender: str
    message: str
    reference: str
    encoding: str
    authorization: str


class FakeGateway:
    def __init__(self, port: int = 0, on_receive: Callable[[ReceivedSms], None] | None = None
                 ) -> None:
        self.port = port
        self.mode = "accept"
        self.received: list[ReceivedSms] = []
        self.lock = threading.Lock()
        self.on_receive = on_receive
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}{PATH}"

    def start(self) -> FakeGateway:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body: dict[str, Any] = json.loads(self.rfile.read(length) or b"{}")
                if gateway.mode == "unavailable":
                    self._answer(503, {"message": "try again later"})
                    return
                if gateway.mode == "reject" or self.path != PATH:
                    self._answer(422, {"message": "refused"})
                    return
                ids = []
                for recipient in body.get("recipients", []):
                    item = ReceivedSms(
                        msisdn=int(recipient["msisdn"]), sender=str(body.get("sender", "")),
                        message=str(body.get("message", "")),
                        reference=str(body.get("userref", "")),
                        encoding=str(body.get("encoding", "UTF8")),
                        authorization=str(self.headers.get("Authorization", "")))
                    with gateway.lock:
                        gateway.received.append(item)
                        ids.append(len(gateway.received))
                    if gateway.on_receive is not None:
                        gateway.on_receive(item)
                if gateway.mode == "silent":
                    time.sleep(SILENT_SECONDS)  # the client's timeout runs out first
                    return
                self._answer(200, {"ids": ids})

            def _answer(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the request line is harmless, but keep test output clean

        self._server = ThreadingHTTPServer((LOOPBACK, self.port), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="fake-sms-gateway")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def texts_to(self, msisdn: int) -> list[str]:
        with self.lock:
            return [item.message for item in self.received if item.msisdn == msisdn]
