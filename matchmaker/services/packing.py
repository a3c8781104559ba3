"""Engine objects as compact named arrays for the shared store (:mod:`matchmaker.services.derived`), not pickles.

A dataclass of numpy arrays, sparse matrices, numbers and tuples of text becomes named arrays of one ``.npz``
payload that a fresh process reads in a fraction of the pickle's time: whole numbers in the smallest integer type
that holds them (given back in their own type), an ascending one with far fewer distinct values than items as how
often each occurs, true/false as bits, a 0/1 sparse matrix as its column indices and row lengths only, text as one
UTF-8 block (items apart by NUL, which PostgreSQL text never holds), and a table of rows (the names
shown beside the engine's indices) as its columns.

>>> import numpy as np
>>> from scipy import sparse
>>> out = {}
>>> put(out, "a", np.array([3, -1, 300], np.int64)); put(out, "m", sparse.csr_matrix(np.eye(2, dtype=np.float32)))
>>> put(out, "t", ("kok", None, "bakker")); put(out, "x", 0.5); put(out, "gone", None)
>>> sorted(out), out["a"].dtype.name
(['a', 'a.dtype', 'm.dtype', 'm.index_dtype', 'm.indices', 'm.lengths', 'm.shape', 't.missing', 't.text', 'x'], 'int16')
>>> take(out, "a").dtype.name, take(out, "m").toarray().tolist(), take(out, "t"), take(out, "x"), take(out, "gone")
('int64', [[1.0, 0.0], [0.0, 1.0]], ('kok', None, 'bakker'), 0.5, None)
"""
from __future__ import annotations

import dataclasses
from collections import namedtuple
from collections.abc import Mapping

import numpy as np
from scipy import sparse

_INTEGERS = (np.int8, np.int16, np.int32, np.int64)
_UNSIGNED = (np.uint8, np.uint16, np.uint32, np.uint64)


def _smallest(values: np.ndarray) -> np.ndarray:
    """Whole numbers in the smallest integer type that holds them all (unsigned when none is negative)."""
    if not values.size:  # (an array of shape (n, 0) has a length but no values)
        return values
    low, high = values.min(), values.max()
    for kind in (_UNSIGNED if low >= 0 else _INTEGERS):
        info = np.iinfo(kind)
        if info.min <= low and high <= info.max:
            return values.astype(kind, copy=False)
    return values


def _runs(values: np.ndarray) -> bool:
    """Whether ``values`` are better kept as how often each whole number occurs: non-negative, ascending, and
    far fewer distinct than items (a job index per training pair, the pairs sorted by job)."""
    return (values.dtype.kind in "iu" and values.ndim == 1 and len(values) >= 1024 and values[0] >= 0
            and int(values[-1]) < len(values) // 8 and bool(np.all(values[1:] >= values[:-1])))


def _text(value) -> bool:
    return isinstance(value, (tuple, list)) and all(item is None or isinstance(item, str) for item in value)


def put(out: dict[str, np.ndarray], name: str, value) -> None:
    """Add ``value`` (an array, a CSR matrix, a number, a sequence of text or None, or None) to ``out`` as named
    arrays under ``name``; :func:`take` gives it back equal, in its own types."""
    if value is None:
        return
    if sparse.issparse(value):
        matrix = sparse.csr_matrix(value)
        out[f"{name}.indices"] = _smallest(matrix.indices)
        out[f"{name}.lengths"] = _smallest(np.diff(matrix.indptr))
        out[f"{name}.shape"] = np.array(matrix.shape, np.int64)
        out[f"{name}.dtype"] = np.array(matrix.dtype.str)
        out[f"{name}.index_dtype"] = np.array(matrix.indices.dtype.str)
        if not np.all(matrix.data == 1):
            out[f"{name}.data"] = matrix.data
    elif isinstance(value, np.ndarray) and value.dtype == bool:
        out[f"{name}.bits"] = np.packbits(value.ravel())
        out[f"{name}.shape"] = np.array(value.shape, np.int64)
    elif isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise TypeError(f"{name}: arrays of Python objects are not stored")
        if _runs(value):
            out[f"{name}.runs"] = _smallest(np.bincount(value))
            out[f"{name}.dtype"] = np.array(value.dtype.str)
            return
        out[name] = _smallest(value) if value.dtype.kind in "iu" else value
        if out[name].dtype != value.dtype:
            out[f"{name}.dtype"] = np.array(value.dtype.str)
    elif isinstance(value, (bool, int, float, np.number)):
        out[name] = np.array(value)
    elif _text(value):
        present = [item for item in value if item is not None]
        if any("\0" in item for item in present):
            raise ValueError(f"{name}: text with a NUL character is not stored")
        out[f"{name}.text"] = np.frombuffer("\0".join(present).encode(), np.uint8)
        out[f"{name}.missing"] = np.array([item is None for item in value], bool)
    else:
        raise TypeError(f"{name}: {type(value).__name__} is not stored as arrays")


def take(arrays: dict[str, np.ndarray], name: str):
    """What :func:`put` stored under ``name`` (None when nothing was)."""
    if f"{name}.indices" in arrays:
        lengths = arrays[f"{name}.lengths"]
        index_dtype = np.dtype(str(arrays[f"{name}.index_dtype"]))
        indptr = np.zeros(len(lengths) + 1, index_dtype)
        np.cumsum(lengths, out=indptr[1:])
        indices = arrays[f"{name}.indices"].astype(index_dtype)
        dtype = np.dtype(str(arrays[f"{name}.dtype"]))
        data = arrays[f"{name}.data"] if f"{name}.data" in arrays else np.ones(len(indices), dtype)
        return sparse.csr_matrix((data, indices, indptr), shape=tuple(int(n) for n in arrays[f"{name}.shape"]))
    if f"{name}.text" in arrays:
        missing = arrays[f"{name}.missing"]
        if missing.all():
            return (None,) * len(missing)
        found = arrays[f"{name}.text"].tobytes().decode().split("\0")
        if not missing.any():
            return tuple(found)
        items = [None] * len(missing)
        for at, item in zip(np.flatnonzero(~missing).tolist(), found):
            items[at] = item
        return tuple(items)
    if f"{name}.bits" in arrays:
        shape = tuple(int(n) for n in arrays[f"{name}.shape"])
        return np.unpackbits(arrays[f"{name}.bits"], count=int(np.prod(shape))).astype(bool).reshape(shape)
    if f"{name}.runs" in arrays:
        counts = arrays[f"{name}.runs"]
        return np.repeat(np.arange(len(counts), dtype=np.dtype(str(arrays[f"{name}.dtype"]))), counts)
    if name not in arrays:
        return None
    value = arrays[name]
    if value.ndim == 0:
        return value.item()
    if f"{name}.dtype" in arrays:
        return value.astype(np.dtype(str(arrays[f"{name}.dtype"])))
    return value


def put_fields(out: dict[str, np.ndarray], name: str, value, fields=None) -> None:
    """Each of the dataclass ``value``'s fields (or just ``fields``) under ``name.field``."""
    for field in fields or [f.name for f in dataclasses.fields(value)]:
        put(out, f"{name}.{field}", getattr(value, field))


def take_fields(arrays: dict[str, np.ndarray], name: str, fields) -> dict:
    """The fields :func:`put_fields` stored under ``name`` (``fields``: their names, or the dataclass), as keyword
    arguments; a field that was None is None."""
    names = [f.name for f in dataclasses.fields(fields)] if dataclasses.is_dataclass(fields) else list(fields)
    return {field: take(arrays, f"{name}.{field}") for field in names}


def put_rows(out: dict[str, np.ndarray], name: str, rows: dict) -> None:
    """A table of named rows by id (``{id: row}``, every row with the same ``_fields``) as its columns: whole
    numbers as an array, anything else as text (or None)."""
    first = next(iter(rows.values()), None)
    fields = tuple(first._fields) if first is not None else ()
    put(out, f"{name}.fields", fields)
    put(out, f"{name}.ids", np.array(list(rows), np.int64))
    for i, field in enumerate(fields):
        column = [row[i] for row in rows.values()]
        whole = all(isinstance(item, int) and not isinstance(item, bool) for item in column)
        put(out, f"{name}.{field}", np.array(column, np.int64) if whole else tuple(column))


_ROW_TYPES: dict[tuple, type] = {}


class Rows(Mapping):
    """A table :func:`put_rows` stored, as a read-only mapping ``{id: row}`` that builds a row (a named tuple)
    when it is read: a reader of a few rows of 20,000 does not build the other 19,990 first."""

    def __init__(self, ids: list, row_type: type, columns: list):
        self._at = dict(zip(ids, range(len(ids))))
        self._row_type, self._columns = row_type, columns

    def __getitem__(self, key):
        at = self._at[key]
        return self._row_type(*(column[at] for column in self._columns))

    def __iter__(self):
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __contains__(self, key) -> bool:
        return key in self._at


def take_rows(arrays: dict[str, np.ndarray], name: str, kind: str) -> Rows:
    """The table :func:`put_rows` stored under ``name``: ``{id: row}`` (:class:`Rows`), each row a named tuple
    ``kind`` with the same fields."""
    fields = take(arrays, f"{name}.fields") or ()
    row_type = _ROW_TYPES.setdefault((kind, fields), namedtuple(kind, fields))
    columns = []
    for field in fields:
        column = take(arrays, f"{name}.{field}")
        columns.append(column.tolist() if isinstance(column, np.ndarray) else column)
    return Rows(take(arrays, f"{name}.ids").tolist(), row_type, columns)
