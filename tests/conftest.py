"""Shared fixtures for the test-suite."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample pages, the same ones the demo imports."""
    return SAMPLES
