"""How bulk matching grows: every person's top 10 needs with the facts of their explanations (``top_matches`` +
``explain_top_matches``, as ``measure_matching`` times them) at 10k/2k and 100k/20k read from a generated
province, and at n × 100k by placing n copies of that province side by side.

A copy is the same people, needs and programmes shifted ``SHIFT_LON`` degrees east (about 135 km, more than any
travel radius), so the copies do not reach each other: the Netherlands as provinces of the benchmark's density,
each person reaching as many needs as in one province. (One province with ten times the people would give each
person ten times the needs in reach, which no region has.)

    python -m bench.growth postgresql+psycopg://postgres@127.0.0.1:5432/freshscale_100k --copies 5 10
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time

import numpy as np
from scipy import sparse

from .common import head, in_child
from .measure_matching import _bulk

#: degrees of longitude between two copies of the province (~135 km at 52° N)
SHIFT_LON = 2.0


def tiled(arrays, copies: int, *, id_fields=("ids", "organisation_ids")):
    """``copies`` copies of engine arrays one after the other, each shifted ``SHIFT_LON`` further east, with ids
    (and organisation ids) made distinct per copy."""
    if copies == 1:
        return arrays
    values = {}
    for f in dataclasses.fields(arrays):
        value = getattr(arrays, f.name)
        if value is None:
            values[f.name] = None
        elif sparse.issparse(value):
            values[f.name] = sparse.vstack([value] * copies, format="csr")
        elif isinstance(value, tuple):
            values[f.name] = value * copies
        elif f.name == "lon":
            values[f.name] = np.concatenate([value + SHIFT_LON * c for c in range(copies)])
        elif f.name in id_fields:
            step = int(value.max(initial=0)) + 1
            values[f.name] = np.concatenate([value + step * c for c in range(copies)])
        else:
            values[f.name] = np.concatenate([value] * copies)
    return type(arrays)(**values)


def run(ctx, copies: list[int], *, workers: int = 2) -> list[dict]:
    rows = []
    scales = [(head(ctx.people, 10_000), head(ctx.needs, 2_000), ctx.programmes, "first 10k/2k of the province"),
              (ctx.people, ctx.needs, ctx.programmes, "the province")]
    for n in copies:
        scales.append((tiled(ctx.people, n), tiled(ctx.needs, n), tiled(ctx.programmes, n),
                       f"{n} copies of the province side by side"))
    for people, needs, programmes, what in scales:
        load = os.getloadavg()[0]
        result, memory = in_child(_bulk, ctx.space, ctx.similarity, people, needs, programmes, workers)
        # (_bulk also writes 300 people's explanations in Dutch, as a user reads them: untimed here)
        seconds = result["kernel_s"] + result["explain_s"]
        rows.append({"people": len(people), "needs": len(needs), "programmes": len(programmes), "what": what,
                     "seconds": round(seconds, 2), "kernel_s": round(result["kernel_s"], 2),
                     "pairs": result["pairs"], "people_with_match": result["people_with_match"],
                     "us_per_person": round(1e6 * seconds / len(people), 1), "peak_mib": round(memory["peak_mib"]),
                     "load_before": round(load, 1), "load_after": round(os.getloadavg()[0], 1), "workers": workers})
        print(json.dumps(rows[-1]), flush=True)
        del people, needs, programmes
    return rows


def main(argv=None) -> int:
    from .__main__ import load_context, make_app

    parser = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url", help="a database generated at 100k/20k (bench.generate)")
    parser.add_argument("--copies", nargs="*", type=int, default=[10])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    ctx = load_context(make_app(args.database_url))
    rows = run(ctx, args.copies, workers=args.workers)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(rows, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
