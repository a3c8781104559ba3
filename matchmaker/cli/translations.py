"""``matchmaker translations``: bring the catalogues up to date with the messages in the code."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po

from matchmaker.i18n import LANGUAGES, TRANSLATIONS_DIR, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
#: messages are marked by N_ and by being the first argument of an error (matchmaker.errors: raise NotFound("..."))
KEYWORDS = ("N_", "DomainError", "InvalidInput", "TaxonomyFormatError", "NotFound", "Unauthenticated", "Forbidden",
            "Conflict", "RetryLater", "TooManyRequests", "ServiceUnavailable", "UnsupportedMediaType",
            "EscoFormatError", "BuiltinTaxonomyError")
#: without locations the catalogues change only when a message does
EXTRACT = ["extract", "-F", "babel.cfg", *(f"-k{k}" for k in KEYWORDS), "--no-location", "--sort-output",
           "--omit-header"]


def pybabel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, capture_output=True,
                          text=True)


def extract(output: Path) -> None:
    done = pybabel(*EXTRACT, "-o", str(output), ".")
    if done.returncode:
        raise click.ClickException(done.stderr)


def write(path: Path, catalogue) -> None:
    with path.open("wb") as out:
        write_po(out, catalogue, width=0, no_location=True, sort_output=True)


def mirror_english() -> None:
    """English is the source language: its catalogue gives every message itself as translation."""
    path = catalogue_path("en")
    with path.open("rb") as source:
        catalogue = read_po(source, locale="en")
    for message in catalogue:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    catalogue.fuzzy = False
    write(path, catalogue)


@click.group("translations")
def translations() -> None:
    """The Dutch and English message catalogues (matchmaker/translations)."""


@translations.command("update")
def update() -> None:
    """Extract the messages, add new ones to every catalogue and drop removed ones; English gets each message as
    its own translation. New Dutch messages stay empty until translated (the test suite fails on them)."""
    with tempfile.TemporaryDirectory() as scratch:
        template = Path(scratch) / "messages.pot"
        extract(template)
        for language in LANGUAGES:
            done = pybabel("update", "-i", str(template), "-d", str(TRANSLATIONS_DIR), "-l", language,
                           "--no-wrap", "--ignore-obsolete")
            if done.returncode:
                raise click.ClickException(done.stderr)
    mirror_english()
    click.echo(f"Updated {', '.join(LANGUAGES)}; translate the empty Dutch messages in {catalogue_path('nl')}.")


COMMANDS = [translations]
