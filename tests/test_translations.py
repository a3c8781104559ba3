"""Every message in the code has a Dutch and an English translation, with the same placeholders."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from matchmaker.cli.translations import extract
from matchmaker.i18n import LANGUAGES, catalogue_path, gettext

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def messages(tmp_path_factory):
    template = tmp_path_factory.mktemp("i18n") / "messages.pot"
    extract(template)
    with template.open("rb") as source:
        return {m.id: m for m in read_po(source) if m.id}


def _ids(message_id) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_code_is_translated(messages, language):
    with catalogue_path(language).open("rb") as source:
        catalogue = {m.id: m for m in read_po(source, locale=language) if m.id}
    missing = [m for m in messages if m not in catalogue or not all(_strings(catalogue[m]))]
    fuzzy = [m for m in messages if m in catalogue and catalogue[m].fuzzy]
    unused = [m for m in catalogue if m not in messages]
    assert not missing, f"no {language} translation (run `matchmaker translations update`, then translate): {missing}"
    assert not fuzzy, f"{language} translations marked fuzzy (check them, then drop the flag): {fuzzy}"
    assert not unused, f"{language} catalogue holds messages the code no longer has: {unused}"
    for message_id, message in catalogue.items():
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message_id))))
        for text in _strings(message):
            assert set(PLACEHOLDER.findall(text)) <= wanted | {"num"}, (language, message_id, text)


def test_the_catalogues_are_read_as_written():
    assert gettext("all year", "nl") == "het hele jaar"
    assert gettext("all year", "en") == "all year"
