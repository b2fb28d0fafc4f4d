"""The README's two set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_starts_with_demo_and_test_commands() -> None:
    first, second = _commands()[:2]
    assert first.endswith("consentry demo")
    assert second.endswith("pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _commands()[1]
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")][-1]
    assert last == test_command
