"""The context regexes compiled from the code kept with the compiled glossary (qa.detect.regexes)
are the patterns `re.compile` makes, and a cached detector uses them."""

from __future__ import annotations

import re
from array import array

import pytest

from qa.detect import compiled, regexes
from qa.detect.context import EntryRules, spaced_names
from qa.glossary import load_glossary

SOME = ["[ '](?:model|language ?model|pre ?train)", r"\bcontrastive[\s-]*learning|\bsim[\s-]*clr",
        "(?P<word>gan)s?|g ?a ?n"]


@pytest.fixture
def known(monkeypatch):
    """An empty table of remembered code (the test's own: other tests' detectors filled the module's)."""
    table: dict = {}
    monkeypatch.setattr(regexes, "_known", table)
    return table


@pytest.mark.parametrize("pattern", SOME)
def test_from_code_is_the_pattern_re_compiles(known, pattern):
    re.purge()
    plain = re.compile(pattern, re.IGNORECASE)
    regexes.remember(regexes.codes([(pattern, re.IGNORECASE)]))
    assert known  # (made from its code, not by re.compile)
    made = regexes.compile(pattern, re.IGNORECASE)
    # Pattern equality is pattern, flags and code
    assert made == plain and made.groupindex == plain.groupindex and made.groups == plain.groups
    for text in [" a language model", "SimCLR and contrastive learning", " gans, a GAN, g a n"]:
        assert [m.span() for m in made.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.groupdict() for m in made.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]


def test_unknown_or_broken_code_compiles_as_always(known):
    assert regexes.compile("[ ']bert") == re.compile("[ ']bert")
    regexes.remember(regexes.codes([("[ ']bert", 0)]))
    flags, code, *rest = known[("[ ']bert", 0)]
    known[("[ ']bert", 0)] = (flags, array("I", [1, 2, 3]), *rest)  # not code the engine takes
    assert regexes.compile("[ ']bert") == re.compile("[ ']bert")
    assert ("[ ']bert", 0) not in known


def test_every_entrys_require_regex_comes_from_the_cached_detector(known, rules_path):
    """The compiled glossary keeps the code of each entry's `lowered` regex; a detector loaded from
    the cache compiles them from it, to the same patterns."""
    compiled.load(rules_path, methods=None, kinds=("asr-error",), min_score=0.5)  # built (and cached) here
    known.clear()
    det = compiled.load(rules_path, methods=None, kinds=("asr-error",), min_score=0.5)
    entries = det.glossary.entries
    patterns = [r.lowered for r in map(det.scorer.rules, entries) if r.lowered is not None]
    assert len(known) == len({p.pattern for p in patterns}) > 500
    re.purge()
    assert all(p == re.compile(p.pattern) for p in patterns)
    # and they are the patterns the rules make without the cache
    own_entries = load_glossary(rules_path).entries
    own = [EntryRules(e, spaced_names(own_entries)).lowered for e in own_entries]
    assert [p.pattern for p in patterns] == [p.pattern for p in own if p is not None]


def test_joins_are_tokenized_as_the_texts_are(sample_path):
    """`BatchFinder._spaced` (the joins of two chunks: whole tokens joined by single spaces) gives
    the Tokens and token frame `BatchFinder._tokens` gives for the same texts."""
    import json

    from qa.detect.batch import BatchFinder
    from qa.detect.tokens import tokenize

    words = [w for line in sample_path.read_text().splitlines()
             for w in tokenize(json.loads(line).get("text") or "").words]
    texts = [" ".join(words[k:k + 1 + k % 6]) for k in range(0, 3000, 7)]
    texts += ["I’m LSTM's", "x", "GPT-2", "naïve café"]  # (one token per word only where the word is one)
    texts = [t for t in texts if tokenize(t).words == t.split(" ")]
    assert len(texts) > 400
    plain, tok = BatchFinder._tokens(None, texts)
    spaced, stok = BatchFinder._spaced(texts)
    assert stok.schema == tok.schema and stok.equals(tok)
    assert [(t.text, t.words, t.ends, list(t.starts)) for t in spaced] == \
        [(t.text, t.words, t.ends, list(t.starts)) for t in plain]
