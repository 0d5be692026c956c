"""The HTTP SMS gateway: one JSON POST per text, in the shape of GatewayAPI's REST API.

GatewayAPI (gatewayapi.com, `POST /rest/mtsms`) takes
    {"sender": "Ohjaamo", "message": "...", "recipients": [{"msisdn": 358401234567}],
     "userref": "<our reference>", "encoding": "UCS2"}   (encoding only for non-GSM texts)
with `Authorization: Token <SMS_GATEWAY_TOKEN>` and answers 200 `{"ids": [...]}`. Another
provider with a JSON API needs only another `_payload` and header.

What a failure means for a retry (the sender never sends a text twice):
- the connection could not be made, or the request not written: not sent, retry later;
- an HTTP 5xx or 429 answer: the gateway refused it for now, retry later;
- any other 4xx answer: the gateway refuses this text for good (bad number, bad sender);
- no answer after the request was written (timeout, reset): the gateway may have taken it,
  so it is not retried: the text is marked dead (`outcome_unknown`).
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from recruit.sms import text

RETRY_STATUSES = frozenset({408, 429})


class GatewayError(Exception):
    """The text was not accepted. `permanent`: do not retry (see the module docstring)."""

    def __init__(self, description: str, *, permanent: bool) -> None:
        super().__init__(description)
        self.description = description
        self.permanent = permanent


@dataclass(frozen=True)
class GatewaySettings:
    url: str
    token: str
    sender: str
    timeout: float


def _payload(settings: GatewaySettings, recipient: str, body: str, reference: str
             ) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "sender": settings.sender,
        "message": body,
        # E.164 without the "+", as an integer (GatewayAPI's MSISDN).
        "recipients": [{"msisdn": int(recipient.lstrip("+"))}],
        "userref": reference,
    }
    if not text.is_gsm(body):
        payload["encoding"] = "UCS2"
    return payload


def send(settings: GatewaySettings, *, recipient: str, body: str, reference: str) -> None:
    """POST one text; returns when the gateway accepted it, raises GatewayError otherwise."""
    if not recipient.lstrip("+").isdigit():
        raise GatewayError("not a phone number", permanent=True)
    parts = urlsplit(settings.url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    if parts.hostname is None:
        raise GatewayError("SMS_GATEWAY_URL has no host", permanent=False)
    connection = connection_class(parts.hostname, parts.port, timeout=settings.timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    data = json.dumps(_payload(settings, recipient, body, reference)).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json",
               "Authorization": f"Token {settings.token}"}
    try:
        try:
            connection.connect()
            connection.request("POST", path, body=data, headers=headers)
        except (OSError, http.client.HTTPException) as error:
            raise GatewayError(f"not sent: {type(error).__name__}", permanent=False) from None
        try:
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            raise GatewayError(f"outcome_unknown: {type(error).__name__}",
                               permanent=True) from None
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return
    retry = response.status >= 500 or response.status in RETRY_STATUSES
    raise GatewayError(f"HTTP {response.status}", permanent=not retry)


# Why a dead text failed, read from its `last_error` (see the module docstring).
FAILED_UNREACHABLE = "unreachable"    # never reached the gateway
FAILED_BUSY = "busy"                  # the gateway refused it for now (5xx, 429, 408)
FAILED_REFUSED = "refused"            # the gateway refused it for good (other 4xx)
FAILED_UNKNOWN = "outcome_unknown"    # it may have been taken: never sent again
# The gateway would take these after a pause: staff may send them again.
TEMPORARY_FAILURES = frozenset({FAILED_UNREACHABLE, FAILED_BUSY})


def failure_class(last_error: str | None) -> str:
    """The class of a failure as `send` described it (HTTP status or exception class)."""
    error = last_error or ""
    if error.startswith("not sent"):
        return FAILED_UNREACHABLE
    if error.startswith("outcome_unknown"):
        return FAILED_UNKNOWN
    if error.startswith("HTTP "):
        try:
            status = int(error.removeprefix("HTTP ").split()[0])
        except (ValueError, IndexError):
            return FAILED_UNKNOWN
        return FAILED_BUSY if status >= 500 or status in RETRY_STATUSES else FAILED_REFUSED
    if error.startswith("SMS_GATEWAY_URL"):
        return FAILED_UNREACHABLE
    if error.startswith("not a phone number"):
        return FAILED_REFUSED
    return FAILED_UNKNOWN


def settings_of(config: Any) -> GatewaySettings:
    return GatewaySettings(
        url=str(config["SMS_GATEWAY_URL"]),
        token=str(config.get("SMS_GATEWAY_TOKEN") or ""),
        sender=str(config.get("SMS_SENDER") or "Tasmarekry"),
        timeout=float(config.get("SMS_TIMEOUT_SECONDS") or 10),
    )


__all__ = ["GatewayError", "GatewaySettings", "failure_class", "send", "settings_of"]
