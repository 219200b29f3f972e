"""TF-IDF word uni- and bigram features for training, lean enough for every paragraph of the
2016–2021 series (~190k paragraphs) in well under 500 MB.

Same features as scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
min_df=…, max_features=…)`` and as :func:`annotator.domain.suggest.features.tfidf_rows` (which
scores at suggestion time): tokens ``\\b\\w\\w+\\b`` of the lower-cased text, bigrams of
consecutive tokens, ``min_df`` and the ``max_features`` most frequent n-grams (ties: the
alphabetically first), smooth idf, ``1 + log tf``, unit length rows.

Instead of a dictionary of every n-gram string, each word gets an integer id and an n-gram is one
64-bit key (``(first + 1) << 32 | (second + 1)``, ``second = -1`` for a unigram), so counting
and looking up are numpy sorts and searches over a chunk of paragraphs at a time. Only the
vocabulary sample is counted; the matrix for all texts is built chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from array import array
from collections import defaultdict
from itertools import repeat

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from annotator.domain.suggest.features import TOKEN

CHUNK = 4000
_LOW = np.int64(0xFFFFFFFF)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    words: tuple[str, ...]  #: feature strings in alphabetical order (the model's vocabulary)
    idf: NDArray[np.float32]
    keys: NDArray[np.int64]  #: n-gram keys, sorted
    features: NDArray[np.int64]  #: feature index of each key in ``keys``
    word_ids: dict[str, int]  #: ids of the words that occur in some feature


def _ids(texts: Sequence[str], lookup: Callable[..., int], default: int | None = None
         ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The word ids of each text's tokens, one flat array, and the texts' token counts (the
    token strings of one text at a time are alive, not a chunk's)."""
    out = array("q")
    lens = np.empty(len(texts), dtype=np.int64)
    find = TOKEN.findall
    for i, text in enumerate(texts):
        before = len(out)
        toks = find(text.lower())
        out.extend(map(lookup, toks) if default is None else map(lookup, toks, repeat(default)))
        lens[i] = len(out) - before
    return np.frombuffer(out, dtype=np.int64) if len(out) else np.zeros(0, np.int64), lens


def _keys(ids: NDArray[np.int64], lens: NDArray[np.int64]
          ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every n-gram key of a chunk and the chunk row it belongs to (unknown words: none)."""
    rows = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
    uni_ok = ids >= 0
    uni = (ids[uni_ok] + 1) << 32
    # a bigram: two known tokens of the same paragraph
    bi_ok = (rows[:-1] == rows[1:]) & uni_ok[:-1] & uni_ok[1:]
    bi = ((ids[:-1][bi_ok] + 1) << 32) | (ids[1:][bi_ok] + 1)
    return (np.concatenate([uni, bi]),
            np.concatenate([rows[uni_ok], rows[:-1][bi_ok]]))


def _add(total: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None,
         keys: NDArray[np.int64], tf: NDArray[np.int64], df_keys: NDArray[np.int64],
         df: NDArray[np.int64]
         ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Running ``(keys, tf, df)`` plus one chunk's counts (``df_keys`` ⊆ ``keys``)."""
    df_full = np.zeros(len(keys), dtype=np.int64)
    df_full[np.searchsorted(keys, df_keys)] = df
    if total is None:
        return keys, tf, df_full
    all_keys = np.concatenate([total[0], keys])
    uniq, inv = np.unique(all_keys, return_inverse=True)
    del all_keys
    return (uniq,
            np.bincount(inv, weights=np.concatenate([total[1], tf]),
                        minlength=len(uniq)).astype(np.int64),
            np.bincount(inv, weights=np.concatenate([total[2], df_full]),
                        minlength=len(uniq)).astype(np.int64))


def _join(parts: list[NDArray[Any]], dtype: Any) -> NDArray[Any]:
    """``np.concatenate(parts)``, emptying ``parts`` as it goes (no second copy held)."""
    out = np.empty(sum(len(p) for p in parts), dtype=dtype)
    pos = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        out[pos:pos + len(part)] = part
        pos += len(part)
        del part
        if len(parts) % 8 == 0:
            give_back_memory(collect=False)  # the copied parts' pages, before the next ones
    return out


def give_back_memory(collect: bool = True) -> None:
    """Return freed heap pages to the system (glibc ``malloc_trim``), so that freed work
    arrays do not count towards the process's peak; elsewhere a no-op."""
    import ctypes
    import gc
    import sys

    global _LIBC
    if collect:
        gc.collect()
    if _LIBC is None:
        try:  # the symbols the interpreter is linked with (no ``find_library``: it runs tools)
            _LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else False
        except OSError:
            _LIBC = False
    if _LIBC and hasattr(_LIBC, "malloc_trim"):
        _LIBC.malloc_trim(0)


_LIBC: Any = None


def fit_vocabulary(texts: Sequence[str], min_df: int, max_features: int, ngram_max: int = 2,
                   check: Callable[[], None] | None = None) -> Vocabulary:
    """The vocabulary and idf of ``texts`` (the sample); ``ngram_max`` must be 1 or 2."""
    if ngram_max not in (1, 2):
        raise ValueError(f"ngram_max {ngram_max}: only uni- and bigrams are supported")
    ids: defaultdict[str, int] = defaultdict()
    ids.default_factory = ids.__len__  # a new word gets the next id
    total = None
    for start in range(0, len(texts), CHUNK):
        if check is not None:
            check()
        arr, lens = _ids(texts[start:start + CHUNK], ids.__getitem__)
        keys, rows = _keys(arr, lens)
        if ngram_max == 1:
            keep = (keys & _LOW) == 0
            keys, rows = keys[keep], rows[keep]
        uniq, tf = np.unique(keys, return_counts=True)
        # document frequency: distinct (row, key) pairs
        order = np.lexsort((keys, rows))
        k, r = keys[order], rows[order]
        first = np.ones(len(k), dtype=bool)
        first[1:] = (k[1:] != k[:-1]) | (r[1:] != r[:-1])
        df_keys, df = np.unique(k[first], return_counts=True)
        del keys, rows, order, k, r, first
        total = _add(total, uniq, tf.astype(np.int64), df_keys, df.astype(np.int64))
    if total is None:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    keys, tf, df = total
    del total
    keep = df >= min_df
    keys, tf, df = keys[keep], tf[keep], df[keep]
    if len(keys) == 0:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    words = list(ids)
    del ids
    strings = [_string(int(k), words) for k in keys]
    alpha = sorted(range(len(strings)), key=strings.__getitem__)
    alpha_arr = np.array(alpha, dtype=np.int64)
    # the most frequent first, ties alphabetically (scikit-learn's rule)
    chosen = alpha_arr[np.argsort(-tf[alpha_arr], kind="stable")[:max_features]]
    chosen = np.sort(chosen)  # ``alpha`` order → positions; re-sort alphabetically below
    chosen = chosen[np.argsort([strings[i] for i in chosen], kind="stable")]
    vocab = tuple(strings[i] for i in chosen)
    n = len(texts)
    idf = (np.log((1.0 + n) / (1.0 + df[chosen])) + 1.0).astype(np.float32)
    ckeys = keys[chosen]
    order = np.argsort(ckeys)
    used: set[int] = set()
    for k in ckeys.tolist():
        used.add((k >> 32) - 1)
        if k & 0xFFFFFFFF:
            used.add((k & 0xFFFFFFFF) - 1)
    # renumber the words that matter; keys follow
    remap = {old: new for new, old in enumerate(sorted(used))}
    old_hi, old_lo = (ckeys >> 32) - 1, (ckeys & _LOW) - 1
    lut = np.full(len(words), -1, dtype=np.int64)
    lut[np.array(sorted(used), dtype=np.int64)] = np.arange(len(used), dtype=np.int64)
    new_keys = ((lut[old_hi] + 1) << 32) | np.where(old_lo >= 0, lut[np.maximum(old_lo, 0)] + 1,
                                                     0)
    order = np.argsort(new_keys)
    return Vocabulary(vocab, idf, new_keys[order], order.astype(np.int64),
                      {words[old]: new for old, new in remap.items()})


def _string(key: int, words: list[str]) -> str:
    lo = key & 0xFFFFFFFF
    first = words[(key >> 32) - 1]
    return first if lo == 0 else f"{first} {words[lo - 1]}"


def transform(vocab: Vocabulary, texts: Sequence[str],
              check: Callable[[], None] | None = None) -> csr_matrix:
    """The float32 TF-IDF matrix ``(len(texts), len(vocab.words))``, built chunk by chunk."""
    n_feat = len(vocab.words)
    get = vocab.word_ids.get
    idf = vocab.idf.astype(np.float64)
    data_parts: list[NDArray[np.float32]] = []
    index_parts: list[NDArray[np.int32]] = []
    row_nnz = np.zeros(len(texts), dtype=np.int64)
    for start in range(0, len(texts), CHUNK):
        if check is not None:
            check()
        arr, lens = _ids(texts[start:start + CHUNK], get, -1)
        keys, rows = _keys(arr, lens)
        pos = np.minimum(np.searchsorted(vocab.keys, keys), len(vocab.keys) - 1)
        hit = vocab.keys[pos] == keys
        cell, counts = np.unique(rows[hit] * n_feat + vocab.features[pos[hit]],
                                 return_counts=True)
        r, c = cell // n_feat, cell % n_feat
        vals = (1.0 + np.log(counts)) * idf[c]
        norms = np.sqrt(np.bincount(r, weights=vals * vals, minlength=len(lens)))
        vals /= np.where(norms > 0, norms, 1.0)[r]
        data_parts.append(vals.astype(np.float32))
        index_parts.append(c.astype(np.int32))
        row_nnz[start:start + len(lens)] = np.bincount(r, minlength=len(lens))
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(row_nnz, out=indptr[1:])
    data = _join(data_parts, np.float32)
    indices = _join(index_parts, np.int32)
    return csr_matrix((data, indices, indptr.astype(np.int32) if indptr[-1] < 2**31 else indptr),
                      shape=(len(texts), n_feat))
