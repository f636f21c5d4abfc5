"""The fast ASCII TF-IDF path gives what scikit-learn's vectorizer gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from growpath.matching.text import TFIDF_MAX_TERMS, tfidf

WORDS = st.sampled_from(["python", "lead", "teams", "the", "a", "go", "k8s", "x_y", "C++"])
SEPARATORS = st.sampled_from([" ", ", ", ".\n", "\t", "-", "/", "!?"])
DOCUMENT = st.lists(st.tuples(WORDS, SEPARATORS), max_size=8).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(DOCUMENT, min_size=1, max_size=12))
def test_ascii_tfidf_equals_the_sklearn_vectorizer(documents: list[str]) -> None:
    vectorizer = TfidfVectorizer(
        stop_words="english", max_features=TFIDF_MAX_TERMS, sublinear_tf=True
    )
    try:
        expected = vectorizer.fit_transform(documents).toarray()
    except ValueError:  # only stop words
        expected = np.zeros((len(documents), 1))
    assert np.allclose(tfidf(documents).toarray(), expected, rtol=0, atol=1e-15)


def test_non_ascii_text_takes_the_vectorizer_path() -> None:
    documents = ["Grüße an das Team", "Team lead über alles", "ça va"]
    expected = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(documents)
    assert np.allclose(tfidf(documents).toarray(), expected.toarray())
