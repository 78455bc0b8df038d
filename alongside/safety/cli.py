"""Safety commands: `alongside train-safety` and `alongside screen --jsonl`.

Each command imports what it runs when it runs (as alongside/cli.py does): every `alongside`
command reads this module, and training needs scikit-learn, which only the dev extra installs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path


def _train_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", help="folder with the shared data sets (default: ../shared/data)")
    p.add_argument(
        "--out", help="where to write the model files (default: alongside/safety/trained)"
    )
    p.add_argument(
        "--seed", type=int, default=None, help="random seed (default: the fixed project seed)"
    )
    p.add_argument("--only", choices=["crisis", "abuse"], help="train just one of the two models")


def cmd_train_safety(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401
    except ModuleNotFoundError:
        print("Training needs scikit-learn: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    from alongside.safety import datasets, training
    from alongside.safety.features import MODEL_DIR

    try:
        training.train_all(
            folder=Path(args.data) if args.data else None,
            out_dir=Path(args.out) if args.out else MODEL_DIR,
            seed=args.seed if args.seed is not None else datasets.SEED,
            only=(args.only,) if args.only else ("crisis", "abuse"),
        )
    except datasets.DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _screen_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jsonl",
        action="store_true",
        required=True,
        help='read lines {"text": "…", "country": "GB", "language": "es"} on stdin ("language" optional: '
        "detected when absent), write one JSON result per line with the language it was read in",
    )
    p.add_argument("--youth", action="store_true", help="use the stricter defaults of youth groups")
    p.add_argument(
        "--inline-only",
        action="store_true",
        help="skip the sentence-embedding second look (faster; what is decided before posting)",
    )


def cmd_screen(args: argparse.Namespace) -> int:
    from alongside.safety.classify import assess, assess_both

    screen_one = assess if args.inline_only else assess_both
    failures = 0
    out = sys.stdout
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('each line must be an object with a "text" string')
            language = item.get("language")
            if language is not None and not (
                isinstance(language, str)
                and 2 <= len(language.strip()) <= 8
                and language.replace("-", "").replace("_", "").strip().isalpha()
            ):
                raise ValueError('"language" must be a language code like "es" or "en"')
            country = item.get("country")
            if country is not None and not (isinstance(country, str) and len(country) == 2):
                raise ValueError('"country" must be a two-letter code like "GB"')
        except ValueError as exc:
            failures += 1
            out.write(json.dumps({"error": f"line {number}: {exc}"}) + "\n")
            continue
        result = screen_one(item["text"], youth=args.youth, language=language)
        out.write(json.dumps({**result.as_json(), "language": result.language}) + "\n")
    out.flush()
    if failures:
        print(
            f"{failures} line(s) could not be read; see the error lines in the output.",
            file=sys.stderr,
        )
        return 1
    return 0


# The `alongside` command (alongside/cli.py) adds these: name -> (help, add_arguments, handler).
COMMANDS: dict[
    str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {}
COMMANDS["train-safety"] = (
    "train the crisis and abuse classifiers from ../shared/data",
    _train_args,
    cmd_train_safety,
)
COMMANDS["screen"] = (
    "screen texts for crisis, abuse, method detail and private information",
    _screen_args,
    cmd_screen,
)
