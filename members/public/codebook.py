"""The codebook of the downloads: every key of every file the public can download, with
its type, meaning and allowed values.

It is data, rendered by the dataset page (members/data.html), and tests compare its
keys with the keys the downloads really carry (tests/test_dataset.py): a key added to a
download without a line here fails them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Continent
from ..validators import FOUNDING_YEAR


def continent_values():
    """Each continent's value and, in the page's language, its name."""
    return ", ".join(f"{value} ({label})" for value, label in Continent.choices)


def english_continent_names():
    """The continents' English names, as the JSON's continent_name gives them."""
    with translation.override(settings.LANGUAGE_CODE):
        return ", ".join(str(label) for label in Continent.labels)


# Written when a page shows them, in its language.
CONTINENTS = lazy(continent_values, str)()
CONTINENT_NAMES = lazy(english_continent_names, str)()


@dataclass(frozen=True)
class Field:
    """One key: its name, and its type, meaning and values in words. The words are
    marked for translation and read in the language of the page that shows them: the
    codebook is made once per process and shown in every language."""

    name: str
    type: str
    meaning: str
    values: str = ""


@dataclass(frozen=True)
class Table:
    """The keys of one kind of object in the downloads, in the order they are written:
    its anchor on the page (#codebook-<slug>), title, the downloads and places where such
    objects are written, and its fields."""

    slug: str
    title: str
    where: str
    fields: list

    def keys(self):
        return [field.name for field in self.fields]


def year(name, meaning, values):
    """A year field: a whole year, or nothing (`values` says when, naming {founding}, the
    year ICOR was founded)."""
    return Field(name, _("whole number or empty"), meaning,
                 format_lazy(values, founding=FOUNDING_YEAR))


TEXT = _("text")
ADDRESS = _("text (web address)")
DATE_AND_TIME = _("date and time")
FREE_TEXT = _("free text; may be empty")

SLUG = Field(
    "slug", TEXT, _("The organization's identifier: the last part of its page's address. "
                    "Made once from its abbreviation (or name) and country; a rename leaves "
                    "it alone."),
    _("lower-case ASCII letters, digits and hyphens, e.g. tikb-tr; unique"),
)
NAME = Field("name", TEXT, _("The name in its original language, exactly as the organization "
                             "writes it."), _("never empty"))
ABBREVIATION = Field("abbreviation", TEXT, _("The abbreviation it uses. Not unique: two "
                                             "organizations may share one."),
                     _("empty if it uses none"))
ENGLISH_NAME = Field("english_name", TEXT, _("The name in English."),
                     _("empty where the name is already English"))
WEBSITE = Field("website", ADDRESS, _("The organization's own website."),
                _("an http:// or https:// address; empty when none is recorded"))
WIKIDATA = Field("wikidata", TEXT, _("Its item on Wikidata, which links it to other datasets; "
                                     "the item's page is https://www.wikidata.org/wiki/ followed "
                                     "by it."),
                 _("Q and the item's number, e.g. Q2342; empty when none is recorded"))
SINCE = year("member_since", _("The year the organization joined ICOR, in its latest "
             "membership period (an open one if it has one)."),
             _("{founding} (ICOR's founding) to the current year; null in JSON, an empty cell "
               "in CSV when that year is unknown or no period is recorded"))
UNTIL = year("member_until", _("The year it left ICOR, in its latest membership period."),
             _("{founding} (ICOR's founding) to the current year; null in JSON, an empty cell "
               "in CSV while it is a member, or when no period is recorded"))
PERIOD_SINCE = year("since_year", _("The year this period began: the organization joined ICOR."),
                    _("{founding} (ICOR's founding) to the current year; null in JSON, an "
                      "empty cell in CSV when the year is unknown (the source gives none)"))
PERIOD_UNTIL = year("until_year", _("The year this period ended: the organization left ICOR."),
                    _("{founding} (ICOR's founding) to the current year; null in JSON, an "
                      "empty cell in CSV while the period is open: the organization is a "
                      "member today"))
SOURCE = Field("source", TEXT, _("Where the fact comes from: a citation, or a web address "
                                 "(the organization's page then links it)."), FREE_TEXT)
NOTE = Field("note", TEXT, _("An editor's remark on the period."), FREE_TEXT)
CONTINENT = Field("continent", TEXT, _("The continent group the country is listed under."),
                  CONTINENTS)

ORGANIZATION = Table(
    "organization", _("An organization"),
    _("Each row of the CSV downloads (/organizations.csv, also with bom=1), each item of "
      "“results” in /organizations.json, and the first keys of /organizations/<slug>.json."),
    (
        SLUG, NAME, ABBREVIATION, ENGLISH_NAME,
        Field("country", TEXT, _("The country's ISO 3166-1 alpha-2 code."),
              _("two upper-case letters, e.g. TR")),
        Field("country_name", TEXT, _("The country's English short name, as the source "
                                      "article writes it."), _("e.g. Turkey, Ivory Coast")),
        CONTINENT,
        SINCE, UNTIL,
        Field("url", ADDRESS, _("The organization's page in this registry."),
              _("an absolute address")),
        WEBSITE, WIKIDATA,
    ),
)
LIST = Table(
    "list", _("The JSON list"), _("/organizations.json: one object."),
    (
        Field("count", _("whole number"), _("How many organizations the parameters give (all "
                                            "of them: the list is not paged)."), _("0 or more")),
        Field("results", _("list"), _("The organizations, each an object with the keys of "
                                      "“An organization”, in the order the parameters ask "
                                      "for."), ""),
    ),
)
DETAIL = Table(
    "detail", _("One organization as JSON"),
    _("/organizations/<slug>.json: the keys of “An organization”, then these."),
    (
        Field("continent_name", TEXT, _("The continent group's English name."),
              CONTINENT_NAMES),
        Field("updated_at", DATE_AND_TIME, _("When the record last changed."),
              _("ISO 8601 with its UTC offset, e.g. 2026-11-28T00:00:00+00:00")),
        Field("memberships", _("list"), _("Its membership periods, oldest first (one of "
                                          "unknown start before the others), each an object "
                                          "with the keys of “A membership period”."),
              _("empty when no period is recorded")),
    ),
)
PERIOD = Table(
    "period", _("A membership period"),
    _("Each item of “memberships” in /organizations/<slug>.json."),
    (PERIOD_SINCE, PERIOD_UNTIL, SOURCE, NOTE),
)
RECORD = Table(
    "record", _("A record of the registry file"),
    _("Each item of the list in icor-registry.json, a Django fixture with natural keys: "
      "countries by code, then organizations by slug, then periods by slug and year."),
    (
        Field("model", TEXT, _("What the record is."),
              _("members.country, members.organization or members.membership")),
        Field("fields", _("object"), _("Its values, with the keys of the table for its model "
                                       "below."), ""),
    ),
)
# The fixture's tables are titled with the model's name, as the file writes it.
FIXTURE_COUNTRY = Table(
    "fixture-country", "members.country", _("The “fields” of a country in icor-registry.json."),
    (
        Field("code", TEXT, _("The country's ISO 3166-1 alpha-2 code; its natural key."),
              _("two upper-case letters; unique")),
        Field("name", TEXT, _("Its English short name, as the source article writes it."),
              _("unique")),
        CONTINENT,
    ),
)
TIMESTAMP = _("ISO 8601 in UTC, e.g. 2026-11-28T00:00:00Z")
FIXTURE_ORGANIZATION = Table(
    "fixture-organization", "members.organization",
    _("The “fields” of an organization in icor-registry.json."),
    (
        NAME, ABBREVIATION, ENGLISH_NAME,
        Field("country", _("list of one text"), _("Its country, by the country's code."),
              _("e.g. [\"TR\"]")),
        SLUG,
        Field("created_at", DATE_AND_TIME, _("When the record was created."), TIMESTAMP),
        Field("updated_at", DATE_AND_TIME, _("When the record last changed."), TIMESTAMP),
        WEBSITE, WIKIDATA,
    ),
)
FIXTURE_PERIOD = Table(
    "fixture-membership", "members.membership",
    _("The “fields” of a membership period in icor-registry.json."),
    (
        Field("organization", _("list of one text"), _("Its organization, by the "
                                                        "organization's slug."),
              _("e.g. [\"tikb-tr\"]")),
        PERIOD_SINCE, PERIOD_UNTIL, SOURCE, NOTE,
    ),
)

CODEBOOK = (ORGANIZATION, LIST, DETAIL, PERIOD, RECORD, FIXTURE_COUNTRY, FIXTURE_ORGANIZATION,
            FIXTURE_PERIOD)
