"""Typed errors of the engine: one tree, every error the engine raises on purpose derives from :class:`EngineError`.

The subclasses say what went wrong in a way a caller can act on: an option outside its range
(:class:`InvalidParameter`, and its kinds :class:`ArrayShapeError` and :class:`UnknownKindError`), an unknown
index (:class:`UnknownOccupation`, :class:`UnknownPerson`, :class:`UnknownNeed`) or organisation, a threshold that
cannot be calibrated, no feasible path. :mod:`matchmaker.errors` maps them to HTTP answers in one place
(:func:`matchmaker.errors.from_engine`); a job that fails on one records the same words.

>>> issubclass(UnknownOccupation, EngineError) and issubclass(UnknownOccupation, IndexError)
True
>>> issubclass(ArrayShapeError, InvalidParameter) and issubclass(ArrayShapeError, ValueError)
True
"""
from __future__ import annotations


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidParameter(EngineError, ValueError):
    """A keyword option is outside its allowed range (e.g. a credit above 1)."""


class ArrayShapeError(InvalidParameter):
    """Arrays that must line up (people x needs, occupations x occupations, ...) do not."""


class UnknownKindError(InvalidParameter):
    """A partner-match kind, barrier or edge type that the engine does not know."""


class UnknownOccupation(EngineError, IndexError):
    """An occupation index is outside the skill space."""


class UnknownPerson(EngineError, IndexError):
    """A person index is outside the people arrays."""


class UnknownNeed(EngineError, IndexError):
    """A need index is outside the need arrays."""


class UnknownOrganisationError(EngineError, ValueError):
    """A need or programme refers to an organisation id that is not in the organisation arrays."""


class NotAnEcosystemGraphError(EngineError, ValueError):
    """A graph passed to a graph function was not built by :func:`~matchmaker.engine.ecosystem_graph.build_ecosystem_graph`."""


class CalibrationError(EngineError):
    """A threshold cannot be calibrated on the data given (e.g. no ISCO group with two occupations)."""


class NoFeasiblePath(EngineError):
    """No career path satisfies the person's hard constraints within the step limit."""


def check_index(index, size: int, error: type[EngineError], what: str) -> int:
    """Return ``index`` as an int when ``0 <= index < size``, else raise ``error``.

    >>> check_index(2, 3, UnknownOccupation, "occupation")
    2
    >>> try:
    ...     check_index(3, 3, UnknownOccupation, "occupation")
    ... except UnknownOccupation as error:
    ...     print(error)
    occupation index 3 is outside 0..2
    """
    try:
        i = int(index)
    except (TypeError, ValueError):
        raise error(f"{what} index {index!r} is not an integer") from None
    if not 0 <= i < size:
        raise error(f"{what} index {i} is outside 0..{size - 1}")
    return i
