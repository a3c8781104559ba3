"""``matchmaker exchange-report``: the exchange's headline figures, and one SME question with its matches in words
(Dutch unless ``--lang en``), as the coordinator's monitor and the SME's page show them."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import SmeQuestion, User
from matchmaker.services.exchange import matching, monitor


@click.command("exchange-report")
@click.option("--question", "question_id", type=int, help="The question to show (default: the first one).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@with_appcontext
def exchange_report(question_id, lang) -> None:
    """Print the monitor's headline figures and one question's matches."""
    reader = User(role="coordinator", name="exchange-report")
    figures = monitor.monitor(session=db.session, actor=reader)
    for name, value in figures["totals"].items():
        click.echo(f"{name:<18} {value}")
    for item in figures["reach"]["region"]:
        click.echo(f"reach {item['label']}: {item['smes_reached']} of {item['smes']} SMEs ({item['share']:.0%})")
    for item in figures["barriers"]["most_named"][:3]:
        click.echo(f"barrier {item['label']}: {item['questions']} questions")
    question_id = question_id or db.session.scalar(select(SmeQuestion.id).order_by(SmeQuestion.id))
    if question_id is None:
        return
    found = matching.match(session=db.session, actor=reader, question_id=question_id, language=lang)
    question = found.question
    click.echo(f"\nquestion {question.id} ({question.organisation.name}): {question.question}")
    for suggestion in found.cases + found.sessions + found.pioneers:
        title = getattr(suggestion.record, "title", None) or suggestion.record.name
        click.echo(f"- {suggestion.kind} «{title}»: {suggestion.explanation}")


COMMANDS = [exchange_report]
