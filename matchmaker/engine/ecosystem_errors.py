"""Typed errors of the ecosystem half of the engine (partners, allocation, insights, ecosystem graph).

All derive from :class:`EcosystemError`, itself a :class:`ValueError`, so callers (services, API) can turn
them into a 4xx with a clear message without catching unrelated bugs.
"""
from __future__ import annotations


class EcosystemError(ValueError):
    """Base class: the inputs cannot be used as given."""


class ArrayShapeError(EcosystemError):
    """Arrays that must line up (people x needs, occupations x occupations, ...) do not."""


class UnknownOrganisationError(EcosystemError):
    """A need or programme refers to an organisation id that is not in the organisation arrays."""


class UnknownKindError(EcosystemError):
    """A partner-match kind, barrier or edge type that the engine does not know."""


class NotAnEcosystemGraphError(EcosystemError):
    """A graph passed to a graph function was not built by :func:`build_ecosystem_graph`."""
