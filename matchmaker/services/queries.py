"""Query building blocks shared by the list use cases."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (BigInteger, Select, and_, any_, bindparam, case, exists, false, func, literal, or_, select,
                        type_coerce)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Session

from matchmaker.errors import InvalidInput, NotFound, RecordName
from matchmaker.models import Municipality
from matchmaker.search.words import tokens
from matchmaker.services.places import REGIONS, region_choices


@dataclass
class Page:
    items: list[Any]
    total: int
    limit: int
    offset: int
    #: the page as the API sends it, once encoded (a page kept between requests is encoded once)
    body: bytes | None = field(default=None, repr=False, compare=False)


def paginate(*, session: Session, query: Select, limit: int, offset: int, order_by) -> Page:
    """One page of ``query``; ``order_by`` is a column or expression, or a sequence of them."""
    order = tuple(order_by) if isinstance(order_by, (list, tuple)) else (order_by,)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(session.scalars(query.order_by(*order).limit(limit).offset(offset)).unique())
    return Page(items=items, total=total or 0, limit=limit, offset=offset)


def contains_text(q: str | None, *columns) -> Any | None:
    """A case-insensitive 'contains' over ``columns``, with LIKE wildcards in ``q`` taken literally."""
    if not q:
        return None
    pattern = "%" + like_literal(q) + "%"
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def search_name(model, q: str | None, *also) -> tuple[Any, list]:
    """Find records by the words of their name (``model.name_key``): every word of ``q`` inside a word of the
    name, in any order, case and accents aside; ``also``: columns (a description) that may hold ``q`` instead.

    Returns the filter (None without ``q``) and the ranking: the same name first, then names that start with
    ``q``, then names with a word starting with each word of ``q``, then the rest; ties by name.
    """
    by_name = [func.lower(model.name), model.id]
    if not q:
        return None, by_name
    words = tokens(q)
    if not words:
        return false(), by_name
    key = model.name_key
    phrase = "".join(" " + w for w in words)
    holds = and_(*(key.like(f"%{like_literal(w)}%", escape="\\") for w in words))
    rank = case(
        (key == phrase, 0),
        (key.like(like_literal(phrase) + "%", escape="\\"), 1),
        (and_(*(key.like(f"% {like_literal(w)}%", escape="\\") for w in words)), 2),
        (holds, 3),
        else_=4,
    )
    found = or_(holds, contains_text(q, *also)) if also else holds
    return found, [rank, *by_name]


def like_literal(text: str) -> str:
    """``text`` with LIKE wildcards escaped (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def json_list_contains(session: Session, column, value: str):
    """Rows whose JSON list ``column`` holds ``value`` (JSONB containment on PostgreSQL, json_each on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(column, JSONB).contains([value])
    elements = func.json_each(column).table_valued("value")
    return exists(select(literal(1)).select_from(elements).where(elements.c.value == value))


def among_ids(session: Session, column, ids: Iterable[int]):
    """``column`` IN ``ids`` as one bound parameter, whatever the number of ids: ``= ANY(array)`` on PostgreSQL,
    ``IN (SELECT value FROM json_each(...))`` on SQLite. The SQL text stays the same (the driver parses it once
    and the server can keep it prepared) and there is no limit on the number of ids, where a plain IN binds one
    parameter per id (PostgreSQL takes at most 65,535)."""
    ids = [int(i) for i in ids]
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(BigInteger)))
    return column.in_(select(func.json_each(json.dumps(ids)).table_valued("value").c.value))




def filter_place(query: Select, model, args: dict) -> Select:
    """Apply ``region`` and ``municipality`` filters to a query on a located model."""
    if region := args.get("region"):
        if region not in REGIONS:
            raise InvalidInput("Unknown region %(region)s; one of %(value)s.", field="region", location="query", region=f"{region!r}", value=region_choices())
        codes = select(Municipality.code).where(Municipality.region_code == region)
        query = query.where(model.municipality_code.in_(codes))
    if municipality := args.get("municipality"):
        query = query.where(model.municipality_code == municipality)
    return query


def json_list_empty(session: Session, column) -> Any:
    length = func.jsonb_array_length if session.get_bind().dialect.name == "postgresql" else func.json_array_length
    return length(column) == 0


def active_in_month(session: Session, column, month: int) -> Any:
    """A months column (empty = all year) covers ``month``."""
    return or_(json_list_empty(session, column), json_list_contains(session, column, month))


def get_or_404(session: Session, model, record_id: int, what: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFound("No %(what)s with id %(record_id)s.", what=RecordName(what), record_id=record_id)
    return record


def existing(session: Session, model, ids: list[int], *, field: str, what: str, only_ids: bool = False) -> list:
    """The records for ``ids`` (just the ids with ``only_ids``), or 422 naming the ids that do not exist."""
    ids = list(dict.fromkeys(ids))
    if only_ids:
        found = {i: i for i in session.scalars(select(model.id).where(model.id.in_(ids)))} if ids else {}
    else:
        found = {r.id: r for r in session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidInput("Unknown %(what)s id(s): %(value)s.", field=field, what=RecordName(what),
                           value=', '.join(map(str, missing)))
    return [found[i] for i in ids]
