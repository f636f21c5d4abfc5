"""The optional offline sentence-embedding model (the `embeddings` extra), loaded once."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from growpath.matching.text import sentence_model


@cache
def _model() -> Any:
    return sentence_model()


def closeness(texts: Sequence[str], documents: Sequence[str]) -> list[float]:
    """Return, for each document, its highest cosine similarity to any of the texts."""
    vectors = np.asarray(
        _model().encode([*texts, *documents], normalize_embeddings=True), dtype=np.float64
    )
    # Each goal or action counts on its own: blending them would blur a specific need.
    cosine = vectors[len(texts) :] @ vectors[: len(texts)].T
    return [float(x) for x in cosine.max(axis=1)]
