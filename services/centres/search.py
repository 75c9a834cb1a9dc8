"""Full-text search over the centre directory, tolerant of Russian inflection.

Names say «ЦЗН г. Казани» while a person types «Казань»: every word of a centre's name,
address and region name is case-folded (ё→е), split on punctuation and reduced to its
Snowball stem, and a query matches a centre when each query word's stem is a prefix of one
of the centre's words or stems. Short query words (where stemming would cut them to a
letter or two) are matched as typed, as a prefix of a word.

The index is pure data built once per directory load (services.centres.directory caches it); a
query looks words up by prefix in one sorted vocabulary, so it does not scan every centre.
"""

from __future__ import annotations

import functools
import heapq
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import snowballstemmer

# Shorter query words are matched as typed: the stemmer would cut «ой» to «о».
SHORT_WORD = 3
# Prepositions in «центр в Казани» would match any word starting with «в»; they are ignored
# unless the query has nothing else (then «по» may be the start of «Подольск»).
STOP_WORDS = frozenset({"в", "во", "на", "по", "и", "для", "у", "к", "ко", "с", "со", "из", "от"})
_WORD_RE = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("russian")


def fold(text: str) -> str:
    """Case- and ё-insensitive form for search (SQLite's lower() ignores Cyrillic)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped («Ново-Савиновский» is two words)."""
    return _WORD_RE.findall(fold(text))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Russian) stem of a folded word; the word itself if nothing is left."""
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed or word


def query_terms(query: str) -> list[str]:
    """What each query word must be a prefix of; repeated words count once.

    >>> query_terms("центр в Казани")
    ['центр', 'казан']
    """
    typed = words(query)
    meaningful = [word for word in typed if word not in STOP_WORDS]
    terms: list[str] = []
    for word in meaningful or typed:
        term = word if len(word) <= SHORT_WORD else stem(word)
        if term not in terms:
            terms.append(term)
    return terms


def _terms(texts: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    for text in texts:
        for word in words(text):
            found.add(word)
            found.add(stem(word))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Entry:
    """One centre as the search sees it."""

    code: str
    sort_key: str
    name_terms: frozenset[str]
    other_terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class Hits:
    """The best matching centre codes, best first, and how many centres matched in all."""

    codes: list[str]
    total: int


class SearchIndex:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self._entries = list(entries)
        postings: dict[str, set[int]] = {}
        for i, entry in enumerate(self._entries):
            for term in entry.name_terms | entry.other_terms:
                postings.setdefault(term, set()).add(i)
        self._vocabulary = sorted(postings)
        self._postings = [postings[term] for term in self._vocabulary]

    @classmethod
    def build(cls, centres: Iterable[tuple[str, str, str, str]]) -> SearchIndex:
        """From (code, name, address, region name) rows; the city is part of the address."""
        return cls(
            [
                Entry(code, fold(name), _terms([name]), _terms([address, region]))
                for code, name, address, region in centres
            ]
        )

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int | None = None) -> Hits:
        """Centres matching every query word: the best `limit` of them (all without one)."""
        terms = query_terms(query)
        if not terms:
            return Hits([], 0)
        matched: set[int] | None = None
        for term in terms:
            found = self._with_prefix(term)
            matched = found if matched is None else matched & found
            if not matched:
                return Hits([], 0)
        assert matched is not None

        def rank(i: int) -> tuple[int, str]:
            return self._rank(self._entries[i], terms)

        best = (
            sorted(matched, key=rank)
            if limit is None or limit >= len(matched)
            else heapq.nsmallest(limit, matched, key=rank)
        )
        return Hits([self._entries[i].code for i in best], len(matched))

    def _with_prefix(self, prefix: str) -> set[int]:
        found: set[int] = set()
        i = bisect_left(self._vocabulary, prefix)
        while i < len(self._vocabulary) and self._vocabulary[i].startswith(prefix):
            found.update(self._postings[i])
            i += 1
        return found

    @staticmethod
    def _rank(entry: Entry, terms: Sequence[str]) -> tuple[int, str]:
        # Per query word: 0 a whole word (or stem) of the name, 1 the start of one,
        # 2 a whole word of the address or region, 3 the start of one. Then by name.
        score = 0
        for term in terms:
            if term in entry.name_terms:
                continue
            if any(t.startswith(term) for t in entry.name_terms):
                score += 1
            elif term in entry.other_terms:
                score += 2
            else:
                score += 3
        return score, entry.sort_key
