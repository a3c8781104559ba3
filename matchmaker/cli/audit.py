"""``matchmaker purge-audit``: remove audit events older than the retention period."""
import click
from flask import current_app
from flask.cli import with_appcontext

from matchmaker.extensions import db
from matchmaker.services import audit


@click.command("purge-audit")
@click.option("--retention-days", type=click.IntRange(min=1),
              help="Keep this many days (default: the AUDIT_RETENTION_DAYS setting).")
@with_appcontext
def purge_audit_command(retention_days) -> None:
    """Remove audit events older than AUDIT_RETENTION_DAYS (the nightly beat task does the same)."""
    days = retention_days or current_app.config["AUDIT_RETENTION_DAYS"]
    removed = audit.purge(session=db.session, retention_days=days)
    db.session.commit()
    click.echo(f"Removed {removed} audit events older than {days} days.")


COMMANDS = (purge_audit_command,)
