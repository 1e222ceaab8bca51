"""Attribute-ruler token patterns compiled into look-up tests (for :mod:`stance.nlp.fastattrs`).

A pattern whose token specs only test token attributes with plain values, ``IN``, ``NOT_IN``
or ``REGEX`` becomes one :class:`TokenTest` per token; its first token's allowed values key a
dict (:func:`row_lookup`). :func:`compile_pattern` returns None for what it cannot compile,
which then stays in spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple

from spacy.attrs import (
    DEP,
    ENT_TYPE,
    IDS,
    LEMMA,
    LENGTH,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    PREFIX,
    SHAPE,
    SUFFIX,
    TAG,
)
from spacy.strings import StringStore, get_string_id

#: Attributes a compiled pattern may test: for these the Matcher compares the value
#: that ``Doc.to_array`` returns (``SENT_START``, ``HEAD``, ``ENT_IOB`` and extension
#: attributes are converted differently, so patterns testing them stay in the Matcher).
LOOKUP_ATTRS = frozenset(
    {ORTH, LOWER, NORM, SHAPE, PREFIX, SUFFIX, LENGTH, TAG, POS, DEP, LEMMA, MORPH, ENT_TYPE}
    | {IDS[name] for name in (
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE",
        "IS_UPPER", "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
        "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY")}
)


_MAX_ID = 2**64  # attribute values are uint64


class TokenTest(NamedTuple):
    """What one token spec of a pattern requires, as attribute IDs and value IDs.

    Attributes:
        include: ``(attr, allowed values)`` from plain values and ``IN`` lists.
        exclude: ``(attr, excluded values)`` from ``NOT_IN`` lists.
        search: ``(attr, regex)`` from ``REGEX``: the regex must be found in the
            attribute's string.
    """

    include: tuple[tuple[int, frozenset[int]], ...]
    exclude: tuple[tuple[int, frozenset[int]], ...]
    search: tuple[tuple[int, re.Pattern], ...]

    def passes(self, row: tuple[int, ...], column: dict[int, int], strings: StringStore) -> bool:
        """Whether a token whose attribute values are ``row`` matches the spec."""
        return (all(row[column[a]] in values for a, values in self.include)
                and self.passes_filters(row, column, strings))

    def passes_filters(self, row: tuple[int, ...], column: dict[int, int],
                       strings: StringStore) -> bool:
        """Whether ``row`` passes the ``NOT_IN`` and ``REGEX`` tests."""
        return (all(row[column[a]] not in values for a, values in self.exclude)
                and all(regex.search(strings[row[column[a]]]) for a, regex in self.search))


class PatternEntry(NamedTuple):
    """A compiled pattern, filed under the values its first token must have."""

    pattern_id: int  # the pattern's position in the ruler
    first: TokenTest  # the first token's test (its include part is the table key)
    rest: tuple[TokenTest, ...]  # the tests of the following tokens
    direct: bool  # one token and index 0 or -1: the match is the token itself


def _value_set(attr: int, value: Any, strings: StringStore) -> tuple[str, Any] | None:
    """How a token spec's value constrains an attribute, as the Matcher compares it.

    Args:
        attr: The attribute ID.
        value: The spec's value: a string, an int or bool, ``{"IN": [...]}``,
            ``{"NOT_IN": [...]}`` or ``{"REGEX": "..."}``.
        strings: The vocab's string store (plain strings are added, as the Matcher does).

    Returns:
        ``("include", values)``, ``("exclude", values)`` or ``("search", regex)``; None
        for anything else (other predicates, predicates on ``MORPH``, odd types), which
        stays in the Matcher.
    """
    if isinstance(value, bool):
        return "include", frozenset({int(value)})
    if isinstance(value, int):
        return ("include", frozenset({value})) if 0 <= value < _MAX_ID else None
    if isinstance(value, str):
        return "include", frozenset({strings.add(value)})
    if not (isinstance(value, dict) and len(value) == 1) or attr == MORPH:
        return None
    (op, options), = value.items()
    op = op.upper() if isinstance(op, str) else None
    if op == "REGEX":
        return ("search", re.compile(options)) if isinstance(options, str) else None
    if (op not in ("IN", "NOT_IN") or not isinstance(options, (list, tuple))
            or not all(isinstance(v, str) or (type(v) is int and 0 <= v < _MAX_ID) for v in options)):
        return None
    return ("include" if op == "IN" else "exclude"), frozenset(get_string_id(v) for v in options)


def compile_token_spec(spec: Any, strings: StringStore) -> TokenTest | None:
    """Turn one token spec of a Matcher pattern into a :class:`TokenTest`, if it can be.

    Args:
        spec: A token spec, e.g. ``{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}``.
        strings: The vocab's string store.

    Returns:
        The test, or None when the spec has an operator (``OP``), an extension
        attribute (``_``), a predicate other than ``IN``/``NOT_IN``/``REGEX``, an attribute
        outside :data:`LOOKUP_ATTRS`, or names one attribute twice (``TEXT`` and ``ORTH``).
    """
    if not isinstance(spec, dict):
        return None
    tests: dict[str, dict[int, Any]] = {"include": {}, "exclude": {}, "search": {}}
    seen: set[int] = set()
    for name, value in spec.items():
        if isinstance(name, str):
            upper = name.upper()
            attr = IDS.get("ORTH" if upper == "TEXT" else upper)
        elif type(name) is int:
            attr = name
        else:
            return None
        if attr not in LOOKUP_ATTRS or attr in seen:
            return None
        seen.add(attr)
        constraint = _value_set(attr, value, strings)
        if constraint is None:
            return None
        kind, values = constraint
        tests[kind][attr] = values
    return TokenTest(*(tuple(sorted(tests[kind].items(), key=lambda item: item[0]))
                       for kind in ("include", "exclude", "search")))


def compile_pattern(pattern: Any, strings: StringStore) -> tuple[TokenTest, ...] | None:
    """Compile a whole Matcher pattern: one test per token, or None if any token fails."""
    if not isinstance(pattern, list) or not pattern:
        return None
    tests = tuple(compile_token_spec(spec, strings) for spec in pattern)
    return None if any(t is None for t in tests) else tests


def n_keys(test: TokenTest) -> int:
    """How many value combinations a token's include tests expand to."""
    n = 1
    for _, values in test.include:
        n *= len(values)
    return n


def _no_key(row: tuple[int, ...]) -> tuple[()]:
    return ()


def row_lookup(positions: list[int], table: dict[tuple[int, ...], list[PatternEntry]]
                ) -> tuple[Callable[[tuple[int, ...]], Any], dict[Any, list[PatternEntry]]]:
    """A fast key function for a table, with the table re-keyed to match it.

    ``itemgetter`` gives a tuple for several positions but a bare value for one, so a
    one-attribute table is keyed by bare values.
    """
    if not positions:
        return _no_key, table
    if len(positions) == 1:
        return itemgetter(positions[0]), {key[0]: entries for key, entries in table.items()}
    return itemgetter(*positions), table
