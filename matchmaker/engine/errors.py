"""Typed errors of the engine.

Services catch :class:`EngineError` and turn it into a 4xx/5xx answer; the subclasses say what went wrong
in a way a caller can act on (an unknown index, a threshold that cannot be calibrated, no feasible path).

>>> issubclass(UnknownOccupation, EngineError) and issubclass(UnknownOccupation, IndexError)
True
"""
from __future__ import annotations


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidParameter(EngineError, ValueError):
    """A keyword option is outside its allowed range (e.g. a credit above 1)."""


class UnknownOccupation(EngineError, IndexError):
    """An occupation index is outside the skill space."""


class UnknownPerson(EngineError, IndexError):
    """A person index is outside the people arrays."""


class UnknownNeed(EngineError, IndexError):
    """A need index is outside the need arrays."""


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
