"""The order journeys start in: the longest first, so the scan does not wait on a late one."""

from __future__ import annotations

from consentry.scanner.pipeline import longest_first
from consentry.scanner.scenarios import ScenarioPlan, sessions

PLANS = [
    ScenarioPlan("no-interaction"),
    ScenarioPlan("refuse"),
    ScenarioPlan("accept-all"),
    ScenarioPlan("purpose:audience", "audience"),
    ScenarioPlan("purpose:social", "social"),
    ScenarioPlan("withdraw"),
]


def test_on_one_page_the_withdrawal_then_the_refusal_journey_start_first() -> None:
    order = [p.name for p in longest_first(sessions(PLANS, 1))]
    assert order == ["withdraw", "refuse", "purpose:audience", "purpose:social"]


def test_on_several_pages_the_withdrawal_starts_first_and_the_rest_keep_their_order() -> None:
    order = [p.name for p in longest_first(sessions(PLANS, 3))]
    assert order == [
        "withdraw",
        "no-interaction",
        "refuse",
        "accept-all",
        "purpose:audience",
        "purpose:social",
    ]
