"""Results in words, as a reader sees them: the facts rendered in English or Dutch."""
from matchmaker.explanations import render


def english(result) -> str:
    return render(result.facts, "en")


def dutch(result) -> str:
    return render(result.facts, "nl")
