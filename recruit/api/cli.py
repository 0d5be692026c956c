"""`flask api-token create|list|revoke`: the organisation's API tokens from a shell."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from recruit.api import tokens
from recruit.extensions import db
from recruit.models import ApiToken
from recruit.models.api_token import API_SCOPES


@click.group("api-token")
def api_token_group() -> None:
    """Create, list and revoke API tokens."""


@api_token_group.command("create")
@click.argument("name")
@click.option("--scope", type=click.Choice(API_SCOPES), default="read", show_default=True)
@with_appcontext
def create_command(name: str, scope: str) -> None:
    """Create a token; it is printed once."""
    try:
        row, token = tokens.create_token(name, scope, None)
    except tokens.TokenError as error:
        raise click.UsageError(str(error.message)) from None
    db.session.commit()
    click.echo(f"token {row.id} ({scope}): {token}")


@api_token_group.command("list")
@with_appcontext
def list_command() -> None:
    """Every token: id, scope, first characters, state, name."""
    for row in tokens.all_tokens():
        state = "active" if row.active else "revoked"
        click.echo(f"{row.id}\t{row.scope}\t{row.prefix}…\t{state}\t{row.name}")


@api_token_group.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
@with_appcontext
def revoke_command(token_id: int) -> None:
    """Revoke the token with this id."""
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise click.UsageError(f"No token {token_id}.")
    if tokens.revoke_token(row, None):
        db.session.commit()
        click.echo(f"token {token_id} revoked")
    else:
        click.echo(f"token {token_id} was already revoked")


COMMANDS = (api_token_group,)
