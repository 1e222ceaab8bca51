"""One statement carried by several articles counts once: sentence fingerprints and
:func:`collapse` (the frame twin of :func:`stance.analysis.aggregate.collapse_duplicates`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..records import POLARITY
from .aggregate import _MARKS, QUOTED

IDENTITY = ["party", "kind", "issue", "stance", "target", "fingerprint"]
CHUNK = 10_000  # rows fetched at a time; a chunk's fingerprints are computed while the next is read


def collapse(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct statement (:func:`stance.analysis.aggregate.collapse_duplicates` on a frame).

    Keeps the earliest dated copy of each identity and adds ``fingerprint`` (unless the frame
    has it), ``copies`` (articles that carried it) and ``polarity``; ``sources`` becomes every
    source of every copy (one per line, in the order of the copies).
    """
    if frame.empty:
        return frame.assign(fingerprint=pd.Series(dtype=str), copies=pd.Series(dtype=int),
                            polarity=pd.Series(dtype=str))
    # frame is sorted by date already; load_statements computed the fingerprints while reading
    ordered = frame if "fingerprint" in frame else frame.assign(fingerprint=fingerprints(frame["sentence"]))
    group = _group_codes(ordered, IDENTITY)  # numbered in order of first appearance
    _, first_rows = np.unique(group, return_index=True)  # each group's first (earliest) row, in group order
    first = ordered.iloc[first_rows].reset_index(drop=True)
    size = np.bincount(group)
    repeated = np.flatnonzero(size[group] > 1)
    copies = np.ones(len(first), dtype="int64")
    if len(repeated):
        articles = _group_codes(ordered, ["article_id"])[repeated]
        groups = group[repeated]
        pairs = np.unique(groups * (int(articles.max()) + 1) + articles)
        per_group = np.bincount(pairs // (int(articles.max()) + 1), minlength=len(first))
        hit = np.flatnonzero(size > 1)
        copies[hit] = per_group[hit]
        merged: dict[int, dict[str, None]] = {}
        for g, joined in zip(groups.tolist(), ordered["sources"].to_numpy()[repeated].tolist()):
            merged.setdefault(g, {}).update(dict.fromkeys(joined.split("\n")))
        sources = pa.array(first["sources"].array)
        values = pa.array(["\n".join(merged[g]) for g in hit.tolist()], type=sources.type)
        mask = np.zeros(len(first), dtype=bool)
        mask[hit] = True
        first["sources"] = pd.Series(pc.replace_with_mask(sources, pa.array(mask), values), dtype=first["sources"].dtype)
    first["copies"] = copies
    first["polarity"] = first["stance"].map(POLARITY).fillna("")
    return first


def _group_codes(frame: pd.DataFrame, columns) -> np.ndarray:
    """One code per distinct combination of ``columns`` (missing values included), numbered in
    order of first appearance (``groupby(columns, sort=False, dropna=False).ngroup()``)."""
    key = None
    for column in columns:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        codes = codes.astype("int64")
        # both factors are below the number of rows, so the product stays far from overflowing
        key = codes if key is None else pd.factorize(key * len(uniques) + codes)[0].astype("int64")
    return key


def fingerprints(sentences: pd.Series) -> pd.Series:
    """:func:`stance.analysis.aggregate.fingerprint` of every sentence, computed by Arrow and numpy (no
    Python loop over rows), in slices that fit the processor's caches, on every processor."""
    text = pa.array(sentences.astype("string[pyarrow]").array)
    with ThreadPoolExecutor() as pool:
        parts = list(pool.map(fingerprint_array, [text.slice(i, CHUNK) for i in range(0, len(text), CHUNK)]))
    joined = pa.chunked_array(parts, type=text.type) if parts else text
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=sentences.index) if parts else \
        pd.Series([], index=sentences.index, dtype="string[pyarrow]")


_QUOTE_PATTERN = QUOTED.replace("(", "(?P<quote>", 1)


def fingerprint_array(text: pa.Array) -> pa.Array:
    """:func:`stance.analysis.aggregate.fingerprint` of each string of ``text``."""
    marked = pc.match_substring_regex(text, f"[{_MARKS}]")
    if pc.any(marked).as_py():  # the quotation is looked for only where there is a quotation mark
        candidates = text.filter(marked)
        quoted = pc.extract_regex(candidates, _QUOTE_PATTERN)
        chosen = pc.if_else(pc.is_valid(quoted), pc.struct_field(quoted, "quote"), candidates)
        text = pc.replace_with_mask(text, marked, chosen.cast(text.type))
    text = pc.utf8_lower(text)
    if text.null_count:
        return pc.utf8_trim(pc.replace_substring_regex(text, r"[^\p{L}\p{N}]+", " "), " ")
    return _words(text.cast(pa.large_string()))


_ASCII_WORD = np.array([chr(c).isalnum() for c in range(256)]) & (np.arange(256) < 0x80)


def _words(text: pa.LargeStringArray) -> pa.LargeStringArray:
    """Each string's runs of letters and digits (``str.isalnum``), joined by one space: what
    ``re.sub(r"[\\W_]+", " ", s).strip()`` gives, computed on the UTF-8 bytes of the whole column."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset:text.offset + len(text) + 1]
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8) if text.buffers()[2] is not None else \
        np.zeros(0, dtype=np.uint8)
    b = data[offsets[0]:offsets[-1]]
    offsets = offsets - offsets[0]
    n = len(b)
    word = _ASCII_WORD[b]
    lead = np.flatnonzero(b >= 0xC0)  # the first byte of each character beyond ASCII
    if len(lead):
        b0 = b[lead].astype(np.uint32)
        size = np.where(b0 >= 0xF0, 4, np.where(b0 >= 0xE0, 3, 2))
        tail = [b[np.minimum(lead + k, n - 1)].astype(np.uint32) & 0x3F for k in (1, 2, 3)]
        code = np.where(size == 2, ((b0 & 0x1F) << 6) | tail[0],
                        np.where(size == 3, ((b0 & 0x0F) << 12) | (tail[0] << 6) | tail[1],
                                 ((b0 & 0x07) << 18) | (tail[0] << 12) | (tail[1] << 6) | tail[2]))
        distinct, which = np.unique(code, return_inverse=True)
        is_word = np.array([chr(c).isalnum() for c in distinct.tolist()], dtype=bool)[which]
        for k in range(4):  # every byte of a character is a word byte when the character is a letter or digit
            at = size > k
            word[lead[at] + k] = is_word[at]
    starts, ends = offsets[:-1], offsets[1:]
    filled = np.flatnonzero(ends > starts)
    after_word = np.empty(n, dtype=bool)
    after_word[:1] = False
    after_word[1:] = word[:-1]
    after_word[starts[filled]] = False  # a string's first byte follows no word of its own
    gap = ~word & after_word  # the first byte of a run of other characters after a word: one space
    gaps = np.flatnonzero(gap)
    # a run that ends its string is dropped (strip): the string's last gap, when its last byte is no word
    trailing = filled[~word[ends[filled] - 1]]
    if len(gaps) and len(trailing):
        last = np.searchsorted(gaps, ends[trailing]) - 1
        inside = last >= 0
        last, trailing = last[inside], trailing[inside]
        gap[gaps[last[gaps[last] >= starts[trailing]]]] = False
    keep = word | gap
    out = np.where(word, b, np.uint8(32))[keep]
    lengths = np.zeros(len(starts), dtype=np.int64)
    if len(filled):
        lengths[filled] = np.add.reduceat(keep.view(np.uint8), starts[filled], dtype=np.int64)
    new_offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_offsets[1:])
    return pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(new_offsets), pa.py_buffer(out))
