"""Province-wide derived results, shared by every process on every machine through the database.

The transition table and the province's partner matches hold no personal data and cost seconds to minutes to
compute; every API process and worker needs the same ones. :func:`shared` gives the stored one for the current
data version (table ``derived_results``), or computes it once: on PostgreSQL the first process takes an advisory
lock for that name and version while the others wait for it and then read what it stored, so a result is
computed once however many workers on however many machines ask at the same moment. Each name keeps only its
latest version. Callers keep what they read in process memory as well (keyed by the same data versions).

On a SQLite file (the embedded default, one machine) the store is the same table; an in-memory database is seen by
no other process, so nothing is stored there. Payloads are written by this code only (pickles and ``.npz``
arrays of engine objects); nothing of a person goes in.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import socket
import struct
import zipfile
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import sqlalchemy.exc
from sqlalchemy import delete, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from matchmaker.models import DerivedResult
from matchmaker.models.base import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")


def pickled(value) -> bytes:
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


#: the ``.npz`` members' data start at a multiple of this, so that they are read in place as aligned arrays
_ALIGN = 64
#: a zip "extra field" id no reader interprets (the one Android's zipalign uses): its bytes are the padding
_PADDING_ID = 0xD935


def arrays(value: dict[str, np.ndarray]) -> bytes:
    """Numpy arrays as one ``.npz`` payload (no pickle, uncompressed), each array's data aligned so that
    :func:`read_arrays` gives it as a view of the payload; ``numpy.load`` reads it as any ``.npz``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, array in value.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            # the .npy header is padded to a multiple of 64 bytes: align where the member's bytes start
            start = out.tell() + 30 + len(info.filename.encode()) + 4
            info.extra = struct.pack("<HH", _PADDING_ID, -start % _ALIGN) + bytes(-start % _ALIGN)
            archive.writestr(info, member.getbuffer())
    return out.getvalue()


def read_arrays(payload: bytes) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` payload. An uncompressed member (what :func:`arrays` writes) is read in place: a
    view of one writable copy of the payload (aligned where :func:`arrays` aligned it, else copied), with no
    per-array copy or checksum pass; a compressed one as ``numpy.load`` reads it."""
    buffer = bytearray(payload)
    view = memoryview(buffer)
    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        for info in archive.infolist():
            name = info.filename.removesuffix(".npy")
            if info.compress_type != zipfile.ZIP_STORED:
                with archive.open(info) as member:
                    out[name] = np.lib.format.read_array(member, allow_pickle=False)
                continue
            names, extra = struct.unpack_from("<HH", buffer, info.header_offset + 26)
            start = info.header_offset + 30 + names + extra  # the .npy: magic, version, header length, header
            size = 10 + struct.unpack_from("<H", buffer, start + 8)[0] if buffer[start + 6] == 1 \
                else 12 + struct.unpack_from("<I", buffer, start + 8)[0]
            header = io.BytesIO(bytes(view[start:start + size]))
            version = np.lib.format.read_magic(header)
            shape, fortran, dtype = (np.lib.format.read_array_header_1_0(header) if version == (1, 0)
                                     else np.lib.format.read_array_header_2_0(header))
            if dtype.hasobject:
                raise ValueError(f"{name}: arrays of Python objects are not read")
            offset = start + size
            count = int(np.prod(shape))
            array = np.frombuffer(buffer, dtype, count=count, offset=offset) if count else np.zeros(shape, dtype)
            if offset % max(dtype.alignment, 1):
                array = array.copy()
            out[name] = array.reshape(shape, order="F" if fortran else "C")
    return out


def version_key(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()


def _computed_by() -> str:
    return f"{socket.gethostname()} {os.getpid()}"[:120]


def _row(name: str, digest: str):
    return select(DerivedResult.payload).where(DerivedResult.name == name, DerivedResult.version_key == digest)


def _payload(conn, name: str, digest: str) -> bytes | None:
    """The stored payload of ``name`` at ``digest`` (None when there is none). On PostgreSQL with psycopg it comes
    in the binary format: in text, a bytea arrives as hexadecimal twice its size and takes seconds to decode at
    100 MiB."""
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        cursor = conn.connection.driver_connection.cursor(binary=True)
        try:
            cursor.execute("SELECT payload FROM derived_results WHERE name = %s AND version_key = %s", (name, digest))
            found = cursor.fetchone()
        finally:
            cursor.close()
        return None if found is None else bytes(found[0])
    return conn.scalar(_row(name, digest))


def _present(name: str, digest: str):
    return select(DerivedResult.computations).where(DerivedResult.name == name, DerivedResult.version_key == digest)


def _store(conn, name: str, digest: str, payload: bytes) -> None:
    """Keep ``payload`` as the latest of ``name`` (a second computation of the same version counts up)."""
    conn.execute(delete(DerivedResult).where(DerivedResult.name == name, DerivedResult.version_key != digest))
    values = {"name": name, "version_key": digest, "payload": payload, "computed_at": utcnow(),
              "computed_by": _computed_by(), "computations": 1}
    if conn.dialect.name == "postgresql":
        statement = postgresql.insert(DerivedResult).values(values)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["name", "version_key"],
            set_={"payload": statement.excluded.payload, "computed_at": statement.excluded.computed_at,
                  "computed_by": statement.excluded.computed_by, "computations": DerivedResult.computations + 1}))
    elif conn.execute(update(DerivedResult).where(DerivedResult.name == name, DerivedResult.version_key == digest)
                      .values(payload=payload, computed_at=values["computed_at"], computed_by=values["computed_by"],
                              computations=DerivedResult.computations + 1)).rowcount == 0:
        conn.execute(DerivedResult.__table__.insert().values(values))


def shared(session: Session, name: str, key: tuple, compute: Callable[[], T], *,
           dump: Callable[[T], bytes] = pickled, load: Callable[[bytes], T] = pickle.loads) -> T:
    """The ``name`` result for ``key`` (whose first item is the database URL, then the data versions it depends on):
    stored, or computed by ``compute()`` once and stored for every other process."""
    return _shared(session, name, key, compute, dump, load)


def ensure(session: Session, name: str, key: tuple, compute: Callable[[], T], *,
           dump: Callable[[T], bytes] = pickled) -> None:
    """Make sure the ``name`` result for ``key`` is stored (computed once between all processes, as
    :func:`shared`), without reading it when it is: a worker prepares it for the processes that will read it."""
    _shared(session, name, key, compute, dump, None)


def _shared(session: Session, name: str, key: tuple, compute: Callable[[], T], dump: Callable[[T], bytes],
            load: Callable[[bytes], T] | None) -> T | None:
    engine = session.get_bind()
    url = str(key[0])
    if url.endswith(":memory:") or url == "sqlite://":
        return compute() if load is not None else None
    digest = version_key(key)
    found = _row(name, digest) if load is not None else _present(name, digest)

    def read(payload):
        return load(payload) if load is not None else None

    def stored(conn):
        return _payload(conn, name, digest) if load is not None else conn.scalar(found)

    if engine.dialect.name != "postgresql":
        payload = session.scalar(found)
        if payload is not None:
            return read(payload)
        value = compute()
        own = session.connection()
        if own.connection.dbapi_connection.in_transaction:
            # this session holds the file's write lock (a job run inside the request that queued it): a second
            # connection would wait for it until the busy timeout and fail, so the result goes with this session's
            # transaction (and is gone if it rolls back: the next reader stores it)
            _store(own, name, digest, dump(value))
            return value if load is not None else None
        try:
            with engine.begin() as conn:
                _store(conn, name, digest, dump(value))
        except sqlalchemy.exc.OperationalError:  # the file is locked by a long write: the next reader stores it
            log.warning("could not store the derived result %s now", name)
        return value if load is not None else None
    lock = int.from_bytes(hashlib.sha256(f"{name}:{digest}".encode()).digest()[:8], "big", signed=True)
    with engine.connect() as conn:  # its own connection: a killed process's connection closes and frees the lock
        payload = stored(conn)
        conn.commit()
        if payload is not None:
            return read(payload)
        conn.execute(text("SELECT pg_advisory_lock(:lock)"), {"lock": lock})
        conn.commit()
        try:
            payload = stored(conn)  # computed by the process we waited for
            conn.commit()
            if payload is not None:
                return read(payload)
            value = compute()
            _store(conn, name, digest, dump(value))
            conn.commit()
            log.info("computed and stored %s", name)
            return value if load is not None else None
        finally:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:lock)"), {"lock": lock})
            conn.commit()
