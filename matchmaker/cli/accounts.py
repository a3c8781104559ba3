"""``matchmaker create-user``, ``matchmaker invite`` and ``matchmaker revoke-token``."""
import click
from flask.cli import with_appcontext

from matchmaker import vocabulary as v
from matchmaker.errors import DomainError
from matchmaker.extensions import db
from matchmaker.services import accounts

BASE_URL_HELP = "Address of the pages in the link (default: the PUBLIC_URL setting)."


@click.command("create-user")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(v.ROLES))
@click.option("--organisation-id", type=int, help="For employer and school users: their organisation.")
@click.option("--person-id", type=int, help="For person users: their own person record.")
@click.option("--base-url", help=BASE_URL_HELP)
@with_appcontext
def create_user_command(name, email, role, organisation_id, person_id, base_url) -> None:
    """Create a user (or take the existing one with that e-mail); print a one-time link to set a password for the
    web pages (valid 7 days), then a new API token (the last line)."""
    from matchmaker.web.signin import invitation_link

    try:
        user, token = accounts.create_user_with_token(
            session=db.session, name=name, email=email, role=role,
            organisation_id=organisation_id, person_id=person_id,
        )
        invitation = accounts.invite(session=db.session, user=user)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"user {user.id} ({user.role}) {user.email}")
    click.echo(f"set a password (once, within 7 days): {invitation_link(invitation, base_url)}")
    click.echo(token)


@click.command("invite")
@click.argument("email")
@click.option("--base-url", help=BASE_URL_HELP)
@with_appcontext
def invite_command(email, base_url) -> None:
    """Print a new one-time link for an existing user to set their password (an earlier link stops working)."""
    from sqlalchemy import func, select

    from matchmaker.models import User
    from matchmaker.web.signin import invitation_link

    user = db.session.scalar(select(User).where(func.lower(User.email) == accounts.normalised_email(email)))
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    token = accounts.invite(session=db.session, user=user)
    db.session.commit()
    click.echo(invitation_link(token, base_url))


@click.command("revoke-token")
@click.argument("token")
@with_appcontext
def revoke_token_command(token) -> None:
    """Revoke an API token (it stops working at once)."""
    if not accounts.revoke_token(session=db.session, token=token):
        raise click.ClickException("No active token matches.")
    db.session.commit()
    click.echo("Token revoked.")


COMMANDS = (create_user_command, invite_command, revoke_token_command)
