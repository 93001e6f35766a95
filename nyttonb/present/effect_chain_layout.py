"""The layout of an effektkedja diagram: which box goes where, and where the edges run.

A small layered drawing (Sugiyama's method in brief): one column per kind of node, in the
order förändring → beteende → effekt → nytta → mål; an edge that skips columns gets a waypoint
in every column it passes, so it runs between boxes rather than through them; a few barycentre
sweeps order each column to reduce crossings (ties keep the input order). Labels are wrapped
with the advance widths of a Helvetica/Arial-like font, so the layout needs no font files.

Pure and deterministic; `nyttonb.present.effect_chain` draws the result as SVG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from nyttonb.core.model import EffectChain, Node, NodeKind
from nyttonb.errors import RenderError

__all__ = [
    "BOX_WIDTH",
    "COLUMN_GAP",
    "FONT_SIZE",
    "KIND_ORDER",
    "LINE_HEIGHT",
    "MARGIN",
    "PAD_X",
    "Box",
    "Layout",
    "Point",
    "clean_text",
    "layout_chain",
    "ordered_nodes",
    "route_edge",
    "spread_ports",
    "strip_control",
    "text_width",
    "unique_edges",
    "wrap_label",
]

KIND_ORDER: Final = (
    NodeKind.CHANGE,
    NodeKind.BEHAVIOUR,
    NodeKind.EFFECT,
    NodeKind.BENEFIT,
    NodeKind.GOAL,
)

FONT_SIZE: Final = 13.0
LINE_HEIGHT: Final = 17.0
BOX_WIDTH: Final = 156.0
PAD_X: Final = 10.0
PAD_Y: Final = 9.0
COLUMN_GAP: Final = 56.0
ROW_GAP: Final = 18.0
LANE: Final = 10.0
"""Height of the slot an edge takes when it passes through a column."""
MARGIN: Final = 14.0
HEADER: Final = 34.0
SWEEPS: Final = 8

# Advance widths in em of a Helvetica/Arial-like sans-serif, with a little to spare.
_NARROW: Final = frozenset("ijlI.,:;'|!")
_SEMI: Final = frozenset('ftr -()[]/"')
_WIDE: Final = frozenset("mwMWÅÄÖ%@")


def char_width(ch: str) -> float:
    """The approximate width of `ch` in em.

    >>> char_width("i") < char_width("a") < char_width("m")
    True
    """
    if ch in _NARROW:
        em = 0.26
    elif ch in _SEMI:
        em = 0.34
    elif ch in _WIDE:
        em = 0.86
    elif ch.isupper():
        em = 0.70
    else:
        em = 0.56
    return em * 1.04


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return sum(char_width(ch) for ch in text) * size


def wrap_label(label: str, max_width: float, size: float = FONT_SIZE) -> tuple[str, ...]:
    """Word-wrap `label` to lines no wider than `max_width` px; over-long words are split.

    >>> wrap_label("Färre rekommenderade brev till invånare", 120)
    ('Färre', 'rekommenderade', 'brev till invånare')
    """
    lines: list[str] = []
    line = ""
    for word in label.split():
        while text_width(word, size) > max_width:
            cut = max(1, _fitting(word, max_width, size))
            head, word = word[:cut], word[cut:]
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > max_width:
            lines.append(line)
            candidate = word
        line = candidate
    if line:
        lines.append(line)
    return tuple(lines) or ("",)


def _fitting(word: str, max_width: float, size: float) -> int:
    n = 0
    while n < len(word) and text_width(word[: n + 1], size) <= max_width:
        n += 1
    return n


# --- labels -------------------------------------------------------------------------------

_NOT_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_control(text: str) -> str:
    """`text` without the control characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def clean_text(text: str) -> str:
    """Text without the control characters XML cannot hold, whitespace collapsed."""
    return " ".join(strip_control(text).split())


# --- ordering -----------------------------------------------------------------------------

_Slot = tuple[str, int]
"""An entry in a column: ("", node index) for a box, (edge key, column) for a waypoint."""


@dataclass(frozen=True, slots=True)
class Box:
    """A node's box: its top-left corner, height and wrapped label lines."""

    node: Node
    x: float
    y: float
    height: float
    lines: tuple[str, ...]

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class Layout:
    """Where everything goes: the columns' kinds, the boxes by node id, the edges' waypoints."""

    kinds: tuple[NodeKind, ...]
    boxes: dict[str, Box]
    waypoints: dict[str, tuple[float, ...]]
    """Edge key → y of its waypoint in each column it passes, from left to right."""
    width: float
    height: float


def ordered_nodes(chain: EffectChain) -> list[Node]:
    """Nodes by kind in the chain's order, then in input order; ids checked."""
    seen: set[str] = set()
    for node in chain.nodes:
        if node.id in seen:
            raise RenderError(
                f"effect_chain: nod-id '{node.id}' används två gånger.",
                fix="Ge varje nod ett eget id.",
            )
        seen.add(node.id)
    for u, v in chain.edges:
        for end in (u, v):
            if end not in seen:
                raise RenderError(
                    f"effect_chain: pilen [{u}, {v}] går till en okänd nod '{end}'.",
                    fix="Välj en av " + ", ".join(sorted(seen)) + ".",
                )
    return sorted(chain.nodes, key=lambda n: KIND_ORDER.index(n.kind))


def unique_edges(chain: EffectChain) -> list[tuple[str, str]]:
    """The chain's edges, each once, in input order."""
    return list(dict.fromkeys(chain.edges))


def _key(u: str, v: str) -> str:
    return f"{u}\x00{v}"


def _columns(nodes: list[Node], edges: list[tuple[str, str]]) -> list[list[_Slot]]:
    """Each column's slots in their initial order: boxes in input order, then waypoints."""
    kinds = [k for k in KIND_ORDER if any(n.kind is k for n in nodes)]
    col = {n.id: kinds.index(n.kind) for n in nodes}
    columns: list[list[_Slot]] = [[] for _ in kinds]
    for i, n in enumerate(nodes):
        columns[col[n.id]].append(("", i))
    for u, v in edges:
        lo, hi = sorted((col[u], col[v]))
        for c in range(lo + 1, hi):
            columns[c].append((_key(u, v), c))
    return columns


def _links(
    nodes: list[Node], edges: list[tuple[str, str]], columns: list[list[_Slot]]
) -> list[list[tuple[_Slot, _Slot]]]:
    """For each pair of neighbouring columns, the segments between them (left, right)."""
    index = {n.id: i for i, n in enumerate(nodes)}
    where = {slot: c for c, column in enumerate(columns) for slot in column}
    links: list[list[tuple[_Slot, _Slot]]] = [[] for _ in columns[1:]]
    for u, v in edges:
        a, b = ("", index[u]), ("", index[v])
        if where[a] == where[b]:
            continue
        if where[a] > where[b]:
            a, b = b, a
        path = [a, *((_key(u, v), c) for c in range(where[a] + 1, where[b])), b]
        for c in range(where[a], where[b]):
            links[c].append((path[c - where[a]], path[c - where[a] + 1]))
    return links


def _crossings(columns: list[list[_Slot]], links: list[list[tuple[_Slot, _Slot]]]) -> int:
    total = 0
    for c, segments in enumerate(links):
        left = {s: i for i, s in enumerate(columns[c])}
        right = {s: i for i, s in enumerate(columns[c + 1])}
        pos = [(left[a], right[b]) for a, b in segments]
        total += sum(
            (a1 - a2) * (b1 - b2) < 0 for i, (a1, b1) in enumerate(pos) for a2, b2 in pos[i + 1 :]
        )
    return total


def _sweep(columns: list[list[_Slot]], links: list[list[tuple[_Slot, _Slot]]], down: bool) -> None:
    """One barycentre sweep, left to right (`down`) or right to left, in place."""
    order = range(1, len(columns)) if down else range(len(columns) - 2, -1, -1)
    for c in order:
        ref = columns[c - 1] if down else columns[c + 1]
        centre = {s: i - (len(ref) - 1) / 2 for i, s in enumerate(ref)}
        seg = links[c - 1] if down else links[c]
        near: dict[_Slot, list[float]] = {}
        for a, b in seg:
            mine, other = (b, a) if down else (a, b)
            near.setdefault(mine, []).append(centre[other])
        own = columns[c]
        mid = (len(own) - 1) / 2
        keys = []
        for i, slot in enumerate(own):
            ys = near.get(slot)
            keys.append((sum(ys) / len(ys) if ys else i - mid, i))
        columns[c] = [own[i] for _, i in sorted(keys)]


def _order(nodes: list[Node], edges: list[tuple[str, str]]) -> list[list[_Slot]]:
    columns = _columns(nodes, edges)
    links = _links(nodes, edges, columns)
    best, fewest = [list(c) for c in columns], _crossings(columns, links)
    for i in range(SWEEPS):
        if fewest == 0:
            break
        _sweep(columns, links, down=i % 2 == 0)
        n = _crossings(columns, links)
        if n < fewest:
            best, fewest = [list(c) for c in columns], n
    return best


def layout_chain(chain: EffectChain) -> Layout:
    """The chain laid out: columns by kind, ordered to reduce crossings, boxes centred."""
    nodes = ordered_nodes(chain)
    edges = unique_edges(chain)
    columns = _order(nodes, edges)
    kinds = tuple(k for k in KIND_ORDER if any(n.kind is k for n in nodes))
    lines = {i: wrap_label(clean_text(n.label), BOX_WIDTH - 2 * PAD_X) for i, n in enumerate(nodes)}

    def height(slot: _Slot) -> float:
        return LANE if slot[0] else len(lines[slot[1]]) * LINE_HEIGHT + 2 * PAD_Y

    def column_height(column: list[_Slot]) -> float:
        return sum(height(s) for s in column) + ROW_GAP * (len(column) - 1)

    tallest = max(column_height(c) for c in columns)
    boxes: dict[str, Box] = {}
    waypoints: dict[str, list[float]] = {}
    for c, column in enumerate(columns):
        x = MARGIN + c * (BOX_WIDTH + COLUMN_GAP)
        y = MARGIN + HEADER + (tallest - column_height(column)) / 2
        for slot in column:
            h = height(slot)
            if slot[0]:
                waypoints.setdefault(slot[0], []).append(y + h / 2)
            else:
                node = nodes[slot[1]]
                boxes[node.id] = Box(node, x, y, h, lines[slot[1]])
            y += h + ROW_GAP
    last = len(columns) - 1
    bends_right = any(
        u != v and boxes[u].x == boxes[v].x == MARGIN + last * (BOX_WIDTH + COLUMN_GAP)
        for u, v in edges
    )
    width = 2 * MARGIN + len(columns) * BOX_WIDTH + last * COLUMN_GAP + (36 if bends_right else 0)
    return Layout(
        kinds,
        boxes,
        {k: tuple(v) for k, v in waypoints.items()},
        width,
        MARGIN + HEADER + tallest + MARGIN,
    )


# --- edges --------------------------------------------------------------------------------

Point = tuple[float, float]


def route_edge(layout: Layout, u: str, v: str) -> list[Point]:
    """The points an edge passes, from `u` to `v`: box side, waypoints, box side."""
    a, b = layout.boxes[u], layout.boxes[v]
    if a.x == b.x:
        return [(a.x + BOX_WIDTH, a.cy), (b.x + BOX_WIDTH, b.cy)]
    forward = a.x < b.x
    left, right = (a, b) if forward else (b, a)
    points = [(left.x + BOX_WIDTH, left.cy)]
    x = left.x + BOX_WIDTH + COLUMN_GAP
    for y in layout.waypoints.get(_key(u, v), ()):
        points += [(x, y), (x + BOX_WIDTH, y)]
        x += BOX_WIDTH + COLUMN_GAP
    points.append((right.x, right.cy))
    return points if forward else points[::-1]


def spread_ports(layout: Layout, routes: dict[tuple[str, str], list[Point]]) -> None:
    """Spread the edges meeting one side of a box over that side, ordered by where they go."""
    sides: dict[tuple[str, float], list[tuple[float, int, tuple[str, str], int]]] = {}
    for n, ((u, v), points) in enumerate(routes.items()):
        if u == v:
            continue
        for end, node, other in ((0, u, points[1]), (-1, v, points[-2])):
            sides.setdefault((node, points[end][0]), []).append((other[1], n, (u, v), end))
    for (node, _), ends in sides.items():
        box = layout.boxes[node]
        step = min(9.0, (box.height - 10) / len(ends))
        for k, (_, _, edge, end) in enumerate(sorted(ends)):
            x, _y = routes[edge][end]
            routes[edge][end] = (x, box.cy + (k - (len(ends) - 1) / 2) * step)
