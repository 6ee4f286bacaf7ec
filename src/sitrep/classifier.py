"""The learned event classifier: sentences in, calibrated scores out.

For each sentence (or snippet) it gives P(event) and a distribution over
ACLED's 25 sub-event types. It is a resource like the lexicon: loaded once,
its files package data pinned by hash (``data/classifier/model.json``), built
by ``make train`` (``tools/train_classifier.py``) from the team's labelled
data in ``train/``. The model card is ``data/classifier/README.md``.

Features, both cheap enough for every sentence of a corpus:

- a static sentence vector: the mean of per-word-piece vectors distilled from
  all-MiniLM-L6-v2 (each vocabulary entry encoded alone, then PCA, as
  model2vec does), so that words never seen in training land near their
  synonyms;
- word uni- and bigrams from the training vocabulary (binary, L2-normalised),
  for the exact phrasing news uses ("opened fire", "tear gas").

A multinomial logistic regression over "no event" + the 25 sub-event types
gives the scores. A temperature fitted on held-out training snippets
calibrates them for snippets (a report's lead, a coder's summary: most report
an event); for the sentences of whole articles, where few do, a prior shift
on "no event" fitted on the real VOA dev sentences calibrates them instead
(``score(..., context="article")``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from tokenizers import Tokenizer

from sitrep.errors import E, SitrepError

Array = npt.NDArray[np.float32]
#: A SciPy sparse row matrix (SciPy ships no type information).
Matrix = Any

NO_EVENT = "(no event)"
_WORD = re.compile(r"[^\W_]+(?:['’][a-z]+)?", re.UNICODE)
_DIGITS = re.compile(r"\d")


def model_folder() -> Path:
    """The packaged model's folder."""
    return Path(str(resources.files("sitrep") / "data" / "classifier"))


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """What the classifier says of one sentence."""

    p_event: float  # calibrated probability that it reports a codable event
    sub_event_type: str  # the most probable sub-event type (given an event)
    p_type: float  # P(sub_event_type | event)
    distribution: dict[str, float]  # every sub-event type -> P(type | event)

    def ranked(self) -> list[tuple[str, float]]:
        """Sub-event types, most probable first."""
        return sorted(self.distribution.items(), key=lambda kv: -kv[1])


def words(text: str) -> list[str]:
    """Lower-cased word tokens with digits folded ("12" -> "00")."""
    return [_DIGITS.sub("0", w) for w in _WORD.findall(text.lower())]


def ngrams(text: str) -> list[str]:
    """Word unigrams and bigrams of ``text`` (bigrams joined by a space)."""
    tokens = words(text)
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


class Featurizer:
    """Text -> (static sentence vector, n-gram indicator row)."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        static: Array,
        vocabulary: Sequence[str],
        dense_scale: float = 1.0,
    ) -> None:
        self.tokenizer = tokenizer
        self.dense_scale = dense_scale
        self.static = static.astype(np.float32)  # stored as float16; summed in float32
        self.vocabulary = list(vocabulary)
        self.index = {gram: i for i, gram in enumerate(self.vocabulary)}

    def dense(self, texts: Sequence[str]) -> Array:
        """Mean of the word pieces' static vectors, L2-normalised."""
        out = np.zeros((len(texts), self.static.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(list(texts))):
            ids = [i for i in encoding.ids if i > 103]  # [PAD] [UNK] [CLS] [SEP] [MASK] and unused
            if ids:
                vector = self.static[ids].mean(axis=0)
                out[row] = vector / max(float(np.linalg.norm(vector)), 1e-6)
        return out

    def sparse(self, texts: Sequence[str]) -> Matrix:
        """Binary n-gram indicators over the vocabulary, not normalised: a
        long sentence's event words weigh as much as a short one's (news
        sentences are long, training snippets short)."""
        indptr, indices, values = [0], [], []
        for text in texts:
            found = sorted({self.index[g] for g in ngrams(text) if g in self.index})
            indices += found
            values += [1.0] * len(found)
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.asarray(values, dtype=np.float32), np.asarray(indices), np.asarray(indptr)),
            shape=(len(texts), len(self.vocabulary)),
        )

    def __call__(self, texts: Sequence[str]) -> Matrix:
        """The whole feature matrix: dense columns first, then n-grams."""
        dense = sparse.csr_matrix(self.dense(texts) * np.float32(self.dense_scale))
        return sparse.hstack([dense, self.sparse(texts)], format="csr")


@dataclass(frozen=True, slots=True)
class Head:
    """The trained linear layer and its calibration."""

    classes: tuple[str, ...]  # NO_EVENT first, then the sub-event types
    weights: Array  # (features, classes)
    bias: Array  # (classes,)
    temperature: float = 1.0
    #: Added to the no-event logit per context: "snippet" (0) or "article"
    #: (the prior of article sentences, fitted on real text).
    no_event_shift: dict[str, float] = field(default_factory=dict)

    def logits(self, features: Matrix) -> Array:
        """Uncalibrated class scores."""
        return np.asarray(features @ self.weights, dtype=np.float32) + self.bias

    def probabilities(self, features: Matrix, context: str = "snippet") -> Array:
        """Calibrated class probabilities, one row per input."""
        z = self.logits(features) / self.temperature
        z[:, 0] += self.no_event_shift.get(context, 0.0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


class EventClassifier:
    """Sentences in, ``SentenceScore``s out."""

    def __init__(
        self, featurizer: Featurizer, head: Head, gate: dict[str, float] | None = None
    ) -> None:
        self.featurizer = featurizer
        self.head = head
        self.sub_event_types = head.classes[1:]
        #: Weights of the extract stage's gate, which combines this model's
        #: P(event) with the rules' signals (``sitrep.extract.learned``).
        self.gate = gate

    @classmethod
    def load(cls, folder: Path | None = None) -> EventClassifier:
        """Load the packaged model, checking each file against its pinned hash."""
        folder = folder or model_folder()
        manifest_path = folder / "model.json"
        try:
            manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
            for name, digest in manifest["sha256"].items():
                actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
                if actual != digest:
                    raise SitrepError(
                        E.E021, path=folder / name, detail=f"sha256 {actual} is not the pinned one"
                    )
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            static = np.load(folder / "static.npy")
            with np.load(folder / "head.npz") as arrays:
                vocabulary = [str(g) for g in arrays["vocabulary"]]
                head = Head(
                    classes=tuple(str(c) for c in arrays["classes"]),
                    weights=arrays["weights"].astype(np.float32),
                    bias=arrays["bias"].astype(np.float32),
                    temperature=float(manifest["calibration"]["temperature"]),
                    no_event_shift={
                        k: float(v) for k, v in manifest["calibration"]["no_event_shift"].items()
                    },
                )
        except (OSError, KeyError, ValueError) as exc:
            raise SitrepError(E.E021, path=folder, detail=repr(exc)) from exc
        scale = float(manifest["dense_scale"])
        gate = manifest.get("gate")
        return cls(
            Featurizer(tokenizer, static, vocabulary, scale),
            head,
            {k: float(v) for k, v in gate.items()} if gate else None,
        )

    def probabilities(self, texts: Sequence[str], context: str = "snippet") -> Array:
        """Calibrated probabilities over (no event, 25 sub-event types)."""
        if not texts:
            return np.zeros((0, len(self.head.classes)), dtype=np.float32)
        return self.head.probabilities(self.featurizer(texts), context)

    def score(self, texts: Sequence[str], context: str = "snippet") -> list[SentenceScore]:
        """One ``SentenceScore`` per text, in order. ``context`` is "snippet"
        (a text read on its own) or "article" (a sentence of a whole report)."""
        scores = []
        for row in self.probabilities(texts, context):
            p_event = float(1.0 - row[0])
            given = row[1:] / max(float(row[1:].sum()), 1e-12)
            best = int(np.argmax(given))
            scores.append(
                SentenceScore(
                    p_event=p_event,
                    sub_event_type=self.sub_event_types[best],
                    p_type=float(given[best]),
                    distribution={
                        t: float(p) for t, p in zip(self.sub_event_types, given, strict=True)
                    },
                )
            )
        return scores


@cache
def default_classifier() -> EventClassifier:
    """The packaged classifier, loaded once per process."""
    return EventClassifier.load()
