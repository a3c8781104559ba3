"""The demo region: a fictional but realistic Overijssel ecosystem, written by us.

Employers, schools with programmes, networks, social partners, people, needs and partner requests in the
25 real municipalities of Overijssel, generated deterministically from a seed and the content in
``matchmaker/demo/data/*.json`` (names, employer archetypes, schools, networks). Occupations and skills come
from whatever taxonomy is in the database (full ESCO or the compact built-in one): occupations are picked
by their ESCO preferred English label, with a fallback on the 4-digit ISCO group.

``matchmaker demo`` (see :mod:`matchmaker.cli.demo`) loads it once; running it again changes nothing.
"""
from matchmaker.demo.region import DEMO_SCOPE, DemoReport, demo_users, ensure_taxonomy, load_demo, region_counts

__all__ = ["DEMO_SCOPE", "DemoReport", "demo_users", "ensure_taxonomy", "load_demo", "region_counts"]
