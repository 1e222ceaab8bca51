"""A faster drop-in for spaCy's ``attribute_ruler``: token patterns become dict look-ups.

spaCy's :class:`~spacy.pipeline.AttributeRuler` runs a :class:`~spacy.matcher.Matcher`
of all its patterns (179 in ``en_core_web_sm`` 3.8) over every doc, which costs
almost as much as the parser. Nearly all of those patterns match one token on plain
attribute values (``[{"TAG": "JJS"}]``, ``[{"TAG": "PRP", "LOWER": "theirs"}]``).
:class:`FastAttributeRuler` compiles every pattern whose token specs only test token
attributes with plain values, ``IN``, ``NOT_IN`` or ``REGEX`` into a dict keyed by
the values of its first token, plus checks of its other tokens; each distinct row of
token attributes is looked up once and remembered. Patterns it cannot compile
(operators such as ``OP: "+"``, extension attributes, ``FUZZY``, comparisons,
``IS_SUBSET``..., predicates on ``MORPH``, ``IS_SENT_START``) stay in a small
Matcher (en_core_web_sm 3.8 has none). The patterns come from the loaded
model's own ruler (:func:`use_fast_attribute_ruler`), so any model works.

The result is exactly the original's, because its semantics are kept:

* every pattern is matched against the doc as it was *before* the component ran
  (spaCy runs its Matcher once, then sets the attributes);
* matches are applied in the order of the patterns' positions in the ruler, so when
  two patterns set the same attribute of the same token the later pattern wins;
* the target of a match is ``span[index]`` (``index`` may be negative), and an
  index outside the matched span raises spaCy's own error (E1001);
* ``MORPH`` replaces the token's whole analysis (it is not merged feature by
  feature), as :func:`spacy.tokens._retokenize.set_token_attrs` does.

When every pattern sets only attributes stored on the token itself (TAG, POS, MORPH,
LEMMA, DEP...), the attributes of all patterns matching a token are merged once, in
pattern order, and set in one call. Otherwise (extension attributes, or lexeme
attributes such as ``LOWER`` shared by every token of a word) the matches are
applied one by one in spaCy's own order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    NORM,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import attribute_ruler_score
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

from .tokentests import PatternEntry, compile_pattern, n_keys, row_lookup

FACTORY = "stance_attribute_ruler"


#: Attributes that ``set_token_attrs`` writes to the token alone: setting them on one
#: token changes no other token, so the order across tokens does not matter.
TOKEN_ONLY_ATTRS = frozenset(
    {LEMMA, NORM, POS, TAG, MORPH, DEP, HEAD, SPACY, ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID,
     SENT_START}
)

#: A first token whose ``IN`` lists expand to more value combinations stays in the Matcher.
MAX_KEYS_PER_PATTERN = 10_000

#: Distinct rows of token attributes remembered across docs (emptied when full).
ROW_CACHE_SIZE = 200_000


class FastAttributeRuler(AttributeRuler):
    """An :class:`~spacy.pipeline.AttributeRuler` that looks its patterns up in dicts.

    It is an AttributeRuler (same ``add``, ``patterns``, serialization and scorer);
    only matching and applying are faster. Patterns :func:`~stance.nlp.tokentests.compile_pattern` cannot
    compile run in a small Matcher.
    """

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False,
                 scorer: Callable | None = attribute_ruler_score) -> None:
        """Create an empty ruler; add patterns with ``add`` or ``add_patterns``.

        Args:
            vocab: The pipeline's vocab.
            name: The component's name in the pipeline.
            validate: Validate the patterns (as the original's ``validate``).
            scorer: The scoring function, the original's by default.
        """
        super().__init__(vocab, name, validate=validate, scorer=scorer)
        self._reset_compiled()

    def _reset_compiled(self) -> None:
        self._keys: list[int] = []  # the Matcher key (a string hash) of every pattern
        self._rest = Matcher(self.vocab, validate=self.validate)
        self._rest_size = 0
        # attributes of the first token's include tests -> {their values -> entries}
        self._tables: dict[tuple[int, ...], dict[tuple[int, ...], list[PatternEntry]]] = {}
        self._columns: list[int] = []  # the attributes read from every doc
        self._column: dict[int, int] = {}  # attribute -> its position in a row
        # (row -> key, {key -> entries}) per table: what a row is looked up with
        self._lookups: list[tuple[Callable[[tuple[int, ...]], Any], dict[Any, list[PatternEntry]]]] = []
        self._token_only = True
        self._row_cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[PatternEntry, ...]]] = {}
        self._merged_cache: dict[tuple[int, ...], dict] = {}

    def clear(self) -> None:
        """Remove all patterns."""
        super().clear()
        self._reset_compiled()

    def add(self, patterns: Iterable[list[dict]], attrs: dict, index: int = 0) -> None:
        """Add patterns whose matched token (``span[index]``) gets ``attrs``.

        Args:
            patterns: Matcher patterns.
            attrs: The attributes to set, e.g. ``{"POS": "ADJ", "MORPH": "Degree=Sup"}``.
            index: Which token of a match to change; may be negative.
        """
        patterns = list(patterns)
        pattern_id = len(self.attrs)
        super().add(patterns, attrs, index)  # validates; keeps `patterns` and serialization
        key = self.vocab.strings.add(str(pattern_id))
        self._keys.append(key)
        self._token_only = self._token_only and all(a in TOKEN_ONLY_ATTRS for a in self.attrs[-1])
        for pattern in patterns:
            tests = compile_pattern(pattern, self.vocab.strings)
            if tests is None or n_keys(tests[0]) > MAX_KEYS_PER_PATTERN:
                self._rest.add(key, [pattern])
                self._rest_size += 1
                continue
            first, rest = tests[0], tests[1:]
            entry = PatternEntry(pattern_id, first, rest, not rest and index in (0, -1))
            table = self._tables.setdefault(tuple(a for a, _ in first.include), {})
            for values in itertools.product(*(sorted(v) for _, v in first.include)):
                entries = table.setdefault(values, [])
                if entry not in entries:
                    entries.append(entry)
            self._columns = sorted(set(self._columns).union(
                a for test in tests for a, _ in test.include + test.exclude + test.search))
        self._column = {a: i for i, a in enumerate(self._columns)}
        self._lookups = [row_lookup([self._column[a] for a in attrs_], table)
                         for attrs_, table in self._tables.items()]
        self._row_cache = {}
        self._merged_cache = {}

    @property
    def uncompiled(self) -> list[tuple[int, list[dict]]]:
        """``(pattern position, pattern)`` of every pattern left to the Matcher."""
        return [(i, pattern) for i in range(len(self.attrs))
                for pattern in self._rest.get(self._keys[i], (None, []))[1]]

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes of every matched token, exactly as AttributeRuler does.

        Args:
            doc: The doc to annotate (in place).

        Returns:
            The same doc.
        """
        error_handler = self.get_error_handler()
        try:
            self._annotate(doc)
            return doc
        except Exception as e:  # noqa: BLE001 - handed to spaCy's error handler, as the original does
            return error_handler(self.name, self, [doc], e)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """All matches, as AttributeRuler.match gives them.

        Args:
            doc: The doc to match.

        Returns:
            ``(pattern position, match key, start, end)`` tuples, sorted.
        """
        direct, spans = self._compiled_matches(doc)
        found = {(pid, i, i + 1) for i, ids in enumerate(direct) for pid in ids}
        found.update(spans)
        found.update(self._matcher_matches(doc))
        return sorted((pid, self._keys[pid], start, end) for pid, start, end in found)

    def _lookup(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[PatternEntry, ...]]:
        """The compiled patterns whose first token matches a token with values ``row``.

        Returns:
            The sorted positions of the one-token patterns that target the token itself,
            and the entries whose other tokens are still to be checked.
        """
        direct: set[int] = set()
        anchored: list[PatternEntry] = []
        strings = self.vocab.strings
        for key_of, table in self._lookups:
            for entry in table.get(key_of(row), ()):
                if entry.first.passes_filters(row, self._column, strings):
                    if entry.direct:
                        direct.add(entry.pattern_id)
                    else:
                        anchored.append(entry)
        return tuple(sorted(direct)), tuple(anchored)

    def _compiled_matches(self, doc: Doc) -> tuple[list[tuple[int, ...]], list[tuple[int, int, int]]]:
        """Matches of the compiled patterns.

        Returns:
            For each token, the sorted positions of the one-token patterns it matches
            (with index 0 or -1); and ``(pattern position, start, end)`` of the others.
        """
        n = len(doc)
        if not self._lookups:
            return [()] * n, []
        if self._columns:
            rows = list(map(tuple, doc.to_array(self._columns).reshape((n, len(self._columns))).tolist()))
        else:  # only empty specs ({}), which match any token
            rows = [()] * n
        cache, column, strings = self._row_cache, self._column, self.vocab.strings
        if len(cache) > ROW_CACHE_SIZE:
            cache.clear()
        direct: list[tuple[int, ...]] = []
        spans: list[tuple[int, int, int]] = []
        for i, row in enumerate(rows):
            found = cache.get(row)
            if found is None:
                found = cache[row] = self._lookup(row)
            ids, anchored = found
            direct.append(ids)
            for entry in anchored:
                end = i + 1 + len(entry.rest)
                if end <= n and all(test.passes(rows[i + 1 + k], column, strings)
                                    for k, test in enumerate(entry.rest)):
                    spans.append((entry.pattern_id, i, end))
        return direct, spans

    def _matcher_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(pattern position, start, end)`` of the patterns left to the Matcher."""
        if not self._rest_size:
            return []
        strings = self.vocab.strings
        return [(int(strings[key]), start, end)
                for key, start, end in self._rest(doc, allow_missing=True, as_spans=False)]

    def _annotate(self, doc: Doc) -> None:
        if not self.attrs:
            self.set_annotations(doc, super().match(doc))  # the original, warning included
            return
        if not self._token_only:
            # Matches must be applied one by one in spaCy's order.
            self.set_annotations(doc, self.match(doc))
            return
        by_token, spans = self._compiled_matches(doc)
        extra: dict[int, set[int]] = {}
        for pid, start, end in itertools.chain(spans, self._matcher_matches(doc)):
            index = self.indices[pid]
            target = end + index if index < 0 else start + index
            if not start <= target < end:
                # spaCy raises E1001 after applying the matches sorted before this one.
                self.set_annotations(doc, self.match(doc))
                return
            extra.setdefault(target, set()).add(pid)
        merged = self._merged_cache
        for i, ids in enumerate(by_token):
            if i in extra:
                ids = tuple(sorted(extra[i].union(ids)))
            if not ids:
                continue
            attrs = merged.get(ids)
            if attrs is None:
                attrs = {}
                for pid in ids:  # later patterns override earlier ones, as in spaCy
                    attrs.update(self.attrs[pid])
                merged[ids] = attrs
            set_token_attrs(doc[i], attrs)


@Language.factory(FACTORY, default_config={
    "validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool,
                              scorer: Callable | None) -> FastAttributeRuler:
    """The spaCy factory ``stance_attribute_ruler``: an empty :class:`FastAttributeRuler`."""
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def use_fast_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's AttributeRuler by a FastAttributeRuler with its patterns.

    The component keeps its name and place in the pipeline; its factory becomes
    ``stance_attribute_ruler`` (a saved pipeline needs ``stance.nlp.fastattrs`` imported
    to load). Nothing changes if there is no active AttributeRuler called ``name``, or
    if its patterns cannot be read or loaded.

    Args:
        nlp: The loaded pipeline, changed in place.
        name: The component to replace.

    Returns:
        Whether the pipeline now runs a FastAttributeRuler under ``name``.
    """
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if isinstance(ruler, FastAttributeRuler):
        return True
    if not isinstance(ruler, AttributeRuler):
        return False
    config = {k: v for k, v in nlp.get_pipe_config(name).items() if k in ("validate", "scorer")}
    try:
        patterns = ruler.patterns
        # Built aside first, so that the pipeline is only touched if every pattern loads.
        FastAttributeRuler(nlp.vocab, name, validate=ruler.validate).add_patterns(patterns)
    except Exception:  # noqa: BLE001 - whatever fails, the original component stays
        return False
    fast = nlp.replace_pipe(name, FACTORY, config=config)
    fast.add_patterns(patterns)
    return True
