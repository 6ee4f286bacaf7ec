"""The sentence encoder (all-MiniLM-L6-v2 in NumPy) behind the static vectors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from sitrep.encoder import SentenceEncoder, model_dir
from sitrep.errors import SitrepError


def test_paraphrases_are_close_and_unrelated_text_far() -> None:
    encoder = SentenceEncoder()
    vectors = encoder.encode(
        [
            "A car bomb exploded near a market in Baghdad, killing 12 people.",
            "Twelve people died when a vehicle packed with explosives blew up at a Baghdad market.",
            "The football team attacked well in the second half.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.7
    assert similarity[0, 2] < 0.3
    # Padding never changes a sentence's vector: alone or batched with longer ones.
    alone = encoder.encode(["A car bomb exploded near a market in Baghdad, killing 12 people."])
    assert np.allclose(alone[0], vectors[0], atol=1e-5)


def test_weights_other_than_the_pinned_ones_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder)
    with open(folder / "model.safetensors", "r+b") as weights:
        weights.seek(-4, 2)
        weights.write(b"\0\0\0\1")
    with pytest.raises(SitrepError, match=r"\[E020\].*sha256"):
        SentenceEncoder(folder)
