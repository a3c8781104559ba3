"""Charts and maps drawn on the server as SVG, from numbers the page also shows in a table.

Pure geometry: these functions turn numbers into shapes (positions and sizes in SVG user units); the templates draw
them (Jinja escapes every text), so a chart needs no JavaScript and no image library.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

#: ticks on a value axis (0 and this many more)
TICKS = 4


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 4, 5, 8 x 10^k (a whole number) that is at least ``value``: the top of an axis.

    >>> [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 95, 240)]
    [1, 1, 4, 8, 20, 100, 400]
    """
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 5, 8, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return int(10 * magnitude)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    #: where the plot area starts and ends (left, top, right, bottom)
    left: float
    top: float
    right: float
    bottom: float
    bars: tuple[Bar, ...]
    #: (y, value) of each horizontal grid line
    ticks: tuple[tuple[float, int], ...]
    #: (x of the group's centre, its label)
    groups: tuple[tuple[float, str], ...]


def bar_chart(groups: list[str], series: list[list[int]], *, width: int = 640, height: int = 280) -> BarChart:
    """Grouped bars: one group per label in ``groups``, in each group one bar per series (``series[s][g]`` is the
    value of series ``s`` in group ``g``).

    >>> chart = bar_chart(["jan", "feb"], [[4, 2], [1, 0]])
    >>> [(b.series, b.value, round(b.height)) for b in chart.bars]
    [(0, 4, 220), (1, 1, 55), (0, 2, 110), (1, 0, 0)]
    >>> [v for _, v in chart.ticks]
    [0, 1, 2, 3, 4]
    """
    left, top, right, bottom = 48.0, 12.0, width - 12.0, height - 48.0
    top_value = nice_ceiling(max((v for values in series for v in values), default=0))
    scale = (bottom - top) / top_value
    n_groups, n_series = max(len(groups), 1), max(len(series), 1)
    slot = (right - left) / n_groups
    bar_width = min(32.0, slot * 0.8 / n_series)
    bars, centres = [], []
    for g, name in enumerate(groups):
        centre = left + slot * (g + 0.5)
        centres.append((centre, name))
        start = centre - bar_width * n_series / 2
        for s, values in enumerate(series):
            h = values[g] * scale
            bars.append(Bar(x=start + s * bar_width, y=bottom - h, width=bar_width * 0.9, height=h, value=values[g],
                            series=s))
    step = top_value / TICKS
    ticks = tuple((bottom - i * step * scale, round(i * step)) for i in range(TICKS + 1)
                  if float(i * step).is_integer())
    return BarChart(width=width, height=height, left=left, top=top, right=right, bottom=bottom, bars=tuple(bars),
                    ticks=ticks, groups=tuple(centres))


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    radius: float
    name: str
    value: int


@dataclass(frozen=True)
class PlaceMap:
    width: int
    height: int
    points: tuple[MapPoint, ...]


def place_map(places: list[tuple[str, float, float, int]], *, width: int = 560, height: int = 420,
              largest: float = 28.0, smallest: float = 4.0, label_room: float = 100.0) -> PlaceMap:
    """Places (name, latitude, longitude, value) as circles on a flat map that fits ``width`` x ``height``, with
    ``label_room`` to the right for the names: east to the right, north up, distances true to scale around the
    middle (longitudes shrunk by the cosine of the latitude); a circle's area grows with its value.

    >>> m = place_map([("Zwolle", 52.5, 6.09, 100), ("Kampen", 52.55, 5.91, 25)], width=300, height=200)
    >>> [(p.name, p.x < 100, round(p.radius)) for p in m.points]
    [('Zwolle', False, 28), ('Kampen', True, 14)]
    """
    if not places:
        return PlaceMap(width=width, height=height, points=())
    lats = [lat for _, lat, _, _ in places]
    lons = [lon for _, _, lon, _ in places]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    margin = largest + 4
    scale = min((width - label_room - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    offset_x = (width - label_room - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2
    top_value = max((value for *_, value in places), default=0) or 1
    points = tuple(MapPoint(x=offset_x + (lon - min(lons)) * shrink * scale,
                            y=offset_y + (max(lats) - lat) * scale,
                            radius=max(smallest, largest * math.sqrt(value / top_value)) if value else smallest,
                            name=name, value=value)
                   for name, lat, lon, value in places)
    return PlaceMap(width=width, height=height, points=points)
