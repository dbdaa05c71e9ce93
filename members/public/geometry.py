"""Map geometry in plain Python: TopoJSON decoding, the Equal Earth projection, and
SVG path data, for the overview's world map (see worldmap.py).

TopoJSON (github.com/topojson/topojson-specification) stores each border once, as an
*arc* shared by the two countries it separates. A quantized file stores an arc's
points as integer steps from the previous point, which a `transform` (scale and
translate) turns back into degrees. A country's rings are its arcs joined end to end;
an arc index `~i` (a negative number) means arc `i` walked backwards.

Arcs are projected and simplified before the rings are joined, so two neighbours keep
the very same border and no gap opens between them.
"""

import math

# Equal Earth (Šavrič, Patterson & Jenny, 2018, doi:10.1080/13658816.2018.1504949):
# an equal-area projection, so a country's size on the map is its size on the ground.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    """(x, y) of a point given in degrees, for a sphere of radius 1; y grows northwards."""
    lam = math.radians(longitude)
    theta = math.asin(M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology):
    """Every arc of `topology` as a list of (longitude, latitude) in degrees."""
    transform = topology.get("transform")
    if transform is None:
        return [[tuple(point[:2]) for point in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes, arcs):
    """One closed ring from its arc indexes. Each arc begins where the previous one
    ended, so that shared point is kept once."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry, arcs):
    """The polygons of a TopoJSON geometry, each a list of rings (outer ring first)."""
    if geometry["type"] == "Polygon":
        return [[ring(indexes, arcs) for indexes in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(indexes, arcs) for indexes in polygon] for polygon in geometry["arcs"]]
    return []  # a null geometry: a feature without a shape


def crosses_antimeridian(ring):
    """Whether a ring (in degrees) steps across longitude ±180: Natural Earth draws
    Chukotka and Fiji whole, which a flat map must cut in two."""
    return any(abs(x2 - x1) > 180 for (x1, _), (x2, _) in zip(ring, ring[1:] + ring[:1]))


def cut_at_antimeridian(ring):
    """A ring that crosses longitude ±180, as the pieces on either side of it.

    The ring is first made continuous (179, -179 becomes 179, 181), then clipped to
    each side of the line (Sutherland–Hodgman), and the far side moved back by 360°.
    """
    unwrapped = [ring[0]]
    for x, y in ring[1:]:
        previous = unwrapped[-1][0]
        x += 360 * round((previous - x) / 360)
        unwrapped.append((x, y))
    line = 180 if max(x for x, _ in unwrapped) > 180 else -180
    near = clip(unwrapped, line, keep_below=line > 0)
    far = clip(unwrapped, line, keep_below=line < 0)
    shift = -360 if line > 0 else 360
    return [piece for piece in (near, [(x + shift, y) for x, y in far]) if len(piece) > 2]


def clip(ring, line, keep_below):
    """The part of a ring on one side of the meridian `line` (Sutherland–Hodgman)."""
    inside = (lambda x: x <= line) if keep_below else (lambda x: x >= line)
    kept = []
    for (x1, y1), (x2, y2) in zip(ring[-1:] + ring[:-1], ring):
        if inside(x2) != inside(x1):
            kept.append((line, y1 + (y2 - y1) * (line - x1) / (x2 - x1)))
        if inside(x2):
            kept.append((x2, y2))
    return kept


def simplify(points, tolerance):
    """Douglas–Peucker: drop the points closer than `tolerance` to the line that
    would replace them. The ends stay, so arcs still meet."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x, y = points[index]
            if length:
                d = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:  # a closed arc (an island): measure from its one end point
                d = math.hypot(x - x1, y - y1)
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep) if kept]


def area(points):
    """The area of a ring (shoelace formula), whatever its direction."""
    return abs(signed_area(points))


def signed_area(points):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1])) / 2


def centroid(points):
    """The centre of mass of a ring: where a dot marks a country too small to see."""
    twice = signed_area(points) * 2
    if not twice:
        xs, ys = zip(*points)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * twice), cy / (3 * twice)


def path_data(rings):
    """SVG path data for rings of integer points: each ring an absolute move, then
    relative lines (short numbers), closed with z. Repeated points are left out and
    rings that rounding has flattened to a line are dropped."""
    parts = []
    for points in rings:
        distinct = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(distinct) > 1 and distinct[-1] == distinct[0]:
            distinct.pop()
        if len(distinct) < 3:
            continue
        (x, y), steps = distinct[0], []
        for nx, ny in distinct[1:]:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{distinct[0][0]} {distinct[0][1]}l{' '.join(steps)}z")
    # "1 -2" reads the same as "1-2": a minus sign separates numbers by itself.
    return "".join(parts).replace(" -", "-")
