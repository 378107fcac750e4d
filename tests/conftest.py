"""Shared fixtures: the shared data folder (../shared, or RASD_SHARED) and one pipeline per session."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "examples" / "kazakhstan_2022-01-06.ar.txt"
DEV_GOLD = SHARED / "eval" / "dev"


@pytest.fixture(scope="session")
def pipeline():
    from rasd.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(scope="session")
def seed_text():
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(pipeline, seed_text):
    return pipeline(seed_text, "2022-01-06")
