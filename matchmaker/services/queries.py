"""Query building blocks shared by the list use cases."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, cast, exists, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from matchmaker.errors import InvalidInput, NotFound
from matchmaker.models import Municipality
from matchmaker.services.places import REGIONS


@dataclass
class Page:
    items: list[Any]
    total: int
    limit: int
    offset: int


def paginate(*, session: Session, query: Select, limit: int, offset: int, order_by) -> Page:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(session.scalars(query.order_by(order_by).limit(limit).offset(offset)).unique())
    return Page(items=items, total=total or 0, limit=limit, offset=offset)


def contains_text(q: str | None, *columns) -> Any | None:
    """A case-insensitive 'contains' over ``columns``, with LIKE wildcards in ``q`` taken literally."""
    if not q:
        return None
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def filter_place(query: Select, model, args: dict) -> Select:
    """Apply ``region`` and ``municipality`` filters to a query on a located model."""
    if region := args.get("region"):
        if region not in REGIONS:
            raise InvalidInput(f"Unknown region {region!r}; one of {', '.join(REGIONS)}.", field="region", location="query")
        codes = select(Municipality.code).where(Municipality.region_code == region)
        query = query.where(model.municipality_code.in_(codes))
    if municipality := args.get("municipality"):
        query = query.where(model.municipality_code == municipality)
    return query


def json_list_holds(session: Session, column, value) -> Any:
    """``value`` is an element of the JSON list in ``column`` (JSONB ``@>`` on PostgreSQL, json_each on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(column, JSONB).contains([value])
    elements = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(elements).where(elements.c.value == value))


def json_list_empty(session: Session, column) -> Any:
    length = func.jsonb_array_length if session.get_bind().dialect.name == "postgresql" else func.json_array_length
    return length(column) == 0


def active_in_month(session: Session, column, month: int) -> Any:
    """A months column (empty = all year) covers ``month``."""
    return or_(json_list_empty(session, column), json_list_holds(session, column, month))


def get_or_404(session: Session, model, record_id: int, what: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"No {what} with id {record_id}.")
    return record


def existing(session: Session, model, ids: list[int], *, field: str, what: str) -> list:
    """The records for ``ids``, or 422 naming the ids that do not exist."""
    ids = list(dict.fromkeys(ids))
    found = {r.id: r for r in session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput(f"Unknown {what} id(s): {', '.join(map(str, missing))}.", field=field)
    return [found[i] for i in ids]
