"""Render ``results.json`` as the readable table (``bench/RESULTS.md``), with each floor met or missed."""
from __future__ import annotations

from pathlib import Path

from .measure_pages import markdown

GIB_IN_MIB = 1024
#: the hand-written note on missed floors (profiled causes, what limits them now), appended to a full run's table
LIMITS = Path(__file__).resolve().parent / "limits.md"
#: results of the restructured engine compared with the old ones (bench/compare_results.py), kept by hand
COMPARISON = Path(__file__).resolve().parent / "comparison.md"


def _f(value, digits=2):
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _floor(ok: bool | None, figure: str) -> str:
    if ok is None:
        return f"not measured ({figure})"
    return f"**met** ({figure})" if ok else f"**MISSED** ({figure})"


def _table(header, rows) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_f(c) for c in row) + " |" for row in rows]
    return out


def floors(results: dict) -> list[tuple[str, str]]:
    """(floor, verdict) for every floor of issue 6; judged on the largest scale measured."""
    m = results["measurements"]
    out = []
    matching = m.get("matching")
    if isinstance(matching, list) and matching:
        big = matching[-1]
        scale = f"{big['people']:,}/{big['needs']:,}"
        out.append((f"bulk matching with explanations ≤ 60 s ({scale})", _floor(big["seconds"] <= 60, f"{big['seconds']:.1f} s")))
        out.append((f"≥ 100× faster per person than the naive loop ({scale})",
                    _floor(big["speedup_vs_naive"] >= 100, f"{big['speedup_vs_naive']:,.0f}×")))
        out.append((f"≤ 2× the bare kernel ({scale})", _floor(big["ratio_vs_kernel"] <= 2, f"{big['ratio_vs_kernel']:.2f}×")))
    transitions = m.get("transitions")
    if isinstance(transitions, list) and transitions:
        big = transitions[-1]
        out.append((f"all transitions ≤ 30 s ({big['occupations']:,} occupations)",
                    _floor(big["seconds"] <= 30, f"{big['seconds']:.1f} s, threshold {big['viable_threshold']:.3f}")))
    career = m.get("career_paths")
    if isinstance(career, list) and career:
        for big in career:
            scale = f"{big['people']:,}/{big['needs']:,}"
            if "error" in big:
                out.append((f"career paths ({scale})", _floor(False, big["error"][:80])))
                continue
            out.append((f"career paths median ≤ 20 ms ({scale})",
                        _floor(big["median_ms"] <= 20, f"{big['median_ms']:.1f} ms")))
            out.append((f"career paths p95 ≤ 50 ms ({scale})", _floor(big["p95_ms"] <= 50, f"{big['p95_ms']:.1f} ms")))
            if "after_change_s" in big.get("service", {}):  # issue 16: a fresh process, after any change
                out.append((f"first career path after a change ≤ 1 s ({scale})",
                            _floor(big["service"]["after_change_s"] <= 1, f"{big['service']['after_change_s']:.2f} s")))
    if isinstance(career, dict) and "error" in career:
        out.append(("career paths median ≤ 20 ms, p95 ≤ 50 ms", _floor(False, "failed: " + career["error"][:100])))
    allocation = m.get("allocation")
    if isinstance(allocation, list) and allocation:
        rows = [r for r in allocation if r["people"] == 10_000] or allocation[-1:]
        r = rows[0]
        out.append((f"allocation ≤ 30 s ({r['people']:,}×{r['needs']:,})",
                    _floor(r["allocate_s"] <= 30, f"{r['allocate_s']:.2f} s")))
        out.append((f"allocation fills ≥ as many needs as greedy ({r['people']:,}×{r['needs']:,})",
                    _floor(r["needs_filled"][0] >= r["needs_filled"][1],
                           f"{r['needs_filled'][0]:,} vs {r['needs_filled'][1]:,}")))
    search = m.get("search")
    if isinstance(search, dict) and "search" in search:
        out.append((f"search by words p95 ≤ 20 ms ({search['occupations']:,} occupations, {search['skills']:,} skills)",
                    _floor(search["search"]["p95_ms"] <= 20,
                           f"{search['search']['p95_ms']:.1f} ms, {search['p95_ratio_vs_baseline']:.2f}× one need by id")))
    elif isinstance(search, dict) and "error" in search:
        out.append(("search by words p95 ≤ 20 ms", _floor(False, search["error"][:90])))
    api = _api_rows(m)
    for row in api:
        if "baseline" in row["endpoint"]:
            continue
        share = row.get("share_of_one_record")
        if share is None:  # a run from before the one-record floors
            continue
        ok = share >= 0.5 and row["errors"] == 0 and (row["endpoint"].startswith("POST") or row["p99_ms"] <= 100)
        target = "≥ 0.5× one record, 0 errors" if row["endpoint"].startswith("POST") else \
            "≥ 0.5× one record, p99 ≤ 100 ms, 0 errors"
        out.append((f"{row['endpoint']}: {target}",
                    _floor(ok, f"{row['req_per_s']:.0f} req/s = {share:.2f}×, p99 {row['p99_ms']:.0f} ms, "
                               f"{row['errors']} errors")))
    pages = m.get("pages")
    if isinstance(pages, dict) and "rows" in pages:
        out.append((f"server time per page p95 ≤ {pages['limit_ms']:.0f} ms ({pages['region']})",
                    _floor(pages["within_limit"], f"{pages['p95_all_ms']:.0f} ms")))
    workers = m.get("workers")
    if isinstance(workers, dict) and "error" in workers:
        out.append(("two workers ≥ 1.7× one worker on a multi-region recompute", _floor(False, workers["error"][:90])))
    if isinstance(workers, dict) and "speedup" in workers:
        out.append(("two workers ≥ 1.7× one worker on a multi-region recompute",
                    _floor(workers["speedup"] >= 1.7, f"{workers['speedup']:.2f}×")))
        out.append(("worker peak memory ≤ 2 GiB during the recompute",  # issue 16 (issue 6 asked ≤ 4 GiB)
                    _floor(workers["peak_worker_mib"] <= 2 * GIB_IN_MIB, f"{workers['peak_worker_mib']:.0f} MiB")))
    return out


def _api_rows(m: dict) -> list[dict]:
    """The API rows of a run (a list in runs before the stored candidates, then under ``rows``)."""
    api = m.get("api")
    if isinstance(api, dict):
        return api.get("rows", [])
    return api if isinstance(api, list) else []


def render(results: dict) -> str:
    mc = results["machine"]
    m = results["measurements"]
    lines = [f"# Benchmark results ({results['mode']} run)", "",
             f"Run {results['date']} on {mc['cpu']}, {mc['cores']} cores, {mc['memory_gib']} GiB memory, "
             f"Python {mc['python']} (numpy {mc['numpy']}, scipy {mc['scipy']}), {mc['platform']}. "
             f"Total {results.get('total_s', 0):.0f} s. Absolute times depend on what else the 2 cores "
             "run; ratios against baselines measured in the same run are what count.", "",
             "Regenerate with `make bench` (full, needs ESCO, PostgreSQL and Redis) or `make bench-quick`.", ""]
    for note in results.get("notes", []):
        lines += [f"> {note}", ""]
    ctx = results.get("context", {})
    lines += ["## Region", "",
              f"Seed {results['seed']}; {ctx.get('occupations', 0):,} occupations × {ctx.get('skills', 0):,} skills; "
              f"{ctx.get('people', 0):,} people, {ctx.get('needs', 0):,} open needs, "
              f"{ctx.get('organisations', 0):,} organisations, {ctx.get('programmes', 0):,} programmes. "
              f"Viable threshold {ctx.get('viable_threshold', 0):.3f} ({ctx.get('calibration', '')}). "
              f"Engine arrays read through services in {ctx.get('seconds', 0):.1f} s.", ""]
    gen = results.get("generation", {})
    if gen:
        rows = [(backend, g["taxonomy"], *(g["seconds"].get(k) for k in ("taxonomy import", "region generate + insert")),
                 sum(v for k, v in g["rows"].items()))
                for backend, g in gen.items()]
        lines += _table(["database", "taxonomy", "import s", "generate + insert s", "rows written"], rows) + [""]

    lines += ["## Floors", ""]
    lines += _table(["floor", "verdict"], floors(results)) + [""]

    matching = m.get("matching")
    if isinstance(matching, list):
        lines += ["## Bulk matching: every person's top 10 needs with explanations", "",
                  "bulk = `top_matches` + `explain_top_matches` (all facts of every top-10 match as arrays; the "
                  "sentences are written when a match is read — the last two columns time writing them for a sample "
                  "and extrapolate to all pairs). kernel = `top_matches` alone (sparse product + top-k). naive = a "
                  "Python loop per person over all needs (set intersection, haversine, checks), extrapolated. "
                  "threads = `workers` of `top_matches` and `explain_top_matches` (bulk and kernel alike); the "
                  "naive loop is one thread.", ""]
        lines += _table(["people", "needs", "threads", "bulk s", "kernel s", "explain s", "people/s", "pairs",
                         "peak MiB (+Δ)",
                         "naive s (extrap.)", "× vs naive", "bulk / kernel", "words µs/match", "all words s (extrap.)"],
                        [(r["people"], r["needs"], r.get("workers", 1), r["seconds"], r["kernel_alone_s"], r["explain_s"], r["people_per_s"],
                          r["pairs_explained"], f"{r['peak_mib']:.0f} (+{r['peak_delta_mib']:.0f})",
                          r["naive_extrapolated_s"], r["speedup_vs_naive"], r["ratio_vs_kernel"],
                          r["words_us_per_match"], r["words_all_extrapolated_s"]) for r in matching]) + [""]
    elif matching:
        lines += ["## Bulk matching", "", f"error: {matching.get('error')}", ""]

    transitions = m.get("transitions")
    if isinstance(transitions, list):
        lines += ["## Occupation transitions (`transition_matrix` + `viable_threshold`)", ""]
        lines += _table(["occupations", "skills", "matrix s", "threshold s", "total s", "viable threshold",
                         "share viable", "peak +MiB"],
                        [(r["occupations"], r["skills"], r["matrix_s"], r["threshold_s"], r["seconds"],
                          f"{r['viable_threshold']:.3f}", f"{r['viable_share']:.1%}", r["peak_delta_mib"])
                         for r in transitions]) + [""]

    search = m.get("search")
    if isinstance(search, dict) and "search" in search:
        lines += ["## Search by words (`GET /occupations?q=`, `GET /skills?q=`)", "",
                  f"{search['queries']} queries × occupations and skills, in this process through the Flask app; "
                  f"baseline: one need by id in the same run. Token index: {search['entries']['occupation']:,} "
                  f"occupation and {search['entries']['skill']:,} skill labels, built in "
                  f"{search['catalogue_build_s']:.2f} s once per process and taxonomy version.", ""]
        lines += _table(["what", "requests", "median ms", "p95 ms", "max ms"],
                        [(name, r["requests"], r["median_ms"], r["p95_ms"], r["max_ms"])
                         for name, r in (("one need by id (baseline)", search["baseline"]),
                                         ("search request", search["search"]), ("index alone", search["index"]))])
        lines += ["", f"p95 of a search request: {search['p95_ratio_vs_baseline']:.2f}× the baseline's. First hits:", ""]
        lines += [f"- `{query}`: {', '.join(labels)}" for query, labels in search["found"].items()] + [""]

    career = m.get("career_paths")
    if isinstance(career, list) and career:
        b = career[0]["nx_baseline"]
        lines += ["## Career paths (k=5, ≤ 3 steps, explanations included)", "",
                  f"`prepare_region` once per labour-market region, then `career_paths` per person for a sample. "
                  f"Baseline: networkx `shortest_simple_paths` (5 paths) on the whole occupation graph "
                  f"({b['graph_nodes']:,} nodes, {b['graph_edges']:,} viable edges): median "
                  f"{b['median_ms_per_pair']:.0f} ms per single pair over {b['pairs']} pairs.", ""]
        lines += _table(["people", "needs", "sample", "median ms", "p95 ms", "max ms", "with a path",
                         "prepare_region s per region", "× vs networkx (median)", "job ms, warm (service)"],
                        [(r["people"], r["needs"], r["sample"], r["median_ms"], r["p95_ms"], r["max_ms"], r["with_path"],
                          ", ".join(f"{k} {v}" for k, v in r["prepare_region_s"].items()), r["speedup_vs_nx"],
                          f"{r['service']['median_ms']:.1f} (p95 {r['service']['p95_ms']:.1f})" if "service" in r else "–")
                         if "error" not in r else (r["people"], r["needs"], "–", "–", "–", "–", "–", r["error"][:90], "–", "–")
                         for r in career]) + [""]
        for r in career:
            if "service" in r:
                s = r["service"]
                lines += [f"Job ms: `services.career_paths.compute` per person as a worker runs it, on the "
                          f"{results.get('context', {}).get('backend', 'main')} database ({r['people']:,}/{r['needs']:,}, "
                          f"{s['sample']} people after the first): the person loaded, the province's prepared region "
                          f"from the process cache. The first request with nothing prepared anywhere took "
                          f"{s['cold_s']:.1f} s (it loads and prepares the province: {s['region_jobs']:,} jobs, "
                          f"{s['training_pairs']:,} training pairs, {s['region_mib']:.0f} MiB, and stores it for every "
                          f"process). After a change, the recompute prepares and stores the province once "
                          + (f"({s['prepare_shared_s']:.1f} s, {s['stored_mib']:.0f} MiB stored); the first career "
                             f"path in a fresh process then took {s['after_change_s']:.2f} s (read from the shared "
                             f"store)." if "after_change_s" in s else "(not measured in this run)."),
                          ""]

    allocation = m.get("allocation")
    if isinstance(allocation, list) and allocation:
        b = allocation[0]["nx_baseline"]
        lines += ["## Regional allocation vs greedy top-k (k=3)", "",
                  "Scores: each person's 30 best feasible needs from the matcher. Each pair is (regional, greedy). "
                  f"Solver baseline on {b['people']}×{b['needs']} ({b['pairs']:,} pairs, one primary each): "
                  f"`nx.min_cost_flow` {b['nx_min_cost_flow_s']:.2f} s ({b['nx_seats']} seats) vs `allocate` "
                  f"{b['allocate_s']:.3f} s ({b['allocate_seats']} seats): {b['speedup']:.0f}×.", ""]
        lines += _table(["people", "needs", "places", "pairs", "allocate s", "greedy s", "needs filled", "seats filled",
                         "total fit", "people with a suggestion"],
                        [(r["people"], r["needs"], r["places"], r["candidate_pairs"], r["allocate_s"], r["greedy_s"],
                          " / ".join(map(str, r["needs_filled"])), " / ".join(map(str, r["seats_filled"])),
                          " / ".join(map(str, r["total_fit"])), " / ".join(map(str, r["people_with_suggestion"])))
                         for r in allocation]) + [""]

    partners = m.get("partners")
    if isinstance(partners, list):
        lines += ["## Partner matches (`partner_matches`, all kinds)", ""]
        lines += _table(["organisations", "needs", "programmes", "requests", "seconds", "matches", "peak +MiB",
                         "by kind"],
                        [(r["organisations"], r["needs"], r["programmes"], r["requests"], r["seconds"], r["matches"],
                          r["peak_delta_mib"], ", ".join(f"{k} {v}" for k, v in r["by_kind"].items()))
                         for r in partners]) + [""]

    build = m.get("build")
    if isinstance(build, list):
        lines += ["## Graph and matrix build from the database (`engine_inputs.load_*` + `build_ecosystem_graph`)", ""]
        lines += _table(["database", "region", "people", "needs", "organisations", "nodes", "edges", "skill space s",
                         "people s", "others s", "graph s", "total s", "peak +MiB"],
                        [(r["backend"], r["region"], r["people"], r["needs"], r["organisations"], r["nodes"], r["edges"],
                          *r["seconds"].values(), r["total_s"], r["peak_delta_mib"]) for r in build]) + [""]

    api = _api_rows(m)
    if api:
        first = api[0]
        lines += [f"## API under load (gunicorn -w {first.get('workers', 2)} on PostgreSQL, loopback, "
                  f"{first.get('client', 'python')} client, {first['concurrency']} connections)", "",
                  "The two baselines run first with the same client and server: the health endpoint (no token, "
                  "`SELECT 1`: what the framework, the server and the client cost on these 2 cores with no work) and "
                  "one need by id. \"share\" is each row's requests per second over the health endpoint's, \"× one "
                  "record\" over the one-record baseline's (the floors).", ""]
        lines += _table(["endpoint", "requests", "req/s", "share", "× one record", "p50 ms", "p95 ms", "p99 ms",
                         "errors", "statuses or error kinds"],
                        [(r["endpoint"], r["requests"], r["req_per_s"], r.get("share_of_ceiling"),
                          r.get("share_of_one_record"), r["p50_ms"], r["p95_ms"], r["p99_ms"], r["errors"],
                          r["status_counts"]) for r in api]) + [""]
    stored = (m.get("api") or {}).get("stored_candidates") if isinstance(m.get("api"), dict) else None
    if stored:
        lines += ["Before the load, each region's `stored_candidates` job (what every recompute and automatic "
                  "refresh runs) stored its open needs' best candidates, run in the benchmark process:", ""]
        lines += _table(["region", "needs", "candidates stored", "people scored", "seconds", "status"],
                        [(code, r.get("needs"), r.get("candidates"), r.get("people"), r["seconds"], r["status"])
                         for code, r in stored.items()]) + [""]
    ranked = (m.get("api") or {}).get("stored_matches") if isinstance(m.get("api"), dict) else None
    if ranked:
        lines += ["and each region's `stored_matches` job ranked its people's best needs (feasible, then the "
                  "closest blocked ones):", ""]
        lines += _table(["region", "people", "open needs", "needs ranked", "of them blocked", "seconds", "status"],
                        [(code, r.get("people"), r.get("needs"), r.get("matches"), r.get("blocked"), r["seconds"],
                          r["status"]) for code, r in ranked.items()]) + [""]
    pages = m.get("pages")
    if isinstance(pages, dict) and "rows" in pages:
        lines += [f"## Server time per page ({pages['region']}, `bench/measure_pages.py`)", "",
                  "Each role's pages through the WSGI app in process (no network), signed in; person pages rotate "
                  "over the advisor's caseload, region pages over the regions. \"× base\" is a row's p95 over the "
                  "baseline's (a static page, no sign-in) in the same run.", ""]
        lines += markdown(pages) + [""]
    workers = m.get("workers")
    if isinstance(workers, dict) and "speedup" in workers:
        lines += ["## Celery workers on a multi-region recompute", "",
                  f"{workers['rounds']} recompute(s) of the {workers['regions_per_round']} regions back to back through "
                  "`region_jobs.start_recompute` + `jobs.dispatch`, real `celery -A workers.worker worker -Q bulk "
                  "--concurrency=1` processes.", ""]
        lines += _table(["workers", "seconds", "all succeeded", "peak worker MiB"],
                        [(n, workers[f"{n}_workers"]["seconds"], workers[f"{n}_workers"]["all_succeeded"],
                          workers[f"{n}_workers"]["peak_worker_mib"]) for n in (1, 2)]) + [""]
        lines += [f"Speed-up with two workers: {workers['speedup']:.2f}×.", ""]
        per_job: dict[tuple, dict] = {}
        for n in (1, 2):
            for recompute in workers[f"{n}_workers"]["jobs"]:
                for child in recompute["children"]:
                    per_job.setdefault((child["region"], child["kind"]), {})[n] = child
        lines += ["Per job, in the order the workers started them with two workers (seconds; start = seconds after "
                  "the first job started):", ""]
        order = sorted(per_job, key=lambda key: per_job[key].get(2, {}).get("started_s", float("inf")))
        lines += _table(["region", "kind", "1 worker: start", "1 worker: seconds", "2 workers: start",
                         "2 workers: seconds"],
                        [(region, kind, *(per_job[(region, kind)].get(n, {}).get(f) for n in (1, 2)
                                          for f in ("started_s", "seconds"))) for region, kind in order]) + [""]
    for name, value in m.items():
        if isinstance(value, dict) and "error" in value:
            lines += [f"**{name} failed:** {value['error']}", ""]
    if results["mode"] == "full" and LIMITS.exists():
        lines += [LIMITS.read_text().strip(), ""]
    if results["mode"] == "full" and COMPARISON.exists():
        lines += [COMPARISON.read_text().strip(), ""]
    return "\n".join(lines)
