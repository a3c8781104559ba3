"""``matchmaker demo``: load the demo region (once) and report what is in the database."""
import click
from flask import current_app
from flask.cli import with_appcontext
from rich.console import Console
from rich.table import Table

from matchmaker.cli.refresh import refresh_results
from matchmaker.demo import demo_users, load_demo
from matchmaker.errors import DomainError
from matchmaker.extensions import db
from matchmaker.security import tokens


@click.command("demo")
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed of the generator.")
@click.option("--esco-dir", type=click.Path(exists=True, file_okay=False),
              help="Folder with the ESCO v1.1.1 downloads: import full ESCO first (default: the ESCO_DIR setting; "
                   "without it an empty taxonomy gets the built-in one).")
@click.option("--print-tokens", is_flag=True, help="Issue and print a fresh API token for each demo user.")
@with_appcontext
def demo_command(seed, esco_dir, print_tokens) -> None:
    """Load the fictional Overijssel demo region, then recompute every region's results; running it again
    changes nothing."""
    console = Console()
    esco_dir = esco_dir or current_app.config.get("ESCO_DIR") or None
    try:
        report = load_demo(session=db.session, seed=seed, esco_dir=esco_dir,
                           progress=lambda message: console.print(f"[dim]{message}[/dim]"))
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    issued = []
    if print_tokens:
        issued = [(user, tokens.issue(session=db.session, user=user, label="demo"))
                  for user in demo_users(session=db.session)]
    db.session.commit()

    table = Table(title="Demo region" + ("" if report.loaded else " (already loaded: nothing changed)"))
    table.add_column("records")
    table.add_column("count", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, str(count))
    console.print(table)
    console.print(f"Taxonomy: {report.taxonomy}")
    if report.loaded:
        console.print(f"Occupations: {report.occupations_by_label} by ESCO label, "
                      f"{report.occupations_by_isco_group} by ISCO group"
                      + (f"; not found: {', '.join(report.missing_occupations)}" if report.missing_occupations else ""))
    for user, token in issued:
        console.print(f"{user.role:<12} {user.email:<42} {token}", soft_wrap=True)
    if not print_tokens:
        console.print("Demo users: " + ", ".join(report.users) + " (tokens with --print-tokens)")
    if report.loaded:
        refresh_results()


@click.command("demo-invitations")
@click.option("--base-url", help="Address of the pages in the links (default: the PUBLIC_URL setting).")
@with_appcontext
def demo_invitations_command(base_url) -> None:
    """Make sure the demo has an account per role, and print for each a new one-time link to set a password."""
    from matchmaker.demo.accounts import demo_accounts
    from matchmaker.services.accounts import invite
    from matchmaker.web.signin import invitation_link

    try:
        users = demo_accounts(session=db.session)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    links = [(user, invitation_link(invite(session=db.session, user=user), base_url)) for user in users]
    db.session.commit()
    click.echo("Sign in to the pages: open a link, choose a password (each link works once, for 7 days).")
    for user, link in links:
        click.echo(f"  {user.role:<12} {user.email:<40} {link}")


COMMANDS = (demo_command, demo_invitations_command)
