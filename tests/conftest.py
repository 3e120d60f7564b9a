"""Fixtures shared by the whole suite. The spaCy pipeline is loaded once per session."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import nlp

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def pipeline():
    return nlp.shared_pipeline(os.environ.get(nlp.MODEL_SETTING, nlp.DEFAULT_MODEL))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared material not found at {SHARED} (set QUOTES_SHARED_DIR)")
    return SHARED


@pytest.fixture(scope="session")
def seed_gold(shared_dir) -> dict:
    return json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_texts(shared_dir) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((shared_dir / "seeds").glob("*.txt"))}
