"""Fake people and the many ways they write things down.

Everything is drawn from a seeded ``random.Random`` and a seeded Faker, so
a seed gives the same person. ``fmt_*`` turn a normal-form value (forms.md)
into how a person might write it; the truth keeps the normal form.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from faker import Faker

AREA_CODES = ["303", "720", "719", "970", "801", "385", "435", "505", "575", "208", "307", "406",
              "602", "480", "520", "702", "775", "916", "415", "503", "206", "312", "614", "212",
              "404", "512", "214", "615", "913", "402"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]
MON_DOT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

DATE_STYLES = ["m/d/yy", "mm/dd/yyyy", "m/d/yyyy", "iso", "mon d yyyy", "month d, yyyy",
               "mm.dd.yyyy", "m-d-yyyy", "mm-dd-yy", "d mon yyyy", "mon. d, yyyy"]
PHONE_STYLES = ["(ddd) ddd-dddd", "ddd-ddd-dddd", "ddd.ddd.dddd", "dddddddddd", "1-ddd-ddd-dddd",
                "ddd ddd dddd", "+1 ddd ddd dddd"]


@functools.lru_cache(maxsize=1)
def _faker() -> Faker:
    return Faker("en_US")


def faker(seed: int) -> Faker:
    """The shared Faker, reseeded (creating one per document would cost ~50 ms)."""
    f = _faker()
    f.seed_instance(seed)
    return f


def fmt_date(d: dt.date, style: str) -> str:
    m, dd, y = d.month, d.day, d.year
    return {
        "m/d/yy": f"{m}/{dd}/{y % 100:02d}",
        "mm/dd/yyyy": f"{m:02d}/{dd:02d}/{y}",
        "m/d/yyyy": f"{m}/{dd}/{y}",
        "iso": d.isoformat(),
        "mon d yyyy": f"{MON3[m - 1]} {dd} {y}",
        "month d, yyyy": f"{MONTHS[m - 1]} {dd}, {y}",
        "mm.dd.yyyy": f"{m:02d}.{dd:02d}.{y}",
        "m-d-yyyy": f"{m}-{dd}-{y}",
        "mm-dd-yy": f"{m:02d}-{dd:02d}-{y % 100:02d}",
        "d mon yyyy": f"{dd} {MON3[m - 1]} {y}",
        "mon. d, yyyy": f"{MON_DOT[m - 1]} {dd}, {y}",
    }[style]


def fmt_phone(digits: str, style: str) -> str:
    out, i = [], 0
    for ch in style:
        if ch == "d":
            out.append(digits[i])
            i += 1
        else:
            out.append(ch)
    return "".join(out)


def phone(rng: random.Random) -> str:
    """Ten digits with a plausible area code and exchange."""
    return rng.choice(AREA_CODES) + str(rng.randint(2, 9)) + f"{rng.randint(0, 99):02d}" + f"{rng.randint(0, 9999):04d}"


APOSTROPHE_SURNAMES = {"Obrien": "O'Brien", "Oconnell": "O'Connell", "Oconnor": "O'Connor", "Odonnell": "O'Donnell",
                       "Oneal": "O'Neal", "Oneill": "O'Neill"}
"""Faker spells these surnames without the apostrophe people write in them."""
MORE_APOSTROPHE_SURNAMES = ("D'Amico", "D'Angelo", "O'Malley", "O'Hara", "O'Leary", "D'Souza", "O'Shea")
APOSTROPHE_SHARE, HYPHEN_SHARE = 0.03, 0.07
"""Of the surnames drawn: ones with an apostrophe Faker's list lacks, and two surnames joined by a hyphen."""


def surname(fk: Faker, first: str) -> str:
    """A surname as people write theirs: Faker's, with its apostrophe, sometimes hyphenated with a second.

    The shape is drawn from a generator seeded by the name itself, so a seeded document's other values are
    what they were before names took these shapes."""
    last = fk.last_name()
    r = random.Random(f"{first}|{last}")
    x = r.random()
    if x < APOSTROPHE_SHARE:
        return r.choice(MORE_APOSTROPHE_SURNAMES)
    last = APOSTROPHE_SURNAMES.get(last, last)
    if x < APOSTROPHE_SHARE + HYPHEN_SHARE:
        return f"{last}-{r.choice(_faker_surnames())}"
    return last


@functools.cache
def _faker_surnames() -> tuple[str, ...]:
    from faker.providers.person.en_US import Provider

    return tuple(sorted(n for n in Provider.last_names if n not in APOSTROPHE_SURNAMES))


def person_name(rng: random.Random, fk: Faker, last: str | None = None, sex: str | None = None,
                shaped: bool = True) -> str:
    """A person's name; ``shaped``: the surname as people write it (``surname``), else Faker's as listed."""
    sex = sex or rng.choice("mf")
    first = fk.first_name_male() if sex == "m" else fk.first_name_female()
    last = last or (surname(fk, first) if shaped else fk.last_name())
    r = rng.random()
    if r < 0.35:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    if r < 0.4:
        return f"{first} {fk.first_name()} {last}"
    return f"{first} {last}"


def email_for(name: str, rng: random.Random) -> str:
    parts = [p for p in name.replace(".", "").replace("'", "").split() if len(p) > 1]
    first, last = parts[0].lower(), parts[-1].lower()
    dom = rng.choice(["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net",
                      "hotmail.com", "proton.me", "msn.com"])
    user = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}.{first[0]}{rng.randint(1, 99)}",
                       f"{first}{rng.randint(10, 99)}", f"{first}_{last}"])
    return f"{user}@{dom}"


def address(fk: Faker) -> tuple[str, str, str, str]:
    """(street, city, state, zip)."""
    return fk.street_address(), fk.city(), fk.state_abbr(include_territories=False), fk.zipcode()


def join_address(parts: tuple[str, str, str, str]) -> str:
    street, city, st, z = parts
    return f"{street}, {city}, {st} {z}"


def mrn(rng: random.Random) -> str:
    return str(rng.randint(10 ** (rng.choice([6, 7, 7, 8, 8, 9]) - 1), 10 ** 9 - 1))[: rng.choice([7, 8, 8, 9])]


def age_on(dob: dt.date, d: dt.date) -> int:
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))


def dob_for_age(d: dt.date, years: int, rng: random.Random) -> dt.date:
    """A birth date whose age on ``d`` is ``years`` (whole years)."""
    for _ in range(20):
        back = rng.randint(0, 364)
        try:
            anchor = d.replace(year=d.year - years)
        except ValueError:
            anchor = d.replace(year=d.year - years, day=28)
        cand = anchor - dt.timedelta(days=back)
        if age_on(cand, d) == years:
            return cand
    return anchor
