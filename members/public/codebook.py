"""The codebook of the downloads: every key of every file the public can download, with
its type, meaning and allowed values.

It is data, rendered by the dataset page (members/data.html), and tests compare its
keys with the keys the downloads really carry (tests/test_dataset.py): a key added to a
download without a line here fails them.
"""

from dataclasses import dataclass

from ..models import Continent
from ..validators import FOUNDING_YEAR

CONTINENTS = ", ".join(f"{value} ({label})" for value, label in Continent.choices)
UNKNOWN_YEAR = "null in JSON, an empty cell in CSV"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str
    values: str = ""


@dataclass(frozen=True)
class Table:
    """The keys of one kind of object in the downloads, in the order they are written."""

    slug: str  # the table's anchor on the page: #codebook-<slug>
    title: str
    where: str  # the downloads and places where such objects are written
    fields: tuple

    def keys(self):
        return [field.name for field in self.fields]


def year(name, meaning, empty):
    """A year field: a whole year, or nothing (`empty` says when)."""
    return Field(
        name, "whole number or empty", meaning,
        f"{FOUNDING_YEAR} (ICOR's founding) to the current year; {UNKNOWN_YEAR} {empty}",
    )


SLUG = Field(
    "slug", "text", "The organization's identifier: the last part of its page's address. "
    "Made once from its abbreviation (or name) and country; a rename leaves it alone.",
    "lower-case ASCII letters, digits and hyphens, e.g. tikb-tr; unique",
)
NAME = Field("name", "text", "The name in its original language, exactly as the organization "
             "writes it.", "never empty")
ABBREVIATION = Field("abbreviation", "text", "The abbreviation it uses. Not unique: two "
                     "organizations may share one.", "empty if it uses none")
ENGLISH_NAME = Field("english_name", "text", "The name in English.",
                     "empty where the name is already English")
WEBSITE = Field("website", "text (web address)", "The organization's own website.",
                "an http:// or https:// address; empty when none is recorded")
WIKIDATA = Field("wikidata", "text", "Its item on Wikidata, which links it to other datasets; "
                 "the item's page is https://www.wikidata.org/wiki/ followed by it.",
                 "Q and the item's number, e.g. Q2342; empty when none is recorded")
SINCE = year("member_since", "The year the organization joined ICOR, in its latest "
             "membership period (an open one if it has one).",
             "when that year is unknown or no period is recorded")
UNTIL = year("member_until", "The year it left ICOR, in its latest membership period.",
             "while it is a member, or when no period is recorded")
PERIOD_SINCE = year("since_year", "The year this period began: the organization joined ICOR.",
                    "when the year is unknown (the source gives none)")
PERIOD_UNTIL = year("until_year", "The year this period ended: the organization left ICOR.",
                    "while the period is open: the organization is a member today")
SOURCE = Field("source", "text", "Where the fact comes from: a citation, or a web address "
               "(the organization's page then links it).", "free text; may be empty")
NOTE = Field("note", "text", "An editor's remark on the period.", "free text; may be empty")
CONTINENT = Field("continent", "text", "The continent group the country is listed under.",
                  CONTINENTS)

ORGANIZATION = Table(
    "organization", "An organization",
    "Each row of the CSV downloads (/organizations.csv, also with bom=1), each item of "
    "“results” in /organizations.json, and the first keys of /organizations/<slug>.json.",
    (
        SLUG, NAME, ABBREVIATION, ENGLISH_NAME,
        Field("country", "text", "The country's ISO 3166-1 alpha-2 code.",
              "two upper-case letters, e.g. TR"),
        Field("country_name", "text", "The country's English short name, as the source "
              "article writes it.", "e.g. Turkey, Ivory Coast"),
        CONTINENT,
        SINCE, UNTIL,
        Field("url", "text (web address)", "The organization's page in this registry.",
              "an absolute address"),
        WEBSITE, WIKIDATA,
    ),
)
LIST = Table(
    "list", "The JSON list", "/organizations.json: one object.",
    (
        Field("count", "whole number", "How many organizations the parameters give (all of "
              "them: the list is not paged).", "0 or more"),
        Field("results", "list", "The organizations, each an object with the keys of "
              "“An organization”, in the order the parameters ask for.", ""),
    ),
)
DETAIL = Table(
    "detail", "One organization as JSON",
    "/organizations/<slug>.json: the keys of “An organization”, then these.",
    (
        Field("continent_name", "text", "The continent group's English name.",
              ", ".join(Continent.labels)),
        Field("updated_at", "date and time", "When the record last changed.",
              "ISO 8601 with its UTC offset, e.g. 2026-11-28T00:00:00+00:00"),
        Field("memberships", "list", "Its membership periods, oldest first (one of unknown "
              "start before the others), each an object with the keys of “A membership "
              "period”.", "empty when no period is recorded"),
    ),
)
PERIOD = Table(
    "period", "A membership period",
    "Each item of “memberships” in /organizations/<slug>.json.",
    (PERIOD_SINCE, PERIOD_UNTIL, SOURCE, NOTE),
)
RECORD = Table(
    "record", "A record of the registry file",
    "Each item of the list in icor-registry.json, a Django fixture with natural keys: "
    "countries by code, then organizations by slug, then periods by slug and year.",
    (
        Field("model", "text", "What the record is.",
              "members.country, members.organization or members.membership"),
        Field("fields", "object", "Its values, with the keys of the table for its model below.",
              ""),
    ),
)
FIXTURE_COUNTRY = Table(
    "fixture-country", "members.country", "The “fields” of a country in icor-registry.json.",
    (
        Field("code", "text", "The country's ISO 3166-1 alpha-2 code; its natural key.",
              "two upper-case letters; unique"),
        Field("name", "text", "Its English short name, as the source article writes it.",
              "unique"),
        CONTINENT,
    ),
)
TIMESTAMP = "ISO 8601 in UTC, e.g. 2026-11-28T00:00:00Z"
FIXTURE_ORGANIZATION = Table(
    "fixture-organization", "members.organization",
    "The “fields” of an organization in icor-registry.json.",
    (
        NAME, ABBREVIATION, ENGLISH_NAME,
        Field("country", "list of one text", "Its country, by the country's code.",
              "e.g. [\"TR\"]"),
        SLUG,
        Field("created_at", "date and time", "When the record was created.", TIMESTAMP),
        Field("updated_at", "date and time", "When the record last changed.", TIMESTAMP),
        WEBSITE, WIKIDATA,
    ),
)
FIXTURE_PERIOD = Table(
    "fixture-membership", "members.membership",
    "The “fields” of a membership period in icor-registry.json.",
    (
        Field("organization", "list of one text", "Its organization, by the organization's slug.",
              "e.g. [\"tikb-tr\"]"),
        PERIOD_SINCE, PERIOD_UNTIL, SOURCE, NOTE,
    ),
)

CODEBOOK = (ORGANIZATION, LIST, DETAIL, PERIOD, RECORD, FIXTURE_COUNTRY, FIXTURE_ORGANIZATION,
            FIXTURE_PERIOD)
