"""spaCy token patterns as dict lookups: the Matcher's answers at a fraction of its cost.

:class:`FastTokenMatcher` answers plain patterns (exact or ``IN`` values of string
attributes and boolean flags, no operators) by looking up each token's attribute ids,
and runs spaCy's ``Matcher`` only for the other patterns a Doc can trigger, in a small
Matcher cached per set of triggered patterns. Where the order of its answer could
differ from the Matcher's it returns None, and the caller runs the Matcher itself.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from spacy.attrs import DEP, IDS, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

# Token attributes FastTokenMatcher tests itself: Doc.to_array reads them with the function
# spaCy's Matcher uses, and pattern values become ids as the Matcher makes them.
_STRING_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "LEMMA": LEMMA,
                 "POS": POS, "TAG": TAG}
_FLAG_ATTRS = {name: IDS[name] for name in (
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
    "LIKE_URL", "LIKE_NUM", "LIKE_EMAIL", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT",
    "IS_RIGHT_PUNCT", "IS_CURRENCY")}
_LEXICAL_ATTRS = (ORTH, LOWER, NORM, LEMMA)  # more selective than parts of speech and flags
# spaCy's Matcher raises on a Doc without these annotations if a pattern tests them.
_ANNOTATED_ATTRS = (TAG, POS, MORPH, LEMMA, DEP)
_REPEAT = re.compile(r"\{(\d*)(,\d*)?\}")
_CACHED_MATCHERS = 512

Condition = tuple[int, frozenset[int]]  # an attribute id and the value ids it may take
Match = tuple[int, int, int]  # (key id, start, end), as spaCy's Matcher returns them


def _value_ids(attr: str, value) -> frozenset[int] | None:
    """The ids attribute ``attr`` may take to satisfy ``value``, as spaCy's Matcher compares them.

    A string attribute takes ``"x"`` or ``{"IN": [...]}`` of strings; a flag ``true`` or
    ``false``. None for anything else (REGEX, NOT_IN, numbers, ...), left to spaCy.
    """
    if attr in _FLAG_ATTRS:
        return frozenset((int(value),)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return frozenset((get_string_id(value),))
    if isinstance(value, dict) and len(value) == 1:
        [(op, items)] = value.items()
        if (isinstance(op, str) and op.upper() == "IN" and isinstance(items, (list, tuple))
                and all(isinstance(v, str) for v in items)):
            return frozenset(get_string_id(v) for v in items)
    return None


def _token_conditions(spec: dict) -> tuple[list[Condition], bool]:
    """The conditions of a token spec we can test, and whether they are all the spec asks.

    A token matches a spec only if it meets all of the spec's conditions (``OP`` aside).
    """
    conditions: list[Condition] = []
    complete = True
    for attr, value in spec.items():
        name = attr.upper() if isinstance(attr, str) else attr
        if name == "OP":
            continue
        attr_id = _STRING_ATTRS.get(name, _FLAG_ATTRS.get(name))
        ids = _value_ids(name, value) if attr_id is not None else None
        if ids is None:
            complete = False
        else:
            conditions.append((attr_id, ids))
    return conditions, complete


def _operator(spec: dict):
    """The spec's ``OP`` (keys are case-insensitive, as for spaCy), or None."""
    ops = [v for k, v in spec.items() if isinstance(k, str) and k.upper() == "OP"]
    return ops[-1] if ops else None


def _is_required(spec: dict) -> bool:
    """Whether every match of a pattern has a token that matches this spec (a quantifier of at
    least one: no ``OP``, ``1``, ``+``, ``{n}``, ``{n,}`` or ``{n,m}`` with n >= 1)."""
    op = _operator(spec)
    if op is None or op in ("1", "+"):
        return True
    repeat = _REPEAT.fullmatch(op) if isinstance(op, str) else None
    return bool(repeat and repeat.group(1) and int(repeat.group(1)) >= 1)


def _plain_conditions(pattern: list) -> list[list[Condition]] | None:
    """Per token, the conditions of a plain pattern, else None.

    A plain pattern has no quantifiers and only conditions we can test, at least one a
    token; it matches a span exactly when each token meets its spec's conditions.
    """
    per_token = []
    for spec in pattern:
        if not isinstance(spec, dict) or _operator(spec) not in (None, "1"):
            return None
        conditions, complete = _token_conditions(spec)
        if not complete or not conditions:
            return None
        per_token.append(conditions)
    return per_token or None


def _anchors(pattern: list) -> list[Condition]:
    """Conditions a Doc must meet (each on some token) for ``pattern`` to match in it."""
    anchors: list[Condition] = []
    for spec in pattern:
        if isinstance(spec, dict) and _is_required(spec):
            anchors.extend(_token_conditions(spec)[0])
    return anchors


def _is_late(pattern: list) -> bool:
    """Whether spaCy emits the pattern's one-token matches only after its start token.

    spaCy's Matcher emits the plain patterns' matches on a token while it reads that
    token. A pattern whose first token is consumed before any other (no ``OP``, ``1``,
    ``!`` or ``+``) and that has more tokens can only end a match on a later token (or
    at the end of the Doc), so its one-token matches come after theirs.
    """
    return len(pattern) >= 2 and isinstance(pattern[0], dict) and _operator(pattern[0]) in (None, "1", "!", "+")


def _selectivity(condition: Condition) -> tuple[bool, int]:
    """Sort key of conditions to index by: lexical attributes first, then the fewest values."""
    return condition[0] not in _LEXICAL_ATTRS, len(condition[1])


class FastTokenMatcher:
    """What spaCy's ``Matcher`` finds with keyed token patterns, found much faster.

    Plain patterns, without quantifiers and testing only strings and flags (a cue group's
    lemmas and parts of speech, ``[{LOWER: unless}]``, ``[{LOWER: has}, {LOWER: to}]``),
    are found from tables keyed by attribute values of one of their tokens, then checked
    token by token. Every other pattern stays with spaCy's Matcher, but runs only on Docs
    that meet its anchors (a value that each required token tests): a Doc goes through a
    Matcher holding just the patterns it triggers, cached per set of triggered patterns.

    A call returns the (key id, start, end) matches spaCy's Matcher with all the patterns
    returns, the matches of each span in the same order (what ``filter_spans`` and stable
    sorts see); spans themselves may come in another order. spaCy emits the matches of
    plain patterns on one span in pattern order, and a one-token span's before those of
    late patterns (:func:`_is_late`). When a span is matched under two keys, by a plain
    pattern and by one left to spaCy, and their order is not known that way, the call
    returns None (as for a Span or a Doc lacking annotation): the caller then runs
    spaCy's Matcher.

    Args:
        vocab: The vocab of the Docs.
        patterns: ``(key, patterns)`` pairs, in the order they were added to ``reference``.
        reference: spaCy's Matcher with all the patterns (for the annotations it requires).
    """

    def __init__(self, vocab, patterns: list[tuple[str, list]], reference: Matcher):
        self.vocab = vocab
        seen = getattr(reference, "_seen_attrs", None)
        self._required = tuple(a for a in _ANNOTATED_ATTRS if seen is None or a in seen)
        self._attrs: list[int] = []  # the columns of Doc.to_array
        # column -> value -> (pattern order, key id, length, offset of the indexed token, checks)
        self._tables: dict[int, dict[int, list[tuple]]] = {}
        self._others: list[tuple[str, list]] = []  # patterns left to spaCy
        early: set[int] = set()  # keys with a pattern left to spaCy that is not late
        anchors: dict[Condition, int] = {}  # distinct anchor -> its number
        self._needs: list[frozenset[int]] = []  # per pattern left to spaCy: the anchors it needs
        order = 0
        for key, key_patterns in patterns:
            key_id = vocab.strings.add(key)
            for pattern in key_patterns:
                plain = _plain_conditions(pattern)
                if plain is not None:
                    self._add_plain(order, key_id, plain)
                else:
                    self._others.append((key, pattern))
                    if not _is_late(pattern):
                        early.add(key_id)
                    self._needs.append(frozenset(anchors.setdefault((self._column(a), ids), len(anchors))
                                                 for a, ids in _anchors(pattern)))
                order += 1
        self._anchors = list(anchors)
        self._late_keys = frozenset(vocab.strings.add(key) for key, _ in self._others) - early
        self._matchers: OrderedDict[tuple[int, ...], Matcher] = OrderedDict()

    def _column(self, attr: int) -> int:
        """The column of ``attr`` in the Doc arrays, added if new."""
        if attr not in self._attrs:
            self._attrs.append(attr)
        return self._attrs.index(attr)

    def _add_plain(self, order: int, key_id: int, per_token: list[list[Condition]]) -> None:
        """Table a plain pattern under each value of its most selective condition."""
        offset, index = min(((k, c) for k, conditions in enumerate(per_token) for c in conditions),
                            key=lambda kc: _selectivity(kc[1]))
        checks = tuple((k, self._column(a), ids) for k, conditions in enumerate(per_token)
                       for a, ids in conditions if (k, (a, ids)) != (offset, index))
        entry = (order, key_id, len(per_token), offset, checks)
        table = self._tables.setdefault(self._column(index[0]), {})
        for value in index[1]:
            table.setdefault(value, []).append(entry)

    def __call__(self, doc: Doc | Span) -> list[Match] | None:
        """The matches in ``doc``, or None when the caller must run spaCy's Matcher."""
        if not isinstance(doc, Doc) or not all(doc.has_annotation(a) for a in self._required):
            return None
        rows = doc.to_array(self._attrs).reshape(len(doc), len(self._attrs)).tolist() if self._attrs else []
        plain = self._plain_matches(rows)
        others = self._other_matches(doc, rows)
        return _merge_matches(plain, others, self._late_keys) if plain and others else plain + others

    def _plain_matches(self, rows: list[list[int]]) -> list[Match]:
        """Matches of the plain patterns: by span, then pattern order, each key once per span."""
        found = []
        n = len(rows)
        tables = self._tables.items()
        for i, row in enumerate(rows):
            for col, table in tables:
                for order, key_id, length, offset, checks in table.get(row[col], ()):
                    start = i - offset
                    if (start >= 0 and start + length <= n
                            and all(rows[start + k][c] in ids for k, c, ids in checks)):
                        found.append((start, start + length, order, key_id))
        found.sort()
        matches: list[Match] = []
        seen: set[Match] = set()
        for start, end, _, key_id in found:
            match = (key_id, start, end)
            if match not in seen:
                seen.add(match)
                matches.append(match)
        return matches

    def _other_matches(self, doc: Doc, rows: list[list[int]]) -> list[Match]:
        """Matches of the patterns left to spaCy, run on those whose anchors ``doc`` meets."""
        if not self._others:
            return []
        columns = [set(col) for col in zip(*rows)] if rows else [set() for _ in self._attrs]
        met = {j for j, (col, ids) in enumerate(self._anchors) if not ids.isdisjoint(columns[col])}
        triggered = tuple(i for i, need in enumerate(self._needs) if need <= met)
        if not triggered:
            return []
        return list(self._matcher(triggered)(doc))

    def _matcher(self, triggered: tuple[int, ...]) -> Matcher:
        """A Matcher with just the ``triggered`` patterns, in order (the least recently used goes)."""
        matcher = self._matchers.get(triggered)
        if matcher is None:
            matcher = Matcher(self.vocab)
            for i in triggered:
                key, pattern = self._others[i]
                matcher.add(key, [pattern])
            self._matchers[triggered] = matcher
            if len(self._matchers) > _CACHED_MATCHERS:
                self._matchers.popitem(last=False)
        else:
            self._matchers.move_to_end(triggered)
        return matcher


def _merge_matches(plain: list[Match], others: list[Match], late_keys: frozenset[int]) -> list[Match] | None:
    """Plain-pattern and spaCy matches as one list, or None when their order on a span is unknown.

    On a span both found, spaCy reports each key once, at its first match. That order is
    known when the span has one key, or when it is one token long and the spaCy matches
    on it are of keys whose patterns left to spaCy are all late: they come after the
    plain ones.
    """
    keys_by_span: dict[tuple[int, int], set[int]] = {}
    for key_id, start, end in plain:
        keys_by_span.setdefault((start, end), set()).add(key_id)
    merged = list(plain)
    for key_id, start, end in others:
        keys = keys_by_span.get((start, end))
        if keys is None:
            merged.append((key_id, start, end))
        elif keys == {key_id}:
            continue  # the span's one plain key, which spaCy reports once
        elif end - start == 1 and key_id in late_keys:
            if key_id not in keys:
                merged.append((key_id, start, end))
        else:
            return None
    return merged
