"""Golden tests for the page parser.

Each directory under ``tests/golden/`` holds an ``input.txt`` (one page in the page-text format)
and a hand-written ``expected.json`` (``ParsedPage.to_json()``). The page number passed to the
parser is ``expected["page"]["number"]``. A ``README.md`` beside them says where the text comes
from; a case whose text was invented to have a form says "Made up" there (the directory name
``made_up_…`` says the same for the older cases), so nobody mistakes it for what a paper printed.

Maintainers: after reviewing a parser change, ``BAOKU_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
rewrites every expected.json that differs. Those tests still fail on that run, so an update can
never pass silently; review the rewritten files, then run again without the variable.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from archive.parsing import parse_page

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
UPDATE_ENV = "BAOKU_UPDATE_GOLDEN"


def _cases() -> list[str]:
    if not GOLDEN_DIR.is_dir():
        return []
    return sorted(p.name for p in GOLDEN_DIR.iterdir() if p.is_dir() and (p / "input.txt").is_file())


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def _diff(expected: object, actual: object, case: str) -> str:
    lines = difflib.unified_diff(
        _dump(expected).splitlines(),
        _dump(actual).splitlines(),
        fromfile=f"{case}/expected.json",
        tofile=f"{case}/actual",
        lineterm="",
    )
    return "\n".join(lines)


@pytest.mark.parametrize("case", _cases())
def test_golden(case: str) -> None:
    case_dir = GOLDEN_DIR / case
    text = (case_dir / "input.txt").read_text(encoding="utf-8")
    expected_path = case_dir / "expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))

    actual = parse_page(text, page=expected["page"]["number"]).to_json()
    # Round-trip so tuples, dates etc. compare the way they would be stored.
    actual = json.loads(json.dumps(actual, ensure_ascii=False))

    if actual == expected:
        return

    diff = _diff(expected, actual, case)
    if os.environ.get(UPDATE_ENV) == "1":
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.fail(
            f"{UPDATE_ENV}=1: rewrote {expected_path.relative_to(GOLDEN_DIR.parent)}; "
            f"review the change and rerun without {UPDATE_ENV}.\n{diff}",
            pytrace=False,
        )
    pytest.fail(f"golden case {case!r} differs from expected.json:\n{diff}", pytrace=False)
