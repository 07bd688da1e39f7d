"""Renewal of a passed security assessment, as `filing status` does it for FTZ filings.

Validity: N years from the day the result is issued (Order 16 Art. 9: 3 years; Order 11: 2), the
edition in force on that day. Renewal: apply within the 60 working days before expiry (filing
guide, 3rd edition, rules/procedures scope `national-assessment`), the edition in force at expiry.
The extension's terms (3 years, growth of persons ≤ 20 %) rest on one secondary note: they are
shown as unverified and never decide a state. Alerts call `assessment_renewal` or `for_filing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from outbound.expectations.filing import Filing
from outbound.expectations.lifecycle import State, _working_days_between, add_years, nth_working_day_back
from outbound.regulation import rules
from outbound.regulation.rule_facts import ProcedureFact, ProcedureFile

GUIDE_SCOPE = "national-assessment"
VALIDITY, WINDOW = "assessment_validity", "assessment_renewal_window"
EXTENSION_LENGTH, GROWTH_CAP = "assessment_extension_length", "assessment_extension_growth_cap"


@dataclass(frozen=True, slots=True)
class AssessmentRenewal:
    state: State
    on: dt.date
    issued_on: dt.date | None  # the day the assessment result was issued
    expires_on: dt.date | None  # last day of validity
    window_opens_on: dt.date | None  # first day an extension may be applied for; None: no rule known
    window_last_day: dt.date | None  # last working day of the validity
    working_days_left: int | None
    exact: bool  # every working day counted came from the official holiday schedule
    validity_years: int | None
    renewal_working_days: int | None
    source: str
    extension: tuple[str, ...]  # the extension's terms, each with its verification mark
    notes: tuple[str, ...]

    @property
    def alert(self) -> str | None:
        """One line when action is due: the window is open, or the assessment has expired."""
        if self.state == "renewal-window-open":
            return (
                f"ALERT security-assessment renewal window open since {self.window_opens_on}: apply by "
                f"{self.window_last_day} ({self.working_days_left} working days left) [{self.source}]"
            )
        if self.state == "expired":
            return (
                f"ALERT security assessment expired on {self.expires_on}: exports it covered need a new "
                f"assessment [{self.source}]"
            )
        return None

    def line(self) -> str:
        """The one-line status `filing status` prints."""
        if self.issued_on is None:
            return f"security assessment: {self.state} on {self.on} [{self.source}]"
        window = (
            f"renewal window {self.window_opens_on} – {self.window_last_day}"
            if self.window_opens_on
            else "renewal window unknown"
        )
        return (
            f"security assessment: {self.state} on {self.on}; issued {self.issued_on}, valid through "
            f"{self.expires_on}, {window} [{self.source}]"
        )

    def lines(self) -> list[str]:
        """The status line, then its notes and the extension's terms (with their marks)."""
        terms = [f"  extension: {t}" for t in self.extension] if self.state != "not-approved" else []
        return [self.line(), *(f"  note: {n}" for n in self.notes), *terms]

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, dt.date):
                d[k] = v.isoformat()
        d["extension"], d["notes"], d["alert"] = list(self.extension), list(self.notes), self.alert
        return d


def _guide(expires: dt.date) -> ProcedureFile | None:
    """The guide edition in force at expiry, else the latest one published by then; None before any."""
    found = [
        f
        for f in rules.load_kind("procedures")
        if isinstance(f, ProcedureFile)
        and f.meta.scope == GUIDE_SCOPE
        and any(x.id == WINDOW for x in f.facts)
    ]
    earlier = [f for f in found if f.meta.effective_from <= expires]
    return next((f for f in earlier if f.meta.in_force(expires)), None) or (
        max(earlier, key=lambda f: f.meta.effective_from) if earlier else None
    )


def _term(fact: ProcedureFact) -> str:
    if fact.verified:
        return f"{fact.summary['en']} (✓)"
    why = f": {fact.note.removeprefix('◐').strip()}" if fact.note else ""
    return f"{fact.summary['en']} (◐ unverified{why})"


def _extension(guide: ProcedureFile | None) -> tuple[str, ...]:
    if guide is None:
        return ()
    return tuple(_term(f) for f in guide.facts if f.id in (EXTENSION_LENGTH, GROWTH_CAP))


def _state(on: dt.date, issued: dt.date, expires: dt.date, opens: dt.date | None) -> State:
    if on > expires:
        return "expired"
    if on < issued:
        return "not-yet-valid"
    return "renewal-window-open" if opens is not None and on >= opens else "valid"


def assessment_renewal(issued_on: dt.date, on: dt.date) -> AssessmentRenewal:
    """Where a security assessment issued on `issued_on` stands on `on`."""
    validity_file = rules.procedures(issued_on, "national")
    validity = validity_file.fact(VALIDITY)
    expires = add_years(issued_on, validity.value)
    guide = _guide(expires)
    source = f"{validity_file.meta.id} Art. {validity.article}"
    notes: list[str] = []
    opens = last = None
    n, exact = None, True
    if guide is None:
        notes.append(
            f"no renewal-window rule was published by {expires} (rules/procedures scope {GUIDE_SCOPE})"
        )
    else:
        n = guide.fact(WINDOW).value
        opens, last, exact = nth_working_day_back(expires, n)
        source += f"; {guide.meta.id} ({n} working days)"
    state = _state(on, issued_on, expires, opens)
    left = None
    if state in ("valid", "renewal-window-open"):
        left, exact_left = _working_days_between(on, expires)
        exact = exact and exact_left
    if not exact:
        notes.append(
            "some days fall in years the installed chinese_calendar has no holiday schedule for; they "
            "were counted Monday to Friday — update chinesecalendar when the schedule is published"
        )
    return AssessmentRenewal(
        state,
        on,
        issued_on,
        expires,
        opens,
        last,
        left,
        exact,
        validity.value,
        n,
        source,
        _extension(guide),
        tuple(notes),
    )


def is_assessed(filing: Filing) -> bool:
    """The filing records a security assessment: its result date, or a scenario on that mechanism."""
    return filing.assessment_issued_on is not None or any(
        s.mechanism == "security_assessment" for s in filing.scenarios
    )


def for_filing(filing: Filing, on: dt.date) -> AssessmentRenewal | None:
    """The assessment's renewal status for an assessed filing; None when the filing records none."""
    if not is_assessed(filing):
        return None
    if filing.assessment_issued_on is None:
        return AssessmentRenewal(
            "not-approved",
            on,
            None,
            None,
            None,
            None,
            None,
            True,
            None,
            None,
            "security assessment",
            (),
            (
                "a scenario is on the security assessment but "
                "assessment_issued_on is not given: add the day the result was issued",
            ),
        )
    return assessment_renewal(filing.assessment_issued_on, on)
