"""The effektkedja as a diagram: a self-contained inline SVG, with a Swedish text alternative.

Pure Python and deterministic: the same chain gives byte-identical SVG, with no scripts, no
external fonts and no requests, so a report shows it offline and prints it well.

The layout is a small layered drawing (Sugiyama's method in brief): one column per kind of
node, in the order förändring → beteende → effekt → nytta → mål; an edge that skips columns
gets a waypoint in every column it passes, so it runs between boxes rather than through them;
a few barycentre sweeps order each column to reduce crossings (ties keep the input order).
Edges that go back in the chain are drawn dashed; edges within a column bend out to its right.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape
from typing import Final

from nyttonb.errors import RenderError
from nyttonb.model import EffectChain, Node, NodeKind

__all__ = ["describe_effect_chain", "effect_chain_html", "effect_chain_svg"]

EMPTY_NOTE: Final = "Ingen effektkedja är beskriven."

KIND_ORDER: Final = (
    NodeKind.CHANGE,
    NodeKind.BEHAVIOUR,
    NodeKind.EFFECT,
    NodeKind.BENEFIT,
    NodeKind.GOAL,
)
HEADERS: Final = {kind: kind.value.capitalize() for kind in KIND_ORDER}
"""Column headers: Förändring, Beteende, Effekt, Nytta, Mål."""

# Swedish forms of each kind: singular, plural and definite singular (for the description).
_FORMS: Final = {
    NodeKind.CHANGE: ("förändring", "förändringar", "förändringen"),
    NodeKind.BEHAVIOUR: ("beteende", "beteenden", "beteendet"),
    NodeKind.EFFECT: ("effekt", "effekter", "effekten"),
    NodeKind.BENEFIT: ("nytta", "nyttor", "nyttan"),
    NodeKind.GOAL: ("mål", "mål", "målet"),
}

KIND_COLOURS: Final = {
    NodeKind.CHANGE: ("#DCEAF7", "#2C6399"),
    NodeKind.BEHAVIOUR: ("#EAE2F5", "#654593"),
    NodeKind.EFFECT: ("#FBEBD2", "#8F5A0B"),
    NodeKind.BENEFIT: ("#DDF0E4", "#27704A"),
    NodeKind.GOAL: ("#F8E0DF", "#A03A36"),
}
"""Kind → (soft fill, dark accent for border and header); text is `TEXT_COLOUR` on the fill."""

TEXT_COLOUR: Final = "#1F2328"
EDGE_COLOUR: Final = "#4B5563"
FONT: Final = "'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

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


# --- description -------------------------------------------------------------------------


def _quoted(node: Node) -> str:
    return f"”{_clean(node.label)}”"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def describe_effect_chain(chain: EffectChain) -> str:
    """The chain in Swedish prose: the text alternative of the diagram.

    >>> chain = EffectChain(
    ...     nodes=(Node("a", "Digital post", NodeKind.CHANGE), Node("b", "Mindre porto", NodeKind.BENEFIT)),
    ...     edges=(("a", "b"),),
    ... )
    >>> describe_effect_chain(chain)
    'Effektkedjan har 2 steg: 1 förändring och 1 nytta. Förändringen ”Digital post” leder till nyttan ”Mindre porto”.'
    """  # noqa: E501
    if not chain.nodes:
        return EMPTY_NOTE
    nodes = _ordered_nodes(chain)
    by_id = {n.id: n for n in nodes}
    rank = {n.id: i for i, n in enumerate(nodes)}
    counts = []
    for kind in KIND_ORDER:
        k = sum(n.kind is kind for n in nodes)
        if k:
            singular, plural, _ = _FORMS[kind]
            counts.append(f"{k} {singular if k == 1 else plural}")
    sentences = [f"Effektkedjan har {len(nodes)} steg: {_join(counts)}."]
    edges = _edges(chain)
    for node in nodes:
        targets = sorted({v for u, v in edges if u == node.id}, key=rank.__getitem__)
        linked = targets or any(node.id in e for e in edges)
        subject = f"{_FORMS[node.kind][2].capitalize()} {_quoted(node)}"
        if targets:
            objects = [f"{_FORMS[by_id[t].kind][2]} {_quoted(by_id[t])}" for t in targets]
            sentences.append(f"{subject} leder till {_join(objects)}.")
        elif not linked:
            sentences.append(f"{subject} är inte kopplad till något annat steg.")
    return " ".join(sentences)


# --- layout ------------------------------------------------------------------------------

_Slot = tuple[str, int]
"""An entry in a column: ("", node index) for a box, (edge key, column) for a waypoint."""


@dataclass(frozen=True, slots=True)
class _Box:
    node: Node
    x: float
    y: float
    height: float
    lines: tuple[str, ...]

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class _Layout:
    kinds: tuple[NodeKind, ...]
    boxes: dict[str, _Box]
    waypoints: dict[str, tuple[float, ...]]
    """Edge key → y of its waypoint in each column it passes, from left to right."""
    width: float
    height: float


_NOT_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _attr(text: str) -> str:
    """`text` escaped for an XML attribute, without the control characters XML cannot hold."""
    return escape(_NOT_XML.sub("", text))


def _clean(text: str) -> str:
    """Text without the control characters XML cannot hold, whitespace collapsed."""
    return " ".join(_NOT_XML.sub("", text).split())


def _ordered_nodes(chain: EffectChain) -> list[Node]:
    """Nodes by kind in the chain's order, then in input order; ids checked."""
    seen: set[str] = set()
    for node in chain.nodes:
        if node.id in seen:
            raise RenderError(
                f"effect_chain: node id '{node.id}' is used twice.",
                fix="Give every node its own id.",
            )
        seen.add(node.id)
    for u, v in chain.edges:
        for end in (u, v):
            if end not in seen:
                raise RenderError(
                    f"effect_chain: edge [{u}, {v}] names an unknown node '{end}'.",
                    fix="Choose one of: " + ", ".join(sorted(seen)) + ".",
                )
    return sorted(chain.nodes, key=lambda n: KIND_ORDER.index(n.kind))


def _edges(chain: EffectChain) -> list[tuple[str, str]]:
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


def _layout(chain: EffectChain) -> _Layout:
    nodes = _ordered_nodes(chain)
    edges = _edges(chain)
    columns = _order(nodes, edges)
    kinds = tuple(k for k in KIND_ORDER if any(n.kind is k for n in nodes))
    lines = {i: wrap_label(_clean(n.label), BOX_WIDTH - 2 * PAD_X) for i, n in enumerate(nodes)}

    def height(slot: _Slot) -> float:
        return LANE if slot[0] else len(lines[slot[1]]) * LINE_HEIGHT + 2 * PAD_Y

    def column_height(column: list[_Slot]) -> float:
        return sum(height(s) for s in column) + ROW_GAP * (len(column) - 1)

    tallest = max(column_height(c) for c in columns)
    boxes: dict[str, _Box] = {}
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
                boxes[node.id] = _Box(node, x, y, h, lines[slot[1]])
            y += h + ROW_GAP
    last = len(columns) - 1
    bends_right = any(
        u != v and boxes[u].x == boxes[v].x == MARGIN + last * (BOX_WIDTH + COLUMN_GAP)
        for u, v in edges
    )
    width = 2 * MARGIN + len(columns) * BOX_WIDTH + last * COLUMN_GAP + (36 if bends_right else 0)
    return _Layout(
        kinds,
        boxes,
        {k: tuple(v) for k, v in waypoints.items()},
        width,
        MARGIN + HEADER + tallest + MARGIN,
    )


# --- edges -------------------------------------------------------------------------------

_Point = tuple[float, float]


def _route(layout: _Layout, u: str, v: str) -> list[_Point]:
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


def _spread_ports(layout: _Layout, routes: dict[tuple[str, str], list[_Point]]) -> None:
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


def _path(points: list[_Point], same_column: bool) -> str:
    """SVG path data: horizontal-tangent cubic curves across gaps, lines through columns."""
    (x0, y0), *rest = points
    d = [f"M{_n(x0)},{_n(y0)}"]
    if same_column:
        (x1, y1) = rest[0]
        bend = min(COLUMN_GAP * 0.7, 26 + abs(y1 - y0) * 0.15)
        d.append(f"C{_n(x0 + bend)},{_n(y0)} {_n(x1 + bend)},{_n(y1)} {_n(x1)},{_n(y1)}")
        return " ".join(d)
    for i, (x1, y1) in enumerate(rest):
        if i % 2 == 0:
            xm = (x0 + x1) / 2
            d.append(f"C{_n(xm)},{_n(y0)} {_n(xm)},{_n(y1)} {_n(x1)},{_n(y1)}")
        else:
            d.append(f"L{_n(x1)},{_n(y1)}")
        x0, y0 = x1, y1
    return " ".join(d)


def _self_loop(box: _Box) -> str:
    x, y = box.x + BOX_WIDTH, box.cy
    far = _n(x + 30)
    return f"M{_n(x)},{_n(y - 6)} C{far},{_n(y - 24)} {far},{_n(y + 24)} {_n(x)},{_n(y + 6)}"


def _n(value: float) -> str:
    """A coordinate, short and stable: at most one decimal."""
    return f"{round(value, 1):g}"


# --- SVG ---------------------------------------------------------------------------------


def _uid(chain: EffectChain, title: str) -> str:
    """An id prefix derived from the content: stable, and distinct for distinct diagrams."""
    text = repr((title, chain.nodes, chain.edges)).encode()
    return "nyttonb-ek-" + hashlib.sha1(text, usedforsecurity=False).hexdigest()[:10]


def _open_svg(uid: str, width: float, height: float, title: str, desc: str) -> list[str]:
    w, h = _n(width), _n(height)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nyttonb-effektkedja" role="img" '
        f'aria-labelledby="{uid}-titel {uid}-beskrivning" viewBox="0 0 {w} {h}" width="100%" '
        f'style="max-width:{w}px;height:auto;display:block" '
        f'font-family="{escape(FONT)}" font-size="{_n(FONT_SIZE)}" fill="{TEXT_COLOUR}">',
        f'<title id="{uid}-titel">{escape(_clean(title))}</title>',
        f'<desc id="{uid}-beskrivning">{escape(desc)}</desc>',
    ]


def _box_svg(box: _Box) -> str:
    fill, accent = KIND_COLOURS[box.node.kind]
    cx = box.x + BOX_WIDTH / 2
    first = box.cy - (len(box.lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{_n(cx)}" y="{_n(first + i * LINE_HEIGHT)}">{escape(line)}</tspan>'
        for i, line in enumerate(box.lines)
    )
    return (
        f'<g data-node="{_attr(box.node.id)}" data-kind="{box.node.kind.value}">'
        f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(BOX_WIDTH)}" '
        f'height="{_n(box.height)}" rx="8" fill="{fill}" stroke="{accent}" stroke-width="1.2"/>'
        f'<text text-anchor="middle" dominant-baseline="central">{spans}</text></g>'
    )


def _header_svg(c: int, kind: NodeKind) -> str:
    x = MARGIN + c * (BOX_WIDTH + COLUMN_GAP)
    _, accent = KIND_COLOURS[kind]
    return (
        f'<text x="{_n(x + BOX_WIDTH / 2)}" y="{_n(MARGIN + 12)}" text-anchor="middle" '
        f'font-weight="bold" fill="{accent}">{HEADERS[kind]}</text>'
        f'<rect x="{_n(x)}" y="{_n(MARGIN + 22)}" width="{_n(BOX_WIDTH)}" height="3" '
        f'rx="1.5" fill="{accent}"/>'
    )


def effect_chain_svg(chain: EffectChain, *, title: str = "Effektkedja") -> str:
    """The effect chain as a self-contained, deterministic inline SVG.

    Columns by kind (förändring → mål), rounded boxes with wrapped labels, curved arrows along
    the edges; edges back in the chain are dashed. `role="img"` with a <title> and a <desc>
    (`describe_effect_chain`). An empty chain gives a small SVG with a short note.

    >>> svg = effect_chain_svg(EffectChain((Node("a", "Digital post", NodeKind.CHANGE),)))
    >>> svg.startswith("<svg") and 'role="img"' in svg and "Förändring" in svg
    True
    """
    uid = _uid(chain, title)
    desc = describe_effect_chain(chain)
    if not chain.nodes:
        parts = _open_svg(uid, 320, 40, title, desc)
        parts.append(f'<text x="0" y="24">{escape(EMPTY_NOTE)}</text></svg>')
        return "\n".join(parts)
    layout = _layout(chain)
    parts = _open_svg(uid, layout.width, layout.height, title, desc)
    parts.append(
        f'<defs><marker id="{uid}-pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,1 L9,5 L0,9 z" fill="{EDGE_COLOUR}"/></marker></defs>'
    )
    parts += [_header_svg(c, kind) for c, kind in enumerate(layout.kinds)]
    edges = _edges(chain)
    routes = {(u, v): _route(layout, u, v) for u, v in edges}
    _spread_ports(layout, routes)
    parts.append(f'<g fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.5">')
    for (u, v), points in routes.items():
        a, b = layout.boxes[u], layout.boxes[v]
        d = _self_loop(a) if u == v else _path(points, a.x == b.x)
        dash = ' stroke-dasharray="5 4"' if a.x > b.x else ""
        parts.append(
            f'<path data-from="{_attr(u)}" data-to="{_attr(v)}" d="{d}"{dash} '
            f'marker-end="url(#{uid}-pil)"/>'
        )
    parts.append("</g>")
    parts += [_box_svg(layout.boxes[n.id]) for n in chain.nodes]
    parts.append("</svg>")
    return "\n".join(parts)


def effect_chain_html(chain: EffectChain, *, title: str = "Effektkedja") -> str:
    """The diagram in a <figure> with a <figcaption>, or a short note when there is no chain.

    >>> effect_chain_html(EffectChain())
    '<p class="nyttonb-note">Ingen effektkedja är beskriven.</p>'
    """
    if not chain.nodes:
        return f'<p class="nyttonb-note">{escape(EMPTY_NOTE)}</p>'
    caption = f"{_clean(title)}. Pilarna visar vad som leder till vad"
    kinds = {n.id: KIND_ORDER.index(n.kind) for n in chain.nodes}
    if any(kinds[u] > kinds[v] for u, v in chain.edges):
        caption += "; streckade pilar går bakåt i kedjan"
    return (
        '<figure class="nyttonb-effektkedja">\n'
        f"{effect_chain_svg(chain, title=title)}\n"
        f"<figcaption>{escape(caption)}.</figcaption>\n</figure>"
    )
