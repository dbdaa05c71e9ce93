"""The overview's world map: projection, TopoJSON decoding, and the map a visitor sees."""

import math
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from members.public.geometry import (
    area,
    crosses_antimeridian,
    cut_at_antimeridian,
    decode_arcs,
    equal_earth,
    path_data,
    polygons,
    simplify,
)
from members.public.worldmap import SMALL_AREA, world, world_map
from tests.conftest import make_country, make_organization

# PROJ's and Cartopy's Equal Earth reaches x = ±17,243,959.0622169 m at the equator and
# 180°, on the WGS84 authalic sphere of this radius (metres).
AUTHALIC_RADIUS = 6371007.1809184747


def test_equal_earth_maps_the_origin_to_the_centre():
    assert equal_earth(0, 0) == (0, 0)


def test_equal_earth_reaches_the_known_edge_of_the_map():
    x, y = equal_earth(180, 0)

    assert x * AUTHALIC_RADIUS == pytest.approx(17_243_959.0622169, abs=1e-3)
    assert y == 0


def test_equal_earth_is_about_twice_as_wide_as_high():
    # The projection's authors give the ratio of the equator to the central meridian: 2.05.
    assert equal_earth(180, 0)[0] / equal_earth(0, 90)[1] == pytest.approx(2.0546, abs=1e-4)


def cell_outline(south, size=10):
    """The edge of a cell `size` degrees square from longitude 0, one point a degree,
    so that its curved sides count."""
    steps = range(size + 1)
    return (
        [(i, south) for i in steps]
        + [(size, south + i) for i in steps]
        + [(size - i, south + size) for i in steps]
        + [(0, south + size - i) for i in steps]
    )


@pytest.mark.parametrize("south", [0, 30, 60])
def test_equal_earth_keeps_areas(south):
    """A 10° by 10° cell covers as much of the map as of the unit sphere."""
    sphere = math.radians(10) * (math.sin(math.radians(south + 10)) - math.sin(math.radians(south)))

    projected = area([equal_earth(lon, lat) for lon, lat in cell_outline(south)])

    assert projected == pytest.approx(sphere, rel=1e-3)


def test_equal_earth_is_symmetric():
    x, y = equal_earth(45, 30)

    assert equal_earth(-45, -30) == pytest.approx((-x, -y))
    assert 0 < x and 0 < y


# Two unit squares side by side sharing arc 1 (their common edge), quantized with a
# scale of 0.5 degrees: arc 0 runs around the left square, arc 2 around the right one.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (11, 20) → (10, 20) → (10, 21) → (11, 21)
        [[2, 2], [0, -2]],  # (11, 21) → (11, 20)
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (11, 21) → (12, 21) → (12, 20) → (11, 20)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "001"},
                {"type": "MultiPolygon", "arcs": [[[2, -2]]], "id": "002"},
                {"type": None, "id": "003"},
            ],
        }
    },
}


def test_topojson_arcs_are_summed_and_scaled_into_degrees():
    arcs = decode_arcs(TOPOLOGY)

    assert arcs[0] == [(11, 20), (10, 20), (10, 21), (11, 21)]
    assert arcs[1] == [(11, 21), (11, 20)]


def test_topojson_rings_join_arcs_and_walk_negative_ones_backwards():
    arcs = decode_arcs(TOPOLOGY)
    left, right, empty = TOPOLOGY["objects"]["countries"]["geometries"]

    assert polygons(left, arcs) == [[[(11, 20), (10, 20), (10, 21), (11, 21), (11, 20)]]]
    # Arc ~1 is the shared edge walked from (11, 20) back up to (11, 21).
    assert polygons(right, arcs) == [[[(11, 21), (12, 21), (12, 20), (11, 20), (11, 21)]]]
    assert polygons(empty, arcs) == []


def test_an_unquantized_topology_is_read_as_it_is():
    topology = {"arcs": [[[1.5, 2.5], [3, 4]]]}

    assert decode_arcs(topology) == [[(1.5, 2.5), (3, 4)]]


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    island = [(178, -17), (-179, -17), (-179, -16), (178, -16)]

    assert crosses_antimeridian(island)
    assert not crosses_antimeridian([(10, 0), (20, 0), (20, 10)])
    west, east = cut_at_antimeridian(island)
    assert {x for x, _ in west} == {178, 180}
    assert {x for x, _ in east} == {-180, -179}


def test_simplifying_drops_points_on_the_line_and_keeps_the_ends():
    points = [(0, 0), (1, 0.1), (2, 0), (3, 5), (4, 0)]

    assert simplify(points, 0.5) == [(0, 0), (2, 0), (3, 5), (4, 0)]


def test_path_data_is_relative_and_drops_rings_that_rounding_flattened():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    flat = [(5, 5), (6, 5), (5, 5)]

    assert path_data([square, flat]) == "M0 0l10 0 0 10-10 0z"


def shapes_by_code():
    return {shape.code: shape for shape in world().shapes}


def rings(d):
    """The rings of path data as `path_data` writes it, each a list of points."""
    result = []
    for start, steps in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = map(int, re.findall(r"-?\d+", start))
        points = [(x, y)]
        numbers = list(map(int, re.findall(r"-?\d+", steps)))
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
        result.append(points)
    return result


def test_every_country_is_drawn_except_antarctica():
    codes = [shape.code for shape in world().shapes]

    assert len(world().shapes) == 176
    assert "AQ" not in codes
    assert {"DE", "LU", "CY", "HT", "RU", "FJ", "XK"} <= set(codes)
    assert len([code for code in codes if code]) == len(set(code for code in codes if code))


def test_russia_and_fiji_do_not_stretch_across_the_map():
    for code in ["RU", "FJ"]:
        for points in rings(shapes_by_code()[code].d):
            steps = [abs(x2 - x1) for (x1, _), (x2, _) in zip(points, points[1:])]
            assert max(steps) < 100, code


def test_the_world_is_computed_once_per_process():
    assert world() is world()


def test_small_countries_are_the_ones_that_get_a_dot():
    shapes = shapes_by_code()

    for code in ["LU", "CY", "HT"]:
        assert shapes[code].area < SMALL_AREA
    for code in ["DE", "FR", "TR"]:
        assert shapes[code].area > SMALL_AREA


def country(code, name, members):
    url = f"/countries/{code.lower()}/"
    return SimpleNamespace(code=code, name=name, members=members, get_absolute_url=lambda: url)


def test_the_map_links_members_and_names_the_rest_only_by_shape():
    drawn = world_map(
        [country("DE", "Germany", 2), country("LU", "Luxembourg", 1), country("FR", "France", 0)]
    )

    assert [(c.title, c.url, c.dot is not None) for c in drawn.members] == [
        ("Germany: 2 member organizations", "/countries/de/", False),
        ("Luxembourg: 1 member organization", "/countries/lu/", True),
    ]
    assert len(drawn.others) == 174
    assert drawn.undrawn == []


def test_a_member_country_the_map_cannot_draw_is_named_beneath_it():
    drawn = world_map([country("MT", "Malta", 1)])

    assert drawn.members == []
    assert [c.title for c in drawn.undrawn] == ["Malta: 1 member organization"]


def map_svg(client):
    html = client.get(reverse("members:overview")).content.decode()
    found = re.search(r'<svg viewBox="[^"]+" width="100%" role="group".*?</svg>', html, re.S)
    return found.group(0)


def test_each_seeded_member_country_is_a_titled_link_to_its_page(client, seed):
    svg = map_svg(client)

    links = re.findall(r'<a href="(/countries/[a-z]{2}/)"><title>([^<]+)</title>', svg)
    assert len(links) == 47
    assert ("/countries/de/", "Germany: 2 member organizations") in links
    assert ("/countries/tr/", "Turkey: 5 member organizations") in links
    assert ("/countries/lu/", "Luxembourg: 1 member organization") in links
    assert svg.count("<path ") == 176


def test_small_member_countries_carry_a_dot_drawn_over_the_rest(client, seed):
    svg = map_svg(client)

    links = re.findall(r'<a href="/countries/([a-z]{2})/">.*?</a>', svg, re.S)
    dotted = re.findall(
        r'<a href="/countries/([a-z]{2})/"><title>[^<]+</title><path d="[^"]+"/><circle ', svg
    )
    assert {"lu", "cy", "ht"} <= set(dotted)
    assert "de" not in dotted
    # The dotted countries come last, so that no neighbour drawn later covers a dot.
    assert links[-len(dotted) :] == dotted


def test_a_country_with_no_current_members_is_not_a_link(client, db):
    togo = make_country("TG", "Togo", "africa")
    make_organization(togo, name="Ancien Parti", since=2011, until=2014)

    svg = map_svg(client)

    assert "/countries/tg/" not in svg
    assert svg.count("<path ") == 176


def test_a_member_in_a_country_too_small_for_the_map_is_listed_under_it(client, db):
    malta = make_country("MT", "Malta", "europe")
    make_organization(malta, name="Partit", since=2019)

    html = client.get(reverse("members:overview")).content.decode()

    link = '<a href="/countries/mt/">Malta: 1 member organization</a>'
    assert f"Too small for this map: {link}." in html
