"""The overview's world map: every country drawn, the countries with member
organizations filled and linked to their pages, rendered as inline SVG.

The shapes are Natural Earth's 1:110m countries (public domain), vendored from the npm
package world-atlas as TopoJSON (data/README.md tells how). They are decoded and
projected (Equal Earth) in plain Python once per process; a request only sorts the
countries into members and others.

World-atlas names countries by ISO 3166-1 numeric code, the registry by alpha-2. The
table between them is `data/iso-3166-codes.json`, from the maintained npm package
i18n-iso-countries (same README).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..countries import country_name
from ..derived import sort_name
from .geometry import (
    area,
    centroid,
    crosses_antimeridian,
    cut_at_antimeridian,
    decode_arcs,
    equal_earth,
    path_data,
    polygons,
    simplify,
)
from .links import country_link

DATA = Path(__file__).resolve().parent / "data"
# The map's width in SVG units; points are rounded to whole units. At the widest the
# page shows it (about 770 px), a unit is under a pixel.
WIDTH = 1000
# Map units a border may move when simplified (Douglas–Peucker).
TOLERANCE = 0.3
# Member countries smaller than this (square map units) also get a dot, so that they
# can be seen and clicked: Luxembourg is about 1, Cyprus 4, Belgium 24, Haiti 26.
SMALL_AREA = 30
# The dot's radius in map units.
DOT_RADIUS = 4
# Features that world-atlas gives no ISO number. Kosovo has the code the EU and ISO's
# users agree on (XK); Northern Cyprus and Somaliland are drawn without a link.
CODES_BY_NAME = {"Kosovo": "XK"}
# Antarctica (ISO 010) is no country and would take a fifth of the map's height.
LEFT_OUT = {"010"}


@dataclass(frozen=True)
class Shape:
    """One country, projected: its path data, area and centre in map units."""

    code: str | None
    d: str
    area: float
    centre: tuple[int, int]


@dataclass(frozen=True)
class World:
    shapes: tuple  # of Shape, in the file's order
    view_box: str

    @property
    def by_code(self):
        return {shape.code: shape for shape in self.shapes if shape.code}


def alpha2_codes():
    """ISO 3166-1 numeric code (a string such as "276") -> alpha-2 code ("DE")."""
    rows = json.loads((DATA / "iso-3166-codes.json").read_text())
    return {numeric: alpha2 for alpha2, _, numeric, *_ in rows}


def to_map(points):
    """Points in degrees, projected into map units (y downwards), simplified, rounded."""
    scale = WIDTH / (2 * equal_earth(180, 0)[0])
    projected = [equal_earth(longitude, latitude) for longitude, latitude in points]
    points = simplify([(x * scale, -y * scale) for x, y in projected], TOLERANCE)
    return [(round(x), round(y)) for x, y in points]


def country_polygons(feature, arcs, projected):
    """A country's polygons in map units, each a list of rings, outer ring first.

    Rings are joined from the `projected` arcs, so that neighbours share their borders
    exactly; the few rings that cross longitude ±180 are cut in two from the degrees
    (`arcs`) and projected piece by piece.
    """
    result = []
    for rings, drawn in zip(polygons(feature, arcs), polygons(feature, projected)):
        if not any(map(crosses_antimeridian, rings)):
            result.append(drawn)
            continue
        outer, *holes = rings
        pieces = [[to_map(piece)] for piece in cut_at_antimeridian(outer)]
        # A lake stays with the first piece (none of Natural Earth's crosses the line).
        pieces[0] += [to_map(hole) for hole in holes]
        result += pieces
    return result


@cache
def world():
    """Every country's shape, decoded and projected once per process."""
    topology = json.loads((DATA / "countries-110m.json").read_text())
    alpha2 = alpha2_codes()
    arcs = decode_arcs(topology)
    projected = [to_map(arc) for arc in arcs]
    shapes, points = [], []
    for feature in topology["objects"]["countries"]["geometries"]:
        parts = [] if feature.get("id") in LEFT_OUT else country_polygons(feature, arcs, projected)
        if not parts:
            continue
        name = feature.get("properties", {}).get("name", "")
        largest = max((polygon[0] for polygon in parts), key=area)
        shapes.append(
            Shape(
                code=alpha2.get(feature.get("id")) or CODES_BY_NAME.get(name),
                d=path_data([ring for polygon in parts for ring in polygon]),
                area=sum(area(polygon[0]) for polygon in parts),
                centre=tuple(round(value) for value in centroid(largest)),
            )
        )
        points += [point for polygon in parts for point in polygon[0]]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    pad = DOT_RADIUS + 2
    left, top = min(xs) - pad, min(ys) - pad
    width, height = max(xs) + pad - left, max(ys) + pad - top
    return World(shapes=tuple(shapes), view_box=f"{left} {top} {width} {height}")


@dataclass(frozen=True)
class MemberCountry:
    """A country with members, as the map links it."""

    name: str
    members: int
    url: str
    d: str = ""
    dot: tuple | None = None

    @property
    def title(self):
        noun = "organization" if self.members == 1 else "organizations"
        return f"{self.name}: {self.members} member {noun}"


@dataclass(frozen=True)
class WorldMap:
    view_box: str
    dot_radius: int
    others: list  # path data of the countries without members
    members: list  # MemberCountry, those with a dot last so no shape covers a dot
    undrawn: list  # MemberCountry that the map has no shape for


def world_map(countries):
    """The map for `countries`: countries with `members` (a count), as
    `Country.objects.with_member_counts()` gives them."""
    shapes = world().by_code
    members = {country.code: country for country in countries if country.members}
    # Named and ordered in the reader's language.
    names = {code: country_name(country) for code, country in members.items()}
    drawn, undrawn = [], []
    # As the country list orders them (views.CountryListView).
    for code, country in sorted(members.items(), key=lambda item: sort_name(names[item[0]])):
        shape = shapes.get(code)
        link = MemberCountry(names[code], country.members, country_link(country))
        if shape is None:
            undrawn.append(link)
            continue
        small = shape.area < SMALL_AREA
        dot = shape.centre if small else None
        # Dots last and the smallest country's on top; the rest keep the order of names.
        drawn.append(((small, -shape.area if small else 0), MemberCountry(
            link.name, link.members, link.url, shape.d, dot
        )))
    drawn.sort(key=lambda item: item[0])
    return WorldMap(
        view_box=world().view_box,
        dot_radius=DOT_RADIUS,
        others=[shape.d for shape in world().shapes if shape.code not in members],
        members=[country for _, country in drawn],
        undrawn=undrawn,
    )
