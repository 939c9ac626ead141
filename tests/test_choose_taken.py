"""`Taken`, the spans a field's findings already hold: its binary search answers exactly what a pass
over every span taken answers (the check it replaced, which made choosing quadratic in a record's
length), and a record of tens of thousands of findings is chosen from."""

from __future__ import annotations

from hypothesis import given, strategies as st

from qa.detect.choose import Taken


def _overlaps_naive(taken: list[tuple[int, int]], first: int, last: int) -> bool:
    return any(first < b and a < last for a, b in taken)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 6)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=60)


@given(spans)
def test_taken_answers_as_a_pass_over_every_span(candidates: list[tuple[int, int]]) -> None:
    taken, naive = Taken(), []
    for first, last in candidates:
        got = taken.overlaps(first, last)
        assert got == _overlaps_naive(naive, first, last)
        if not got:
            taken.add(first, last)
            naive.append((first, last))
    assert taken.starts == sorted(a for a, _ in naive)
    assert taken.ends == sorted(b for _, b in naive)


def test_a_span_touching_a_taken_one_is_free() -> None:
    taken = Taken()
    taken.add(3, 5)
    assert not taken.overlaps(5, 7) and not taken.overlaps(1, 3)
    assert taken.overlaps(4, 5) and taken.overlaps(0, 4) and taken.overlaps(2, 9)
