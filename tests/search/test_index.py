import numpy as np

from matchmaker.search.index import TokenIndex
from matchmaker.search.words import normalised, tokens

LABELS = [
    # (preferred labels, alternative labels)
    (["kok", "cook"], ["keukenkok", "chef-kok"]),
    (["hulpkok", "kitchen assistant"], []),
    (["koken", "cooking"], ["voedsel bereiden"]),
    (["heftruckchauffeur", "forklift operator"], ["reachtruckchauffeur", "chauffeur reachtruck"]),
    (["in teams werken", "work in teams"], ["in groepen werken"]),
    (["lassen", "weld"], ["TIG-lassen", "wolfraam-inert-gaslassen"]),
    (["kokosnoten oogsten", "harvest coconuts"], []),
    (["café-eigenaar", "café owner"], []),
]


def index():
    entries = [(record, label, preferred) for record, (pref, alt) in enumerate(LABELS)
               for labels, preferred in ((pref, True), (alt, False)) for label in labels]
    return TokenIndex.build(len(LABELS), entries)


def found(query, allowed=None):
    hits = index().search(query, order=np.arange(len(LABELS)), allowed=allowed)
    return [(LABELS[p][0][0], int(r)) for p, r in zip(hits.positions, hits.ranks)]


def names(query):
    return [name for name, _rank in found(query)]


def test_words_are_folded_and_sorted():
    assert tokens("Café-Eigenaar  (m/v)") == ["cafe", "eigenaar", "m", "v"]
    assert normalised("werken in Teams") == normalised("in teams werken") == "in teams werken"


def test_exact_then_prefix_then_contains_preferred_before_alternative():
    # kok: exact preferred; koken: same Dutch stem (prefix); hulpkok: compound ending in kok (contains)
    assert found("kok") == [("kok", 0), ("koken", 2), ("kokosnoten oogsten", 2), ("hulpkok", 4)]
    assert names("koken") == ["koken", "kok", "hulpkok"]
    assert found("keukenkok") == [("kok", 1)]


def test_any_word_order_and_prefixes_of_each_word():
    assert found("werken in teams") == [("in teams werken", 0)]
    assert names("team werk") == ["in teams werken"]
    assert names("lassen tig") == ["lassen"]
    assert names("tig las") == ["lassen"]


def test_inside_compounds_and_accents_and_case():
    assert names("reachtruck") == ["heftruckchauffeur"]
    assert names("HEFTRUCK") == ["heftruckchauffeur"]
    assert names("cafe") == ["café-eigenaar"]
    assert names("Café") == ["café-eigenaar"]


def test_nothing_for_no_words_or_no_match_and_allowed_records_only():
    assert found("") == [] and found("%_") == [] and found("zzz") == []
    allowed = np.zeros(len(LABELS), bool)
    allowed[1] = True
    assert names("kok") and [n for n, _ in found("kok", allowed)] == ["hulpkok"]


def test_the_long_vowel_stem_finds_compounds_that_start_with_it():
    entries = [(0, "kooktechnieken", True), (1, "kokosnoten oogsten", True), (2, "kok", True)]
    hits = TokenIndex.build(3, entries).search("koken", order=np.arange(3))
    assert list(hits.positions) == [0, 2]  # kooktechnieken (stem kook) and kok (stem kok); not kokosnoten


def test_within_a_rank_the_shorter_label_comes_first():
    entries = [(0, "industriële kok", True), (1, "chefkok", True), (2, "kok", True), (3, "kok in een instelling", True)]
    hits = TokenIndex.build(4, entries).search("koken", order=np.arange(4))
    # kok and industriële kok share the stem (prefix); chefkok ends in it (contains)
    assert list(hits.positions) == [2, 0, 3, 1]
