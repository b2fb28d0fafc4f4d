"""The intake turns a body into a record: expiry in calendar months, client time normalised."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from consentry.errors import InvalidRecord
from consentry.ledger import Intake, RequestFacts, VersionRules
from consentry.ledger.records import NewRecord, to_ms
from tests.factories import make_declaration
from tests.ledger_support import body

D = make_declaration()


def record_at(moment: datetime, **fields: object) -> NewRecord:
    intake = Intake(D, {D.policy_version: VersionRules.of(D)})
    facts = RequestFacts(moment, None, None, None)
    return intake.record(intake.parse(orjson.dumps(body(D, **fields))), facts)


@pytest.mark.parametrize(
    ("received", "expires"),
    [
        (datetime(2026, 8, 31, 10, 30, tzinfo=UTC), datetime(2027, 2, 28, 10, 30, tzinfo=UTC)),
        (datetime(2026, 11, 26, 23, 59, tzinfo=UTC), datetime(2027, 5, 26, 23, 59, tzinfo=UTC)),
        (datetime(2027, 12, 31, 0, 0, tzinfo=UTC), datetime(2028, 6, 30, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_choice_expires_after_the_lifetime_in_calendar_months(
    received: datetime, expires: datetime
) -> None:
    assert record_at(received).expires_at == to_ms(expires)


def test_the_client_time_is_kept_in_utc_with_milliseconds() -> None:
    moment = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    stored = record_at(moment, client_time="2026-11-26T15:00:00.5+01:00")
    assert stored.client_time == "2026-11-26T14:00:00.500Z"
    with pytest.raises(InvalidRecord) as caught:
        record_at(moment, client_time="2026-02-30T10:00:00.000Z")
    assert caught.value.field == "client_time"
