"""How long proof of consent is kept, and which records a purge may delete (R37).

- **Default: 5 years** (`[ledger] retention`). Proof of consent is kept for as long as a claim
  about it can be brought: the French limitation period for personal actions is five years
  (Code civil, art. 2224), and GDPR art. 17(3)(e) allows keeping data needed "for the
  establishment, exercise or defence of legal claims". GDPR art. 7(1) puts the burden of
  proving consent on the controller. Didomi's hosted CMP keeps proofs 5 years as well
  (research/server-anchors.md §4b).
- **Lower bound: the choice's own lifetime** (`[site] consent_lifetime`, 6 months by default,
  CNIL-REC art. 2). A site relies on a choice until it expires, and must be able to prove it
  all that time (GDPR art. 7(1)); a shorter retention would delete proof of choices still in
  force, so the purge refuses it.
- **Upper bound: judged by `consentry check`, not here.** GDPR art. 5(1)(e) (no longer than
  necessary): the rules warn above 5 years + the consent lifetime
  (`ledger-retention-over-limitation`) and refuse "persistent"; they refuse a retention
  shorter than the lifetime too (`ledger-retention-shorter-than-choice`). The ledger applies
  the declaration, and re-checks the lower bound itself because a purge cannot be undone.

The functions are pure: the CLI reads the clock and passes `now` in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from consentry.declaration import Declaration, Duration, add_months
from consentry.errors import LedgerError

DEFAULT_RETENTION = Duration(5, "years")


def purge_cutoff(declaration: Declaration, now: datetime) -> datetime:
    """Records received before this instant are past retention; LedgerError if it is unsafe."""
    retention = declaration.ledger.retention
    lifetime = declaration.site.consent_lifetime
    if retention.is_session or retention.is_persistent:
        raise LedgerError(
            f'[ledger] retention is "{retention}"; it must be a fixed time, such as "5 years" '
            "(GDPR art. 5(1)(e))"
        )
    if lifetime.exceeds(retention):
        raise LedgerError(
            f"[ledger] retention ({retention}) is shorter than [site] consent_lifetime "
            f"({lifetime}): purging would delete the proof of choices still in force "
            "(GDPR art. 7(1)); nothing was purged"
        )
    return before(retention, now)


def before(retention: Duration, now: datetime) -> datetime:
    """`now` minus `retention`, in calendar months for months and years."""
    if retention.unit == "years":
        return add_months(now, -12 * retention.amount)
    if retention.unit == "months":
        return add_months(now, -retention.amount)
    return now - timedelta(seconds=retention.total_seconds())
