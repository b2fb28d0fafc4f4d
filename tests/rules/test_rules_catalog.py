"""The rules with the catalog as installed (no double): the reference stays free of errors."""

from __future__ import annotations

from pathlib import Path

from consentry.rules import check_file

REFERENCE = (
    Path(__file__).parent.parent.parent / "examples" / "mastermi-learning" / "consentry.toml"
)


def test_reference_has_no_error_with_the_real_catalog() -> None:
    # Matomo's own _pk_id.* is an analytics identifier the catalog may flag as a well-known
    # tracker; under the audience exemption of a self-hosted Matomo it must stay accepted.
    declaration, problems = check_file(REFERENCE)
    assert declaration is not None
    assert [p for p in problems if p.severity == "error"] == []
    assert {p.rule for p in problems} <= {"R39"}
