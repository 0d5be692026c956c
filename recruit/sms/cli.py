"""`flask send-sms` (retries, from `flask periodic`) and `flask sms-fake-gateway` (development)."""

from __future__ import annotations

import threading

import click
from flask import Flask, current_app

from recruit.sms.fake_gateway import FakeGateway, ReceivedSms
from recruit.sms.sender import deliver_due


@click.command("send-sms")
@click.option("--limit", default=50, show_default=True, help="Texts per pass.")
def send_sms_command(limit: int) -> None:
    """Deliver every due text in the SMS outbox (`flask periodic` runs it to pick up retries)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("SMS_GATEWAY_URL"):
        click.echo("SMS is off (no SMS_GATEWAY_URL)")
        return
    sent = retried = dead = 0
    while True:
        report = deliver_due(app, limit=limit)
        sent, retried, dead = sent + report.sent, retried + report.retried, dead + report.dead
        # A failed text is backed off: another pass now would only meet the same gateway.
        if not report.claimed or report.retried or report.dead:
            break
    click.echo(f"sent {sent}, to retry later {retried}, dead {dead}")


@click.command("sms-fake-gateway")
@click.option("--port", default=8025, show_default=True)
def fake_gateway_command(port: int) -> None:
    """Development: a local SMS gateway that prints every text it receives. Set
    SMS_GATEWAY_URL=http://127.0.0.1:PORT/rest/mtsms for the app."""

    def show(item: ReceivedSms) -> None:
        click.echo(f"SMS to {item.msisdn} from {item.sender}: {item.message}")

    gateway = FakeGateway(port, on_receive=show).start()
    click.echo(f"fake SMS gateway at {gateway.url} (Ctrl+C stops it)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        gateway.stop()


COMMANDS = (send_sms_command, fake_gateway_command)
