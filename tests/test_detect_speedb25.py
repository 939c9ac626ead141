"""Speed work of session 25 on a scan's warm floor: the choosing, scoring and stream bookkeeping done
per record and per candidate once the candidates exist. Each cut does less of the same work; the
findings are the same (byte-identical on the bench corpora), and these tests hold the shortcuts to
the work they stand for."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qa.detect import _outermost


def _mention(first: int, last: int, entry: object) -> SimpleNamespace:
    return SimpleNamespace(first=first, last=last, form=SimpleNamespace(entry=entry))


def _outermost_all_pairs(found: list) -> list:
    # (what `_outermost` was: every mention against every other)
    return [c for c in found if not any(m.first <= c.first and c.last <= m.last and m.last - m.first > c.last - c.first
                                        and m.form.entry is not c.form.entry for m in found)]


def test_outermost_looks_for_holders_only_among_longer_spans() -> None:
    """A mention inside a longer one of another entry is dropped ('gpt' of 'chat gpt'), as when
    every mention was compared with every other; a text of one-word mentions is returned whole,
    without comparing any."""
    a, b, c = object(), object(), object()
    single = [_mention(0, 1, a), _mention(3, 4, b), _mention(3, 4, a)]
    assert _outermost(single) is single
    cases = [
        [_mention(0, 1, a), _mention(0, 2, b), _mention(1, 2, c)],      # both words of 'chat gpt'
        [_mention(0, 2, a), _mention(1, 2, a)],                         # the same entry: kept
        [_mention(0, 3, a), _mention(1, 3, b), _mention(2, 3, c), _mention(5, 6, c)],
        [_mention(0, 2, a), _mention(0, 2, b)],                         # as long: kept
    ]
    for found in cases:
        assert _outermost(found) == _outermost_all_pairs(found)
    assert [m.form.entry for m in _outermost(cases[0])] == [b]


def test_said_as_is_remembered_and_answers_as_worked_out() -> None:
    """`said_as` keeps each (letters, span) answer: the words beside an expansion repeat."""
    from qa.detect import expansion
    from qa.detect.tokens import word_infos

    for words, letters in ((["sir"], "cer"), (["rl", "chef"], "rlhf"), (["they", "use"], "tts"),
                           (["s", "of", "t"], "sft"), (["much"], "mse")):
        span = word_infos(words)
        assert expansion.said_as(span, letters) == expansion._sounds_like(span, letters)
        assert expansion._said_as[(letters, *span)] == expansion._sounds_like(span, letters)
    assert expansion.said_as(word_infos(["sir"]), "cer")
    assert not expansion.said_as(word_infos(["they", "use"]), "tts")


@pytest.mark.parametrize("text", [
    "the gun was loaded and the shot was fired in the field",   # no topic word near: the penalty
    "a gun with a generator and a discriminator trained adversarially",  # its topic near
])
def test_topic_told_no_require_word_is_near_answers_as_when_it_searches(det, text: str) -> None:
    """`Scorer.topic` told that no `require` word is near (the caller searched) skips its own search
    and gives what the search would: no topic words, the penalty. Told nothing, it searches."""
    from qa.detect.candidates import tokenize
    from qa.detect.context import Nearby, asks_topic

    toks = tokenize(text)
    scorer = det.scorer
    asked = 0
    for c in det.finder.find(toks):
        if c.kind != "asr-error" or not asks_topic(c):
            continue
        r = scorer.rules(c.form.entry)
        found = scorer.require_text(r, toks, c, Nearby(toks.words)) if r.has_require else None
        assert scorer.topic(c, toks, found is not None) == scorer.topic(c, toks)
        asked += 1
    assert asked


def test_a_mention_of_an_entry_without_exceptions_needs_no_look_around(det) -> None:
    """A lowercase mention counts unless one of its entry's exceptions is around it: for an entry
    with none, the spelling is remembered as a mention outright, and the words around are not asked
    (on c8k, 20,536 asks became 4,634)."""
    from qa.detect import UNLESS_EXCEPTION

    det._mentions.clear()
    det.scan_text("we trained it in keras and pytorch with adam and a cnn on imagenet")
    by_id = {id(e): e for e in det.glossary.entries}
    assert det._mentions
    for (spelling, entry), counts in det._mentions.items():
        if counts == UNLESS_EXCEPTION:
            assert det.scorer.rules(by_id[entry]).exceptions, spelling
    assert any(counts is True and spelling.islower() for (spelling, _), counts in det._mentions.items())
