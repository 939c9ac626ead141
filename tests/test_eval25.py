"""`qa eval` compares a suggestion with the gold term with accents folded: a finding 'Renyi DP' on a gold
'Rényi DP' is the same name (session 25: the trustworthy lecture's catch counted as a false alarm,
`normalize` dropping the 'é' and leaving 'rnyidp' against 'renyidp')."""

from __future__ import annotations

import pytest

from qa.evaluate import suggestion_matches


@pytest.mark.parametrize("suggestion, right", [
    ("Renyi DP", "Rényi DP"), ("Rényi DP", "Renyi DP"), ("Tramer", "Florian Tramèr"),
    ("Schrodinger bridge", "Schrödinger bridge"), ("Matern kernel", "Matérn"), ("Frechet", "Fréchet"),
])
def test_accents_do_not_separate_a_name(suggestion, right):
    assert suggestion_matches(suggestion, right)


@pytest.mark.parametrize("suggestion, right", [
    ("Renyi DP", "Rényi entropy"), ("Frank Noé", "Frank Nowak"), ("Gómez", "Gemma"),
])
def test_folded_names_still_differ(suggestion, right):
    assert not suggestion_matches(suggestion, right)
