"""Fill an empty registry database with `n` synthetic organizations, deterministically.

The 47 countries come from the seed; the organizations spread over all of them, named
in their country's language (with its diacritics) and in English. About a tenth are
former members, one in twenty has an unknown joining year, one in twenty left and
joined again. Rows go in with the registry's bulk writes, which record the edit
history, and the derived columns are written by `members.derived`, as an import does.
"""

import json
import random
from pathlib import Path

from django.db import transaction

from members import derived, history
from members.models import Country, Membership, Organization
from members.search import slug_text

from .words import LANGUAGE_OF_COUNTRY, PLACE_FIRST, QUALIFIER_AFTER, WORDS

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "icor_members.json"
RANDOM_SEED = 20101006
REASON = "Synthetic registry for the benchmark"
BATCH = 5000
FIRST_YEAR, LAST_YEAR = 2010, 2026


def seed_countries():
    records = json.loads(SEED.read_text(encoding="utf-8"))
    return [Country(**r["fields"]) for r in records if r["model"] == "members.country"]


def join(language, kind, qualifiers, place):
    if language in QUALIFIER_AFTER:
        words = [kind, *qualifiers, place]
    elif language in PLACE_FIRST:
        words = [place, *qualifiers, kind]
    elif language == "en":
        words = [*qualifiers, kind, "of", place]
    else:
        words = [*qualifiers, kind, place]
    return " ".join(words).replace(" -", "-").replace("- ", "-")


def names(rng, language):
    """(name, English name or "") of one organization, in `language`."""
    kinds, qualifiers, places = WORDS[language]
    kind = rng.choice(kinds)
    chosen = rng.sample(qualifiers, 2)
    place = rng.choice(places)
    name = join(language, kind[0], [q[0] for q in chosen], place[0])
    english = join("en", kind[1], [q[1] for q in chosen], place[1])
    return name, "" if language == "en" else english


def abbreviation_of(name):
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())


def periods(rng, number):
    """The membership periods of organization number `number`: (since, until) pairs."""
    draw = rng.random()
    since = rng.randint(FIRST_YEAR, LAST_YEAR)
    if number % 10 == 9:  # a tenth: former members
        return [(since, rng.randint(since, LAST_YEAR))]
    if draw < 0.05:
        return [(None, None)]
    if draw < 0.10 and since < LAST_YEAR - 1:
        left = rng.randint(since, LAST_YEAR - 1)
        return [(since, left), (rng.randint(left + 1, LAST_YEAR), None)]
    return [(since, None)]


def build(n):
    """Create the countries and `n` organizations with their periods; return the counts."""
    rng = random.Random(RANDOM_SEED)
    countries = history.create(Country, seed_countries(), REASON)
    countries.sort(key=lambda country: country.code)
    names_taken, slugs_taken = set(), set()
    made = {"countries": len(countries), "organizations": 0, "memberships": 0}
    for start in range(0, n, BATCH):
        organizations, spans = [], []
        for number in range(start, min(start + BATCH, n)):
            country = countries[number % len(countries)]
            language = LANGUAGE_OF_COUNTRY.get(country.code, "en")
            name, english = names(rng, language)
            suffix = 1
            while (country.code, name) in names_taken:
                suffix += 1
                name = f"{name.rsplit(' (', 1)[0]} ({suffix})"
            names_taken.add((country.code, name))
            abbreviation = abbreviation_of(name)
            if suffix > 1:
                abbreviation = f"{abbreviation}-{suffix}"
            slug = base = f"{slug_text(abbreviation or name)[:80]}-{country.code.lower()}"
            counter = 2
            while slug in slugs_taken:
                slug, counter = f"{base}-{counter}", counter + 1
            slugs_taken.add(slug)
            organization = Organization(
                name=name, abbreviation=abbreviation, english_name=english,
                country=country, slug=slug,
            )
            spans.append(periods(rng, number))
            derived.fill_text(organization)
            made_periods = [Membership(since_year=s, until_year=u) for s, u in spans[-1]]
            for field, value in derived.latest_period(made_periods).items():
                setattr(organization, field, value)
            organizations.append(organization)
        with transaction.atomic():
            created = history.create(Organization, organizations, REASON)
            memberships = [
                Membership(organization=organization, since_year=since, until_year=until,
                           source="Synthetic record for the benchmark")
                for organization, organization_periods in zip(created, spans)
                for since, until in organization_periods
            ]
            history.create(Membership, memberships, REASON)

        made["organizations"] += len(created)
        made["memberships"] += len(memberships)
    return made
