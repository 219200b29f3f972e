"""A suggestion model: TF-IDF word uni- and bigrams, a linear classifier, and the code-to-code
transitions used to read a document in order.

Stored without pickle: one ``.npz`` (a zip of plain numpy arrays, written with fixed timestamps
so that the same model always gives the same bytes) whose sha256 is recorded in a JSON manifest
beside it. Loading checks the hash before numpy reads a byte, then loads with
``allow_pickle=False``. A damaged, changed or foreign file is refused with the reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from annotator.domain.errors import AnnotatorError
from annotator.domain.suggest.features import tfidf_rows
from annotator.domain.suggest.sequence import smooth, softmax

FORMAT = "annotator-suggest-model"
FORMAT_VERSION = 1
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Function words are features, but they explain nothing to a coder.
_STOP = frozenset("""a about after also an and any are as at be been but by can could did do
for from had has have he her his however if in into is it its may more most no not of on one
or other over said some such than that the their them there these they this those to under
up was were which while who will with would""".split())


class ModelError(AnnotatorError):
    """A model file that cannot be used (damaged, changed, wrong format, out of date)."""


@dataclass(frozen=True, eq=False)
class SuggestModel:
    """``classes`` are code keys (uuids for a project model, outline labels for the shipped one);
    ``coef`` is ``(classes, features)``; ``meta`` carries the training parameters and anything
    the caller wants to keep (codebook snapshot, counts, mapping onto template codes)."""

    classes: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: NDArray[np.float32]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    log_prior: NDArray[np.float64]
    log_trans: NDArray[np.float64]
    temperature: float = 0.3
    weight: float = 0.5
    ngram_max: int = 2
    meta: dict[str, Any] = field(default_factory=dict)

    # ----- scoring ------------------------------------------------------------------------
    @cached_property
    def _index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocabulary)}

    def features(self, texts: list[str]) -> Any:
        """The TF-IDF matrix (sparse, ``(len(texts), features)``), as scikit-learn's
        vectorizer computed it in training (without importing scikit-learn)."""
        from scipy.sparse import csr_matrix

        rows = tfidf_rows(texts, self._index, self.idf.tolist(), self.ngram_max)
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(i) for i, _ in rows])
        indices = np.fromiter((j for i, _ in rows for j in i), dtype=np.int32,
                              count=int(indptr[-1]))
        data = np.fromiter((v for _, vals in rows for v in vals), dtype=np.float32,
                           count=int(indptr[-1]))
        return csr_matrix((data, indices, indptr), shape=(len(rows), len(self.vocabulary)))

    def scores(self, x: Any) -> NDArray[np.float64]:
        return np.asarray(x @ self.coef.T, dtype=np.float64) + self.intercept

    def probabilities(self, texts: list[str], *, in_order: bool = True) -> NDArray[np.float64]:
        """``(len(texts), classes)`` probabilities. With ``in_order`` the texts are the units of
        one document in reading order, and the document's sequence is taken into account."""
        if not texts:
            return np.zeros((0, len(self.classes)))
        return self.probabilities_of(self.features(texts), in_order=in_order)

    def probabilities_of(self, x: Any, *, in_order: bool = True) -> NDArray[np.float64]:
        """:meth:`probabilities` from a feature matrix. Codes without training examples get 0."""
        probs = softmax(self.scores(x), self.temperature)
        unseen = ~np.isfinite(self.log_prior)
        if unseen.any():
            probs[:, unseen] = 0.0
            probs /= probs.sum(axis=1, keepdims=True)
        if not in_order or probs.shape[0] <= 1:
            return probs
        return smooth(np.log(probs + 1e-12), self.log_prior, self.log_trans, self.weight)

    def why(self, x: Any, row: int, k: int, n: int = 5) -> list[str]:
        """The ``n`` words (features) that pushed unit ``row`` of ``x`` (a CSR matrix from
        :meth:`features`) most towards class ``k``."""
        a, b = x.indptr[row], x.indptr[row + 1]
        idx = x.indices[a:b]
        if len(idx) == 0:
            return []
        contrib = x.data[a:b] * self.coef[k, idx]
        out = []
        for j in np.argsort(-contrib, kind="stable"):
            if contrib[j] <= 0 or len(out) == n:
                break
            word = self.vocabulary[idx[j]]
            if not all(w in _STOP for w in word.split()):
                out.append(word)
        return out

    # ----- files --------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The ``.npz`` bytes (deterministic: same model, same bytes)."""
        arrays: dict[str, NDArray[Any]] = {
            "classes": _text_array(self.classes),
            "vocabulary": _text_array(self.vocabulary),
            "idf": self.idf.astype(np.float32),
            "coef": self.coef.astype(np.float16),
            "intercept": self.intercept.astype(np.float32),
            "log_prior": self.log_prior.astype(np.float64),
            "log_trans": self.log_trans.astype(np.float32),
            "params": _text_array([json.dumps(
                {"format": FORMAT, "format_version": FORMAT_VERSION,
                 "temperature": self.temperature, "weight": self.weight,
                 "ngram_max": self.ngram_max, "meta": self.meta}, sort_keys=True)]),
        }
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name in sorted(arrays):
                info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                one = io.BytesIO()
                np.lib.format.write_array(one, np.ascontiguousarray(arrays[name]),
                                          allow_pickle=False)
                zf.writestr(info, one.getvalue())
        return buf.getvalue()

    @staticmethod
    def from_bytes(data: bytes, expected_sha256: str | None = None,
                   name: str = "model") -> SuggestModel:
        """Read a model; with ``expected_sha256`` the bytes are checked first."""
        if expected_sha256 is not None:
            got = hashlib.sha256(data).hexdigest()
            if got != expected_sha256:
                raise ModelError(f"{name}: refused: the file's sha256 is {got[:12]}…, the "
                                 f"manifest expects {expected_sha256[:12]}… (damaged or changed)")
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            params = json.loads(_text_list(arrays["params"])[0])
        except (ValueError, KeyError, OSError, zipfile.BadZipFile, EOFError) as exc:
            raise ModelError(f"{name}: refused: not a readable suggestion model ({exc})") from exc
        if params.get("format") != FORMAT or params.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"{name}: refused: format {params.get('format')!r} version "
                             f"{params.get('format_version')!r}, expected {FORMAT!r} "
                             f"version {FORMAT_VERSION}")
        coef = arrays["coef"].astype(np.float32)
        classes = tuple(_text_list(arrays["classes"]))
        vocab = tuple(_text_list(arrays["vocabulary"]))
        if coef.shape != (len(classes), len(vocab)):
            raise ModelError(f"{name}: refused: weights {coef.shape} do not match "
                             f"{len(classes)} codes × {len(vocab)} features")
        return SuggestModel(classes, vocab, arrays["idf"], coef, arrays["intercept"],
                            arrays["log_prior"], arrays["log_trans"].astype(np.float64),
                            float(params["temperature"]), float(params["weight"]),
                            int(params["ngram_max"]), dict(params.get("meta") or {}))

    def save(self, path: Path, manifest: dict[str, Any] | None = None) -> str:
        """Write ``path`` (``.npz``) and ``path.with_suffix('.json')`` (its manifest, with the
        sha256); returns the sha256."""
        data = self.to_bytes()
        digest = hashlib.sha256(data).hexdigest()
        man = dict(manifest or {})
        man.update({"format": FORMAT, "format_version": FORMAT_VERSION, "file": path.name,
                    "sha256": digest, "bytes": len(data)})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".npz.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        manifest_path(path).write_text(json.dumps(man, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
        return digest


def manifest_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def load_model(path: Path) -> tuple[SuggestModel, dict[str, Any]]:
    """A model file and its manifest; the hash in the manifest must match the file."""
    man_path = manifest_path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    if not man_path.is_file():
        raise ModelError(f"{path}: refused: its manifest {man_path.name} is missing")
    try:
        manifest = json.loads(man_path.read_text(encoding="utf-8"))
        expected = str(manifest["sha256"])
    except (ValueError, KeyError) as exc:
        raise ModelError(f"{man_path}: refused: unreadable manifest ({exc})") from exc
    return SuggestModel.from_bytes(path.read_bytes(), expected, path.name), manifest


def _text_array(items: Any) -> NDArray[np.uint8]:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _text_list(arr: NDArray[Any]) -> list[str]:
    text = arr.tobytes().decode("utf-8")
    return text.split("\n") if text else []
