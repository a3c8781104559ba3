"""``matchmaker migrate``: bring the database schema up to date (Alembic), and load the places."""
import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from matchmaker.extensions import db
from matchmaker.services.places import ensure_municipalities


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Apply all migrations and make sure the 25 Overijssel municipalities exist."""
    upgrade()
    added = ensure_municipalities(session=db.session)
    db.session.commit()
    click.echo(f"Database schema up to date; {added} municipalities added.")


COMMANDS = (migrate_command,)
