"""The ``matchmaker`` command: Flask's CLI plus the project's own commands."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def register_cli(app: Flask) -> None:
    from matchmaker.cli import accounts, audit, database, demo, exchange, taxonomy, translations

    for module in (accounts, audit, database, taxonomy, demo, translations, exchange):
        for command in module.COMMANDS:
            app.cli.add_command(command)


def _create_app(*_args) -> Flask:
    from matchmaker import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Matchmaker: regional career paths, candidate matches and partnerships."""
