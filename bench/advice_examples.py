"""Advice as an advisor reads it, before and after issue 13's items 2-7: chosen people, needs and regions of the
demo region, in the Dutch sentences the services write (docs/advice-examples.md shows both runs side by side).

The script loads the demo region into a fresh SQLite database and asks the services what an advisor's pages and
the API show. It runs on any tree of the project, so the same script reads an old tree too: put that tree first on
PYTHONPATH and run this file by its path. Older trees lack some services and parameters; where one is missing the
output says so instead of failing.

The examples are picked on the first run (``--pick FILE`` writes the picks: the "before" tree, where the problems
show) and the second run reads the same people, needs and regions by name (``--use FILE``)::

    git worktree add --detach /work/old-bridges 8da7593
    PYTHONPATH=/work/old-bridges python bench/advice_examples.py --pick /tmp/picks.json > before.txt
    PYTHONPATH=. python bench/advice_examples.py --use /tmp/picks.json > after.txt
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

#: ESCO/ISCO: the skill level (1-4) of each ISCO major group (0, armed forces, left out)
ISCO_LEVEL = {"1": 4, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}
TRAVELLING = {"job_coach", "language_buddy", "transport_support"}
LOW_EDUCATION = {"none", "basic", "primary", "vmbo", "mbo1", "mbo2"}
PER_ITEM = 3


def _call(function, **kwargs):
    """``function`` with the keyword arguments it takes (older trees lack some)."""
    accepted = inspect.signature(function).parameters
    return function(**{k: v for k, v in kwargs.items() if k in accepted})


class Reader:
    """The demo region in a fresh database, read through the services as an advisor reads it."""

    def __init__(self, database: str):
        from matchmaker import create_app
        from matchmaker.extensions import db

        self.app = create_app("test", {"DATABASE_URL": f"sqlite:///{database}"})
        self.context = self.app.test_request_context("/?lang=nl")
        self.context.push()
        db.create_all()
        from matchmaker.demo import load_demo
        from matchmaker.models import User

        load_demo(session=db.session)
        self.admin = User(name="Voorbeelden", email="voorbeelden@demo.matchmaker.local", role="admin")
        db.session.add(self.admin)
        db.session.commit()
        self.session = db.session

    # -- what the services say

    def words(self, facts) -> str:
        from matchmaker.explanations import render

        return render(facts, "nl")

    def matches(self, person_id: int, **kwargs) -> dict:
        from matchmaker.services import matches

        return _call(matches.person_matches, session=self.session, actor=self.admin, person_id=person_id, **kwargs)

    def paths(self, person_id: int) -> dict:
        from matchmaker.models import Job
        from matchmaker.services import career_paths

        job = Job(kind=career_paths.CAREER_PATHS, subject_type="person", subject_id=str(person_id),
                  params={"k": 3, "max_steps": 3})
        return career_paths.compute(session=self.session, job=job, progress=lambda _: None)

    def allocation(self, code: str) -> dict:
        from matchmaker.models import Job
        from matchmaker.services import allocation

        job = Job(kind=allocation.ALLOCATION, subject_type="region", subject_id=code, params={"k": 3})
        return allocation.run_allocation(session=self.session, job=job, progress=lambda _: None)

    def insights(self, code: str) -> dict:
        from matchmaker.models import Job
        from matchmaker.services import insights

        job = Job(kind=insights.INSIGHTS, subject_type="region", subject_id=code, params={})
        return insights.run_insights(session=self.session, job=job, progress=lambda _: None)

    def partner_list(self, code: str) -> list[dict]:
        from matchmaker.services import partners

        if hasattr(partners, "province_matches"):
            province = _call(partners.province_matches, session=self.session)
        else:
            province = partners.ProvinceMatches(self.session)
        found = partners.region_matches(province, session=self.session, code=code)
        return found.get("items", found.get("matches", []))

    def pairs_to_broker(self, code: str) -> dict | None:
        """The coordinator's list of pairs to broker (None on a tree without it)."""
        try:
            from matchmaker.services import brokering
        except ImportError:
            return None
        return brokering.list_pairs(session=self.session, actor=self.admin, code=code, limit=3)

    # -- the demo's records by what identifies them on both trees

    def people(self):
        from sqlalchemy import select
        from matchmaker.models import Person

        return self.session.scalars(select(Person).order_by(Person.id)).all()

    def person_named(self, name: str):
        from sqlalchemy import select
        from matchmaker.models import Person

        return self.session.scalars(select(Person).where(Person.name == name).order_by(Person.id)).first()

    def need_row(self, need_id: int):
        from matchmaker.models import Need

        return self.session.get(Need, need_id)

    def occupation(self, occupation_id: int):
        from matchmaker.models import Occupation

        return self.session.get(Occupation, occupation_id)


def _months(need) -> int:
    return len(need.months or []) or 12


def _level(reader: Reader, occupation_id) -> int:
    occupation = reader.occupation(occupation_id) if occupation_id else None
    return ISCO_LEVEL.get((occupation.isco_group or "0")[:1], 0) if occupation else 0


def _person_level(reader: Reader, person) -> int:
    worked = [_level(reader, job.occupation_id) for job in person.work_history]
    return max(worked, default=0)


def _need_key(item: dict) -> list:
    need = item["need"]
    return [need["title"], (need.get("organisation") or {}).get("name")]


# --------------------------------------------------------------------------- picking (on the "before" tree)

def pick(reader: Reader) -> dict:
    """What shows each item's problem on this tree: person names, need titles with employer, region codes."""
    picks: dict[str, list] = {str(item): [] for item in range(2, 8)}
    people = reader.people()
    for person in people:
        if all(len(picks[k]) >= PER_ITEM for k in ("2", "3", "5", "6", "7")):
            break
        shown = reader.matches(person.id)  # what the advisor saw without asking for more
        if not shown["items"] and len(picks["6"]) < PER_ITEM:
            picks["6"].append({"person": person.name})
        found = reader.matches(person.id, limit=10, include_blocked=True)
        items = found["items"]
        for item in items:
            need = reader.need_row(item["need"]["id"])
            too_long = [b for b in item.get("gap_bridge", [])
                        if b["duration_months"] > _months(need) or b["duration_months"] > 4 * len(b["teaches"])]
            if too_long and len(picks["2"]) < PER_ITEM and person.name not in {p["person"] for p in picks["2"]}:
                picks["2"].append({"person": person.name, "need": _need_key(item)})
            jump = _level(reader, need.occupation_id) - max(_person_level(reader, person), 1)
            if (item["feasible"] and jump >= 2 and person.education_level in LOW_EDUCATION and len(picks["3"]) < PER_ITEM
                    and person.name not in {p["person"] for p in picks["3"]}):
                picks["3"].append({"person": person.name, "need": _need_key(item)})
        supports = set(person.accommodation_needs or []) & TRAVELLING
        if supports and not any(i["feasible"] for i in items) and len(picks["5"]) < PER_ITEM:
            picks["5"].append({"person": person.name})
        blocked_by = [tuple(c["name"] for c in i["constraints"] if not c["passed"]) for i in items]
        if items and not any(i["feasible"] for i in items) and all(b == ("distance",) for b in blocked_by[:3]) \
                and len(picks["7"]) < PER_ITEM:
            picks["7"].append({"person": person.name, "region": _region(person)})
    for person in people:
        if len(picks["4"]) >= PER_ITEM:
            break
        paths = reader.paths(person.id)["paths"]
        held = {job.occupation_id for job in person.work_history}
        keys = [tuple((s["kind"], (s["occupation"] or {}).get("id"), (s["need"] or {}).get("title"))
                      for s in p["steps"]) for p in paths]
        to_held = any(s["kind"] == "job" and (s["occupation"] or {}).get("id") in held and i > 0
                      for p in paths for i, s in enumerate(p["steps"]))
        if paths and (to_held or len(set(keys)) < len(keys)):
            picks["4"].append({"person": person.name})
    from matchmaker.services.places import REGIONS

    codes = sorted(REGIONS)
    picks["6"] += [{"allocation": codes[0]}, {"partners": codes[0]}][:max(0, PER_ITEM + 2 - len(picks["6"]))]
    return picks


def _pair(entry: dict) -> tuple:
    """A partner match's kind and its two organisations in either order (older trees list a pair from both sides)."""
    names = [entry.get(side, {}).get("name") for side in ("a", "b", "first", "second", "organisation", "counterpart")
             if isinstance(entry.get(side), dict)]
    names += [o.get("name") for o in entry.get("organisations", []) if isinstance(o, dict)]
    return (entry.get("kind"), *sorted(filter(None, names))) if names else (json.dumps(entry.get("facts")),)


def _region(person) -> str | None:
    from matchmaker.services.places import REGIONS  # noqa: F401  (the municipality's region, as both trees store it)
    from matchmaker.models import Municipality
    from matchmaker.extensions import db

    place = db.session.get(Municipality, person.municipality_code)
    return place.region_code if place else None


# --------------------------------------------------------------------------- showing

def show(reader: Reader, picks: dict) -> None:
    titles = {"2": "Bruggen in verhouding", "3": "Niveaus", "4": "Paden die ergens heen leiden",
              "5": "Ondersteuning en aanpassingen", "6": "Niets leeg zonder reden", "7": "Eén provincie, één waarheid"}
    for item in map(str, range(2, 8)):
        print(f"## Punt {item}: {titles[item]}\n")
        for example in picks.get(item, []):
            if "allocation" in example:
                result = reader.allocation(example["allocation"])
                print(f"### Verdeling in regio {example['allocation']}")
                print(reader.words(result["facts"]))
                open_needs = [n for n in result.get("per_need", []) if n["seats_filled"] < n["headcount"]]
                print(f"{len(open_needs)} vacatures houden open plekken.")
                for need in open_needs[:3]:
                    row = reader.need_row(need["need_id"])
                    print(f"- {row.title} ({need['seats_filled']} van {need['headcount']} plekken): "
                          + (reader.words(need.get("facts", [])) or "(geen reden gegeven)"))
                print()
                continue
            if "partners" in example:
                print(f"### Partners voor regio {example['partners']}")
                brokering = reader.pairs_to_broker(example["partners"])
                if brokering is None:  # before: the region's partner matches, as the coordinator got them
                    items = reader.partner_list(example["partners"])
                    pairs = Counter(_pair(entry) for entry in items)
                    print(f"{len(items)} partnerkoppelingen in de lijst, {len(pairs)} verschillende paren van "
                          f"organisaties (soort en organisaties).")
                    for entry in items[:3]:
                        print("- " + reader.words(entry.get("facts", [])))
                else:  # the coordinator's pairs to broker: each pair once, best first, with every reason
                    print(f"{brokering['total']} paren om te koppelen, elk één keer, de beste eerst.")
                    for pair in brokering["items"][:3]:
                        reasons = " ".join(reader.words(r.get("facts", [])) for r in pair["reasons"])
                        print(f"- {pair['rank']}. {pair['organisation']['name']} en {pair['partner']['name']}: "
                              f"{reasons}")
                print()
                continue
            person = reader.person_named(example["person"])
            print(f"### {example['person']}")
            if person is None:
                print("(niet in het demogebied van deze versie)\n")
                continue
            if item == "4":
                paths = reader.paths(person.id)
                print(reader.words(paths["facts"]))
                for number, path in enumerate(paths["paths"][:3], 1):
                    print(f"- Pad {number}: " + " ".join(reader.words(s["facts"]) for s in path["steps"]))
            elif item in ("5", "6", "7"):
                found = reader.matches(person.id) if item == "6" else reader.matches(person.id, limit=3,
                                                                                     include_blocked=True)
                print(reader.words(found.get("facts", [])) or f"(geen zin boven de lijst; {len(found['items'])} antwoorden)")
                for entry in found["items"][:2 if item != "6" else 1]:
                    print(f"- {entry['need']['title']}: " + reader.words(entry["facts"]))
                if item == "7" and example.get("region"):
                    print("- Regio: " + reader.words(reader.insights(example["region"])["unused_potential"]["facts"]))
            else:
                title, employer = example["need"]
                found = reader.matches(person.id, limit=50, include_blocked=True)
                entry = next((i for i in found["items"] if _need_key(i) == [title, employer]), None)
                print(f"{title} bij {employer}: " + (reader.words(entry["facts"]) if entry else
                                                       "(staat niet bij de 50 beste antwoorden)"))
            print()


def _sections(text: str) -> dict:
    """An output of this script as {(item heading, example heading): lines}."""
    out, item, example = {}, None, None
    for line in text.splitlines():
        if line.startswith("## "):
            item, example = line[3:], None
        elif line.startswith("### "):
            example = line[4:]
            out[(item, example)] = []
        elif example is not None and line.strip():
            out[(item, example)].append(line)
    return out


def side_by_side(before: str, after: str) -> str:
    """Both outputs as Markdown tables, one per item: each example's words before beside its words after."""
    old, new = _sections(before), _sections(after)
    lines, current = [], None
    for item, example in dict.fromkeys([*old, *new]):
        if item != current:
            current = item
            lines += ["", f"### {item}", "", "| | Voor | Na |", "|---|---|---|"]

        def cell(found):
            return "<br>".join(line.replace("|", "\\|") for line in found.get((item, example), ["(niet getoond)"]))

        lines.append(f"| **{example}** | {cell(old)} | {cell(new)} |")
    return "\n".join(lines).lstrip() + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="SQLite file to fill (default: a temporary one)")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--pick", help="pick the examples on this tree and write them to this file")
    group.add_argument("--use", help="show the examples picked earlier (a file written by --pick)")
    group.add_argument("--side-by-side", nargs=2, metavar=("BEFORE", "AFTER"),
                       help="print two outputs of this script as Markdown tables, before beside after")
    args = parser.parse_args(argv)
    if args.side_by_side:
        before, after = (Path(name).read_text(encoding="utf-8") for name in args.side_by_side)
        print(side_by_side(before, after), end="")
        return 0
    os.environ.setdefault("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    database = args.database or str(Path(tempfile.mkdtemp()) / "advice.sqlite3")
    reader = Reader(database)
    if args.pick:
        picks = pick(reader)
        Path(args.pick).write_text(json.dumps(picks, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        picks = json.loads(Path(args.use).read_text(encoding="utf-8"))
    import matchmaker

    print(f"# Advies zoals een adviseur het leest ({Path(matchmaker.__file__).parent.parent})\n")
    show(reader, picks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
