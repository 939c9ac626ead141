"""Heard words that read as an ordinary English phrase, so ASR wrote what was said.

A recogniser's language model writes a grammatical phrase where it heard one; where it did not
know a name, it writes words that sound like it and rarely make sense together. Two shapes of
phrase are ordinary enough to say the words were heard right whatever they sound like:

- a count: a number word, then the plural of an everyday noun ('two residues', 'four bins', 'two
  triangles' are no Dorsa Sadigh's, Frobenius or training loss);
- an article that ends the span and begins the noun phrase after it ('parameterize the mean',
  'upweights the KL term', 'the image into a seven by seven grid'): an article opens what follows
  it, so the span took a word of the next phrase. ('lore a to all the layers' stays LoRA: no noun
  follows the 'a'; nor does one in 'trivia a much more grounded', nor where the span holds capitals:
  'GP a great' may be letters.)
"""

from __future__ import annotations

from qa.detect.candidates import Candidate, Tokens
from qa.detect.context_words import STOPWORDS
from qa.detect.freq import zipf
from qa.phonetics import NUMBER_WORDS

COUNT_WORDS = NUMBER_WORDS - {"one", "zero", "oh"}  # ('one' counts no plural)
NOUN_ZIPF = 3.0  # a singular this common is an everyday noun
ARTICLES = frozenset({"a", "an", "the"})
NO_ARTICLE = frozenset({"much", "many", "few", "lot"})  # (no noun phrase of its own after an article: 'a lot')


def _everyday_plural(word: str) -> bool:
    """Whether *word* is lowercase letters, a plural in -s of an everyday word ('bins', 'residues')."""
    if not (word.isalpha() and word.islower() and len(word) >= 4 and word.endswith("s")) or word.endswith("ss"):
        return False
    stem = word[:-1]
    return zipf(stem) >= NOUN_ZIPF or (word.endswith("es") and zipf(word[:-2]) >= NOUN_ZIPF)


def read_as_phrase(c: Candidate, toks: Tokens) -> str | None:
    """Why *c*'s heard words are an ordinary phrase said as heard (module doc), or None. A known
    mishearing is evidence of its own and never is."""
    if c.method == "variant" or c.last - c.first < 2:
        return None
    words = toks.words
    first = words[c.first]
    if first in COUNT_WORDS and _everyday_plural(words[c.first + 1]):
        return f"a count said as heard: {first} {words[c.first + 1]!r}"
    last = words[c.last - 1]
    if last in ARTICLES and c.last < len(words) and not any(w.isupper() for w in words[c.first:c.last - 1]):
        after = words[c.last]
        if after.isalnum() and after.lower() not in STOPWORDS and after.lower() not in NO_ARTICLE:
            return f"the article {last!r} begins the phrase after the span ({after!r})"
    return None
