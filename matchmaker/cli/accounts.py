"""``matchmaker create-user`` and ``matchmaker revoke-token``."""
import click
from flask.cli import with_appcontext

from matchmaker import vocabulary as v
from matchmaker.errors import DomainError
from matchmaker.extensions import db
from matchmaker.services import accounts


@click.command("create-user")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(v.ROLES))
@click.option("--organisation-id", type=int, help="For employer and school users: their organisation.")
@click.option("--person-id", type=int, help="For person users: their own person record.")
@with_appcontext
def create_user_command(name, email, role, organisation_id, person_id) -> None:
    """Create a user (or take the existing one with that e-mail) and print a new API token."""
    try:
        user, token = accounts.create_user_with_token(
            session=db.session, name=name, email=email, role=role,
            organisation_id=organisation_id, person_id=person_id,
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"user {user.id} ({user.role}) {user.email}")
    click.echo(token)


@click.command("revoke-token")
@click.argument("token")
@with_appcontext
def revoke_token_command(token) -> None:
    """Revoke an API token (it stops working at once)."""
    if not accounts.revoke_token(session=db.session, token=token):
        raise click.ClickException("No active token matches.")
    db.session.commit()
    click.echo("Token revoked.")


COMMANDS = (create_user_command, revoke_token_command)
