"""Shared fixtures for the test-suite."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# The `archive` fixture of the public-side tests (tests/public_archive.py).
pytest_plugins = ["tests.public_archive"]


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample pages, the same ones the demo imports."""
    return SAMPLES


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Accounts are created in many tests; the production hasher's deliberate slowness is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
