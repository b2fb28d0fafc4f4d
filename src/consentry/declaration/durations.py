"""Durations written as people write them: "session", "30 days", "13 months", "2 ans".

A lifetime is compared with legal caps in *calendar* months (CNIL counts 13 months, not 395
days), so a duration keeps its unit rather than being flattened to seconds at parse time.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

Unit = Literal[
    "session", "persistent", "seconds", "minutes", "hours", "days", "weeks", "months", "years"
]

_DAYS_PER_MONTH = 365.2425 / 12

_UNITS: dict[str, Unit] = {}
for _unit, _words in {
    "seconds": ("s", "sec", "second", "seconds", "seconde", "secondes"),
    "minutes": ("min", "mins", "minute", "minutes"),
    "hours": ("h", "hr", "hrs", "hour", "hours", "heure", "heures"),
    "days": ("d", "day", "days", "jour", "jours", "j"),
    "weeks": ("w", "week", "weeks", "semaine", "semaines"),
    "months": ("month", "months", "mois"),
    "years": ("y", "yr", "yrs", "year", "years", "an", "ans", "année", "années", "annee", "annees"),
}.items():
    for _word in _words:
        _UNITS[_word] = _unit  # type: ignore[assignment]

_SESSION_WORDS = {"session", "end of session", "fin de session"}
_PERSISTENT_WORDS = {"persistent", "persistant", "until deleted", "jusqu'à suppression"}
_PATTERN = re.compile(r"^\s*(\d+)\s*([^\d\s].*?)\s*$")

_SECONDS: dict[str, float] = {
    "seconds": 1,
    "minutes": 60,
    "hours": 3600,
    "days": 86400,
    "weeks": 7 * 86400,
    "months": _DAYS_PER_MONTH * 86400,
    "years": 12 * _DAYS_PER_MONTH * 86400,
}


class DurationError(ValueError):
    """The text is not a duration we can read."""


@dataclass(frozen=True)
class Duration:
    """An amount of a calendar unit; `session` and `persistent` have no amount."""

    amount: int
    unit: Unit

    @property
    def is_session(self) -> bool:
        return self.unit == "session"

    @property
    def is_persistent(self) -> bool:
        return self.unit == "persistent"

    def total_seconds(self) -> float:
        """Average length in seconds (session is 0, persistent is infinite): for ordering only."""
        if self.unit == "session":
            return 0.0
        if self.unit == "persistent":
            return math.inf
        return self.amount * _SECONDS[self.unit]

    def in_months(self) -> float:
        """Length in average calendar months, to compare with caps such as 13 months."""
        return self.total_seconds() / _SECONDS["months"]

    def exceeds(self, other: Duration) -> bool:
        """True when this duration is strictly longer than `other` (months compared as months)."""
        if self.unit in ("months", "years") and other.unit in ("months", "years"):
            return self._months() > other._months()
        return self.total_seconds() > other.total_seconds()

    def _months(self) -> int:
        return self.amount * 12 if self.unit == "years" else self.amount

    def after(self, start: datetime) -> datetime:
        """The calendar instant this long after `start` (months clamp to the month's end)."""
        if self.unit in ("session", "persistent"):
            raise DurationError(f"{self} has no end date")
        if self.unit in ("months", "years"):
            return add_months(start, self._months())
        return start + timedelta(seconds=self.amount * _SECONDS[self.unit])

    def __str__(self) -> str:
        if self.unit in ("session", "persistent"):
            return self.unit
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


def add_months(start: datetime, months: int) -> datetime:
    """Add calendar months; the 31st plus one month is the last day of the next month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def add_months_to_date(start: date, months: int) -> date:
    """`add_months` for dates (Regulation 1182/71 style: same date, or the month's last day)."""
    return add_months(datetime(start.year, start.month, start.day), months).date()


def parse_duration(text: str) -> Duration:
    """Read "session", "persistent", "30 days", "13 months", "2 ans"; raise DurationError."""
    if not isinstance(text, str):
        raise DurationError(f'expected a duration such as "30 days", got {text!r}')
    lowered = text.strip().lower()
    if lowered in _SESSION_WORDS:
        return Duration(0, "session")
    if lowered in _PERSISTENT_WORDS:
        return Duration(0, "persistent")
    match = _PATTERN.match(lowered)
    if match is None:
        raise DurationError(
            f'{text!r} is not a duration; write "session" or a number and a unit, '
            'such as "30 days" or "13 months"'
        )
    amount, word = int(match.group(1)), match.group(2)
    unit = _UNITS.get(word)
    if unit is None:
        raise DurationError(
            f"unknown unit {word!r} in {text!r}; use minutes, hours, days, weeks, months or years"
        )
    if amount <= 0:
        raise DurationError(f"{text!r} must be longer than zero")
    return Duration(amount, unit)
