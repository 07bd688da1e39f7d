"""Filing lifecycle: validity from approval, the renewal window in Chinese working days, alerts.

Working days come from the `chinese_calendar` package (State Council holiday schedules, make-up
working weekends included). A year the installed package has no schedule for is counted Monday to
Friday and the result is marked `exact: false` with the reason: never a silent guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from outbound.expectations.filing import Filing
from outbound.expectations.policy import lifecycle_facts

State = Literal["not-approved", "not-yet-valid", "valid", "renewal-window-open", "expired"]
ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date) -> tuple[bool, bool]:
    """(working day?, from the official schedule?). Outside the package's years: Mon–Fri, inexact."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar date `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def nth_working_day_back(last: dt.date, n: int) -> tuple[dt.date, dt.date, bool]:
    """Counting back from `last` (included when a working day): (the n-th working day, the first
    working day met, whether every day counted came from the official schedule)."""
    day, found, exact, first = last, 0, True, None
    while True:
        working, official = is_working_day(day)
        exact = exact and official
        if working:
            found += 1
            first = first or day
            if found == n:
                return day, first, exact
        day -= ONE_DAY


@dataclass(frozen=True, slots=True)
class Lifecycle:
    state: State
    on: dt.date
    approved_on: dt.date | None
    expires_on: dt.date | None  # last day of validity
    window_opens_on: dt.date | None  # first day a renewal may be applied for
    window_last_day: dt.date | None  # last working day of the validity
    working_days_left: int | None  # working days from `on` to the last day of validity, both included
    exact: bool  # every working day counted came from the official holiday schedule
    validity_years: int
    renewal_working_days: int
    source: str
    by_analogy: bool
    notes: tuple[str, ...]

    @property
    def alert(self) -> str | None:
        """One line when action is due: the window is open, or the filing has expired."""
        if self.state == "renewal-window-open":
            return (f"ALERT renewal window open since {self.window_opens_on}: apply by {self.window_last_day} "
                    f"({self.working_days_left} working days left) [{self.source}]")
        if self.state == "expired":
            return f"ALERT filing expired on {self.expires_on}: exports need a new filing [{self.source}]"
        return None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, dt.date):
                d[k] = v.isoformat()
        d["notes"], d["alert"] = list(self.notes), self.alert
        return d


def _working_days_between(start: dt.date, end: dt.date) -> tuple[int, bool]:
    count, exact, day = 0, True, start
    while day <= end:
        working, official = is_working_day(day)
        count, exact = count + working, exact and official
        day += ONE_DAY
    return count, exact


def status(filing: Filing, on: dt.date) -> Lifecycle:
    """Where the filing stands on `on`: validity N years from approval, renewal window, expiry."""
    approved = filing.approved_on
    facts = lifecycle_facts(filing.processor.zone, approved or filing.filed_on)
    years, n = facts.validity.value, facts.renewal.value
    notes = [facts.note]
    if approved is None:
        return Lifecycle("not-approved", on, None, None, None, None, None, True, years, n, facts.source,
                         facts.by_analogy, (*notes, "no approved_on: validity starts with the review opinion"))
    expires = add_years(approved, years)
    if filing.expires_on and filing.expires_on != expires:
        notes.append(f"the filing states expires_on {filing.expires_on}; the rules give {expires}")
    opens, last_working, exact = nth_working_day_back(expires, n)
    if not exact:
        notes.append("some days fall in years the installed chinese_calendar has no holiday schedule for; "
                     "they were counted Monday to Friday — update chinesecalendar when the schedule is published")
    left = None
    if on > expires:
        state: State = "expired"
    elif on < approved:
        state = "not-yet-valid"
    else:
        state = "renewal-window-open" if on >= opens else "valid"
        left, exact_left = _working_days_between(on, expires)
        exact = exact and exact_left
    return Lifecycle(state, on, approved, expires, opens, last_working, left, exact, years, n, facts.source,
                     facts.by_analogy, tuple(notes))
