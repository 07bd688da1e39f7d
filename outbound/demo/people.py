"""Fictional people: each processor draws its rows from a fixed population of these."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from outbound.demo import identifiers as ids

# PIPL Art. 28: under 14 is a child. The generator's own copy, used only to compute the truth;
# the product itself reads the age line from rules/.
CHILD_AGE_LINE = 14


@dataclass(frozen=True, slots=True)
class Person:
    """One member of a population. `key` is internal to the generator and never written out."""

    key: str
    name: str
    birth: dt.date | None = None
    resident_id: str | None = None
    mobile: str | None = None
    email: str | None = None
    passport: str | None = None
    card: str | None = None


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_child(birth: dt.date | None, day: dt.date) -> bool:
    """Under the child age line on `day`; unknown birth dates are not children."""
    return birth is not None and age_on(birth, day) < CHILD_AGE_LINE


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on `day` (a person turns N on their birthday)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class PersonFactory:
    """Makes people with identifiers unique across the whole zone (`taken` is shared)."""

    def __init__(self, rng: random.Random, zh: Faker, en: Faker, taken: set[str]) -> None:
        self._rng, self._zh, self._en, self._taken = rng, zh, en, taken

    def birth_for_age(self, reference: dt.date, min_age: int, max_age: int) -> dt.date:
        """A birth date making the person min_age..max_age years old on `reference`."""
        earliest = years_before(reference, max_age + 1) + dt.timedelta(days=1)
        latest = years_before(reference, min_age)
        return dt.date.fromordinal(self._rng.randint(earliest.toordinal(), latest.toordinal()))

    def chinese(
        self,
        key: str,
        birth: dt.date,
        *,
        with_resident_id: bool = True,
        with_mobile: bool = True,
        with_email: bool = False,
        with_card: bool = False,
    ) -> Person:
        rng = self._rng
        return Person(
            key=key,
            name=self._zh.name(),
            birth=birth,
            resident_id=self._unique(lambda: ids.make_resident_id(rng, birth)) if with_resident_id else None,
            mobile=self._unique(lambda: ids.make_mobile(rng)) if with_mobile else None,
            email=self._unique_email(self._zh) if with_email else None,
            card=self._unique(lambda: ids.make_bank_card(rng)) if with_card else None,
        )

    def foreign(self, key: str) -> Person:
        """A foreign guest: English name, passport number and e-mail, no birth date known."""
        return Person(
            key=key,
            name=f"{self._en.first_name()} {self._en.last_name()}",
            passport=self._unique(lambda: ids.make_passport(self._rng)),
            email=self._unique_email(self._en),
        )

    def _unique(self, make: Callable[[], str]) -> str:
        while (value := make()) in self._taken:
            pass
        self._taken.add(value)
        return value

    def _unique_email(self, fake: Faker) -> str:
        email = fake.email()
        user, domain = email.split("@", 1)
        n = 1
        while email in self._taken:
            n += 1
            email = f"{user}{n}@{domain}"
        self._taken.add(email)
        return email
