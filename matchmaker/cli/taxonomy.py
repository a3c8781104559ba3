"""``matchmaker import-esco`` and ``matchmaker import-builtin-taxonomy``: load the occupation and skill taxonomy."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import with_appcontext
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from matchmaker.cli.refresh import refresh_results
from matchmaker.errors import TaxonomyFormatError
from matchmaker.extensions import db
from matchmaker.taxonomy.builtin import load_builtin_taxonomy
from matchmaker.taxonomy.esco import import_esco

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@contextmanager
def _progress_bar():
    """A rich progress bar on stderr, one row per step; yields the service's progress callback."""
    with Progress(TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        tasks: dict[str, int] = {}

        def on_progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield on_progress


def _run(load) -> None:
    """Run ``load(progress)`` in one transaction: commit on success, otherwise roll back and report the error;
    then recompute every region's results on the new taxonomy."""
    try:
        with _progress_bar() as progress:
            report = load(progress)
        db.session.commit()
    except TaxonomyFormatError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.message} Nothing was imported.") from error
    except BaseException:
        db.session.rollback()
        raise
    for line in report.lines():
        click.echo(line)
    refresh_results()


@click.command("import-esco")
@click.argument("classification_zip", type=_FILE)
@click.argument("relations_zip", type=_FILE)
@click.option("--dutch", "--nl-labels", "dutch", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="The Dutch ESCO download for Dutch labels: its zip, a folder, or its files (occupations_nl.csv, "
                   "skills_nl.csv, skillGroups_nl.csv, *Collection_nl.csv). Repeat for several.")
@with_appcontext
def import_esco_command(classification_zip: Path, relations_zip: Path, dutch: tuple[Path, ...]) -> None:
    """Import the official ESCO v1.1.1 CSV downloads (classification zip, relations zip, Dutch labels); safe to
    repeat, and all or nothing."""
    _run(lambda progress: import_esco(session=db.session, classification_zip=classification_zip,
                                      relations_zip=relations_zip, dutch=dutch, progress=progress))


@click.command("import-builtin-taxonomy")
@with_appcontext
def import_builtin_taxonomy_command() -> None:
    """Load the built-in compact occupation and skill taxonomy shipped with Matchmaker; safe to repeat."""
    _run(lambda progress: load_builtin_taxonomy(session=db.session, progress=progress))


COMMANDS = (import_esco_command, import_builtin_taxonomy_command)
