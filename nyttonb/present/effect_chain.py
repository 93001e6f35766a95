"""The effektkedja as a diagram: a self-contained inline SVG, with a Swedish text alternative.

Pure Python and deterministic: the same chain gives byte-identical SVG, with no scripts, no
external fonts and no requests, so a report shows it offline and prints it well.

Where the boxes and edges go is `nyttonb.present.effect_chain_layout` (columns by kind, ordered to
reduce crossings); this module draws that layout and describes the chain in words. Edges that
go back in the chain are drawn dashed; edges within a column bend out to its right.
"""

from __future__ import annotations

import hashlib
from html import escape
from typing import Final

from nyttonb.core.model import EffectChain, Node, NodeKind
from nyttonb.present import formatting as fmt
from nyttonb.present.effect_chain_layout import (
    BOX_WIDTH,
    COLUMN_GAP,
    FONT_SIZE,
    KIND_ORDER,
    LINE_HEIGHT,
    MARGIN,
    Box,
    Point,
    clean_text,
    layout_chain,
    ordered_nodes,
    route_edge,
    spread_ports,
    strip_control,
    unique_edges,
)
from nyttonb.present.theme import FONT

__all__ = ["describe_effect_chain", "effect_chain_html", "effect_chain_svg"]

EMPTY_NOTE: Final = "Ingen effektkedja är beskriven."

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


# --- description -------------------------------------------------------------------------


def _quoted(node: Node) -> str:
    return f"”{clean_text(node.label)}”"


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
    nodes = ordered_nodes(chain)
    by_id = {n.id: n for n in nodes}
    rank = {n.id: i for i, n in enumerate(nodes)}
    counts = []
    for kind in KIND_ORDER:
        k = sum(n.kind is kind for n in nodes)
        if k:
            singular, plural, _ = _FORMS[kind]
            counts.append(f"{k} {singular if k == 1 else plural}")
    sentences = [f"Effektkedjan har {len(nodes)} steg: {fmt.listed(counts)}."]
    edges = unique_edges(chain)
    for node in nodes:
        targets = sorted({v for u, v in edges if u == node.id}, key=rank.__getitem__)
        linked = targets or any(node.id in e for e in edges)
        subject = f"{_FORMS[node.kind][2].capitalize()} {_quoted(node)}"
        if targets:
            objects = [f"{_FORMS[by_id[t].kind][2]} {_quoted(by_id[t])}" for t in targets]
            sentences.append(f"{subject} leder till {fmt.listed(objects)}.")
        elif not linked:
            sentences.append(f"{subject} är inte kopplad till något annat steg.")
    return " ".join(sentences)


# --- edges -------------------------------------------------------------------------------


def _attr(text: str) -> str:
    """`text` escaped for an XML attribute, without the control characters XML cannot hold."""
    return escape(strip_control(text))


def _path(points: list[Point], same_column: bool) -> str:
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


def _self_loop(box: Box) -> str:
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
        f'<title id="{uid}-titel">{escape(clean_text(title))}</title>',
        f'<desc id="{uid}-beskrivning">{escape(desc)}</desc>',
    ]


def _box_svg(box: Box) -> str:
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
    layout = layout_chain(chain)
    parts = _open_svg(uid, layout.width, layout.height, title, desc)
    parts.append(
        f'<defs><marker id="{uid}-pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,1 L9,5 L0,9 z" fill="{EDGE_COLOUR}"/></marker></defs>'
    )
    parts += [_header_svg(c, kind) for c, kind in enumerate(layout.kinds)]
    edges = unique_edges(chain)
    routes = {(u, v): route_edge(layout, u, v) for u, v in edges}
    spread_ports(layout, routes)
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
    caption = f"{clean_text(title)}. Pilarna visar vad som leder till vad"
    kinds = {n.id: KIND_ORDER.index(n.kind) for n in chain.nodes}
    if any(kinds[u] > kinds[v] for u, v in chain.edges):
        caption += "; streckade pilar går bakåt i kedjan"
    return (
        '<figure class="nyttonb-effektkedja">\n'
        f"{effect_chain_svg(chain, title=title)}\n"
        f"<figcaption>{escape(caption)}.</figcaption>\n</figure>"
    )
