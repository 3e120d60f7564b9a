"""Comparing two versions of a story: pairing, quoted words and alarms.

The seed articles are two versions of one story (the second a noisy machine translation);
their gold comparison is ../shared/gold/seeds-compare.json, whose ids are the gold
attributions of seeds.json, found in our output by their anchors as in test_seeds.py.
"""
from __future__ import annotations

import json

import pytest

from nlp.compare import (ALTERED, FACT_CHANGED, IDENTICAL, MINOR, MISATTRIBUTION, MISQUOTE,
                         PARAPHRASE_TO_QUOTE, QUOTE_TO_PARAPHRASE, compare, prepare)
from tests.nlp.test_seeds import _find


def _compare(pipeline, a: str, b: str):
    va, vb = prepare(pipeline, a), prepare(pipeline, b)
    return va, vb, compare(va, vb)


def _only_pair(comparison):
    assert len(comparison.pairs) == 1, comparison
    return comparison.pairs[0]


# -- small cases ------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, expected", [
    ('Smith said: "We will build the bridge next year."',
     "Smith said: “We will build the bridge next year.”", IDENTICAL),
    ('Smith said: "We will build the bridge next year."',
     'Smith said: "we will build the bridge next year"', IDENTICAL),
    ('Smith said the "new bridge will open next year."',
     'Smith said "the new bridge will open next year."', MINOR),
    ('Smith said: "We will build the bridge next year."',
     'Smith said: "We will build the tunnel next year."', ALTERED),
    ('Smith said: "We will build the bridge next year."',
     'Smith said: "We will not build the bridge next year."', ALTERED),
    ('Smith said: "We will build three bridges next year."',
     'Smith said: "We will build four bridges next year."', ALTERED),
])
def test_quoted_words_are_judged(pipeline, a, b, expected):
    _, _, comparison = _compare(pipeline, a, b)
    pair = _only_pair(comparison)
    assert pair.quoted_words == expected
    kinds = {alarm.kind for alarm in comparison.alarms}
    assert (MISQUOTE in kinds) == (expected == ALTERED)


def test_reported_speech_has_no_quoted_words(pipeline):
    _, _, comparison = _compare(
        pipeline, "The minister said that the bridge would open next year.",
        "The minister said the bridge would be opened next year.")
    pair = _only_pair(comparison)
    assert pair.quoted_words is None
    assert not comparison.alarms


def test_a_paraphrase_that_becomes_a_quote_and_back(pipeline):
    paraphrase = "Mayor Ann Lee said that the city would build a new bridge over the river."
    quote = 'Mayor Ann Lee said: "The city will build a new bridge over the river."'
    _, _, forward = _compare(pipeline, paraphrase, quote)
    assert [alarm.kind for alarm in forward.alarms] == [PARAPHRASE_TO_QUOTE]
    _, _, backward = _compare(pipeline, quote, paraphrase)
    assert [alarm.kind for alarm in backward.alarms] == [QUOTE_TO_PARAPHRASE]


def test_another_speaker_is_a_misattribution(pipeline):
    a = ('Mayor Ann Lee met Governor Tom Ross on Monday. "The bridge will open in May," '
         "Lee said.")
    b = ('Mayor Ann Lee met Governor Tom Ross on Monday. "The bridge will open in May," '
         "Ross said.")
    _, _, comparison = _compare(pipeline, a, b)
    pair = _only_pair(comparison)
    assert [alarm.kind for alarm in comparison.alarms] == [MISATTRIBUTION]
    assert [change.field for change in pair.changes] == ["speaker"]


def test_a_dropped_quote_is_only_in_a(pipeline):
    a = ('"The bridge will open in May," Mayor Ann Lee said.\n\n'
         '"We have saved four million dollars," the governor said.')
    b = '"The bridge will open in May," Mayor Ann Lee said.'
    va, vb, comparison = _compare(pipeline, a, b)
    assert len(comparison.pairs) == 1
    dropped = [q for q in va.analysis.quotes if q.id in comparison.only_a]
    assert [q.id for q in dropped if "four million dollars" in q.text]
    assert comparison.only_b == ()


def test_unrelated_records_do_not_pair(pipeline):
    _, _, comparison = _compare(
        pipeline, 'The coach said: "We played badly and lost the match."',
        'The senator said: "Taxes must be cut before the election."')
    assert comparison.pairs == ()


# -- the seed articles against their gold comparison ------------------------------------------

@pytest.fixture(scope="module")
def seeds(pipeline, seed_texts, seed_gold, shared_dir):
    gold = json.loads((shared_dir / "gold" / "seeds-compare.json").read_text(encoding="utf-8"))
    va = prepare(pipeline, seed_texts[gold["a"]])
    vb = prepare(pipeline, seed_texts[gold["b"]])
    docs = {doc["file"]: doc for doc in seed_gold["documents"]}

    def ours(version, name):
        found = {}
        for entry in docs[name]["quotes"]:
            record = _find(version.analysis, entry)
            found[entry["id"]] = record.id if record is not None else None
        return found

    ids = {**ours(va, gold["a"]), **ours(vb, gold["b"])}
    return gold, ids, compare(va, vb)


def _ids(seeds, gold_a, gold_b):
    _, ids, _ = seeds
    a, b = ids[gold_a], ids[gold_b]
    assert a is not None and b is not None, f"extraction misses {gold_a} or {gold_b}"
    return a, b


def test_every_gold_pair_is_paired(seeds):
    gold, _, comparison = seeds
    pairs = {(p.a, p.b) for p in comparison.pairs}
    missing = [f"{x}-{y}" for x, y in gold["pairs"] if _ids(seeds, x, y) not in pairs]
    assert not missing


def test_quotes_of_the_first_version_alone_are_only_a(seeds):
    gold, ids, comparison = seeds
    assert all(ids[g] is not None for g in gold["only_a"])
    assert {ids[g] for g in gold["only_a"]} <= set(comparison.only_a)
    assert not {ids[g] for g in gold["only_b"]} - set(comparison.only_b)


def test_the_misquote_is_raised_with_its_changed_words(seeds):
    gold, _, comparison = seeds
    [expected] = [alarm for alarm in gold["alarms"] if alarm["kind"] == MISQUOTE]
    diffs = {(p.a, p.b): p.diff for p in comparison.pairs}
    raised = {(alarm.a, alarm.b) for alarm in comparison.alarms if alarm.kind == MISQUOTE}
    changed_ops = []
    for x, y in expected["pairs"]:
        pair = _ids(seeds, x, y)
        assert pair in raised, f"no misquote on {x}-{y}"
        changed_ops += [op for op in diffs[pair] if op.op != "equal"]
    for before, after in expected["changed"]:
        assert any(before in op.a and after in op.b for op in changed_ops), (before, after)


def test_the_paraphrase_that_became_a_quote_is_raised(seeds):
    gold, _, comparison = seeds
    [expected] = [a for a in gold["alarms"] if a["kind"] == PARAPHRASE_TO_QUOTE]
    raised = {(a.a, a.b) for a in comparison.alarms if a.kind == PARAPHRASE_TO_QUOTE}
    for x, y in expected["pairs"]:
        assert _ids(seeds, x, y) in raised


def test_faithful_pairs_raise_no_misquote_or_misattribution(seeds):
    gold, _, comparison = seeds
    wrong = {(a.a, a.b) for a in comparison.alarms if a.kind in {MISQUOTE, MISATTRIBUTION}}
    assert not [f"{x}-{y}" for x, y in gold["no_alarm"] if _ids(seeds, x, y) in wrong]


# -- pairing at scale ---------------------------------------------------------------------------

def _words(lemmas: str, content: bool = True):
    from nlp.compare import Word

    return [Word(i, i + 1, lemma, lemma, lemma, content) for i, lemma in enumerate(lemmas.split())]


def test_candidates_are_every_pair_with_a_similarity_above_zero():
    import random

    from nlp.compare import _candidates, similarity

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(40)]

    def record():
        words = _words(" ".join(rng.sample(vocabulary, rng.randint(1, 6))))
        return [w if rng.random() < 0.7 else type(w)(w.start, w.end, w.text, w.norm, w.lemma,
                                                     False) for w in words]

    left = [record() for _ in range(60)]
    right = [record() for _ in range(60)]
    found = set(_candidates(left, right))
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            assert (similarity(a, b) > 0) == ((i, j) in found), (i, j)


def test_the_assignment_is_the_pairing_of_greatest_total_score():
    import itertools
    import random

    from nlp.compare import _assign

    rng = random.Random(3)
    for _ in range(200):
        scores = {(i, j): round(rng.uniform(0.3, 1.5), 3)
                  for i in range(4) for j in range(4) if rng.random() < 0.4}
        chosen = _assign(scores)
        assert len({i for i, _ in chosen}) == len({j for _, j in chosen}) == len(chosen)
        best = 0.0
        for size in range(len(scores) + 1):
            for subset in itertools.combinations(scores, size):
                if len({i for i, _ in subset}) == len({j for _, j in subset}) == size:
                    best = max(best, sum(scores[pair] for pair in subset))
        assert sum(scores[pair] for pair in chosen) == pytest.approx(best)


def test_a_lemma_every_record_shares_does_not_link_them_all():
    from nlp.compare import _COMMON_LEMMA_RECORDS, _candidates

    many = _COMMON_LEMMA_RECORDS + 10
    left = [_words(f"plan a{n}") for n in range(many)]
    right = [_words(f"plan a{n}") for n in range(many)]
    assert _candidates(left, right) == [(n, n) for n in range(many)]


def test_hundreds_of_short_quotes_pair_one_to_one(pipeline):
    a = " ".join(f'Officer{n} said: "Road {n} is closed." ' for n in range(300))
    b = " ".join(f'Officer{n} said: "Road {n} is shut." ' for n in range(300))
    va, vb, comparison = _compare(pipeline, a, b)
    by_id = {q.id: q for q in va.analysis.quotes} | {q.id: q for q in vb.analysis.quotes}
    assert len(comparison.pairs) >= 290
    assert all(by_id[p.a].text.split()[1] == by_id[p.b].text.split()[1]
               for p in comparison.pairs)


def test_a_long_diff_is_the_shared_ends_and_the_changed_middle():
    from nlp.compare import _EXACT_DIFF_PAIRS, _opcodes

    a = ["word"] * 4000 + ["bridge"] + ["word"] * 4000
    b = ["word"] * 4000 + ["tunnel"] + ["word"] * 4000
    assert len(a) * len(b) > _EXACT_DIFF_PAIRS
    assert _opcodes(a, b) == [("equal", 0, 4000, 0, 4000), ("replace", 4000, 4001, 4000, 4001),
                              ("equal", 4001, 8001, 4001, 8001)]
    assert _opcodes(a, a) == [("equal", 0, 8001, 0, 8001)]
    assert _opcodes(a, a[:-10]) == [("equal", 0, 7991, 0, 7991), ("delete", 7991, 8001, 7991, 7991)]


def test_a_short_diff_is_difflibs_exact_one():
    import difflib

    from nlp.compare import _opcodes

    a = "we will build the bridge next year".split()
    b = "we will not build the tunnel next year".split()
    assert _opcodes(a, b) == difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()


# -- facts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, kind, old, new", [
    ("The minister said the plant employs 300 workers.",
     "The minister said the plant employs 400 workers.", "number", "300", "400"),
    ("Smith said Germany would pay.", "Smith said France would pay.", "entity", "Germany",
     "France"),
    ("Smith said the vote is on Friday.", "Smith said the vote is on Saturday.", "date",
     "Friday", "Saturday"),
    ("The minister said the talks will resume.", "The minister said the talks will not resume.",
     "negation", "(none)", "not"),
    ("Officials said they did not deny the report.", "Officials said they denied the report.",
     "negation", "not", "(none)"),
    # a number the tagger reads as a date (a year) in one version
    ("Trump was expected to cruise past the 1,237 delegates needed.",
     "Trump was expected to cruise past the 1247 delegates needed.", "number", "1,237", "1247"),
    # the replacing name tagged as another kind of body, or as none: still a name replaced
    ("Parents opposed the NAACP resolution.",
     "Parents opposed the Intermediate School 285 resolution.", "entity", "NAACP",
     "Intermediate School"),
    # a person replaced in the very words rewritten, the new name tagged a place
    ("Pence echoed statements by GOP presidential nominee Donald Trump last week.",
     "Pence echoed statements by GOP presidential nominee Tompkins last week.", "entity",
     "Donald Trump", "Tompkins"),
    # the replacing name one the content already had elsewhere
    ("The audience cheered Clinton's attacks on Trump, the nominee.",
     "The audience cheered Trump's attacks on Trump, the nominee.", "entity", "Clinton",
     "Trump"),
    # a content that is only a name, paired through the rest of its sentence
    ("A union representing flight attendants endorsed Hillary Clinton on Friday.",
     "A union representing flight attendants endorsed Donald Trump on Friday.", "entity",
     "Hillary Clinton", "Donald Trump"),
    # a nationality is all its words
    ("Polls showed that few Americans thought climate change a priority.",
     "Polls showed that few African Americans thought climate change a priority.", "entity",
     "Americans", "African Americans"),
])
def test_a_changed_fact_raises_an_alarm_naming_it(pipeline, a, b, kind, old, new):
    va, vb, comparison = _compare(pipeline, a, b)
    alarms = [alarm for alarm in comparison.alarms if alarm.kind == FACT_CHANGED]
    assert len(alarms) == 1, comparison.alarms
    [fact] = alarms[0].facts
    assert (fact.kind, fact.a, fact.b) == (kind, old, new)
    assert all(va.text[s.start:s.end] in old for s in fact.a_spans)
    assert all(vb.text[s.start:s.end] in new for s in fact.b_spans)


@pytest.mark.parametrize("a, b", [
    ("The minister said the plant employs 2 million workers.",
     "The minister said the plant employs two million workers."),
    ("Officials said the deal cost $2 million.", "Officials said the deal cost 2 million dollars."),
    ("The minister said the U.S. would act.", "The minister said the United States would act."),
    ("The minister said China would act.", "The minister said the Chinese would act."),
    ("Smith said Democrats would win.", "Smith said the Democratic candidates would win."),
    ("Smith said South Korean officials would act.",
     "Smith said South Korea's officials would act."),
    ("Officials said the aid reached Gaza on Monday.",
     "Officials said the aid reached the Gaza Strip on Monday."),
    ("The mayor said New York would pay.", "The mayor said New York City would pay."),
    ("China's foreign ministry said Blinken would visit.", "The ministry said Blinken would visit."),
    ("The minister said the plan would succeed.", "The minister said that the plan would work."),
    ("Smith said Secretary Blinken would visit.", "Smith said Blinken would visit."),
    # a name dropped here and a place added there is another way of saying who
    ("He raised it at a meeting with Indian Foreign Minister Subrahmanyam Jaishankar.",
     "The US secretary of state raised it at a meeting with India's foreign minister."),
])
def test_the_same_facts_told_otherwise_raise_no_fact_alarm(pipeline, a, b):
    _, _, comparison = _compare(pipeline, a, b)
    assert not [alarm for alarm in comparison.alarms if alarm.kind == FACT_CHANGED]


def test_the_seeds_fact_change_is_raised_and_no_other(seeds):
    gold, _, comparison = seeds
    expected = {(_ids(seeds, a, b), tuple(changed))
                for alarm in gold["alarms"] if alarm["kind"] == FACT_CHANGED
                for (a, b), changed in zip(alarm["pairs"], alarm["changed"])}
    raised = {((alarm.a, alarm.b), (fact.a, fact.b))
              for alarm in comparison.alarms if alarm.kind == FACT_CHANGED
              for fact in alarm.facts}
    assert expected and raised == expected


def test_records_as_alike_pair_at_the_same_place_of_their_stories(pipeline):
    a = ("Trump mentioned Machado in a speech on Monday. The crowd cheered for a long time. "
         "Trump mentioned Machado in a speech on Friday.")
    b = ("Trump mentioned Gonzalez in a speech on Monday. The crowd cheered for a long time. "
         "Trump mentioned Machado in a speech on Friday.")
    va, vb, comparison = _compare(pipeline, a, b)
    by_a = {pair.a: pair.b for pair in comparison.pairs}
    first_a, *_, last_a = sorted(va.analysis.quotes, key=lambda q: q.span.start)
    first_b, *_, last_b = sorted(vb.analysis.quotes, key=lambda q: q.span.start)
    assert by_a[first_a.id] == first_b.id and by_a[last_a.id] == last_b.id
    assert [(f.a, f.b) for alarm in comparison.alarms for f in alarm.facts] == [
        ("Machado", "Gonzalez")]
