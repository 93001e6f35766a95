"""The effect chain diagram: well-formed, complete, ordered, deterministic, escaped, readable."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nyttonb.core.model import EffectChain, Node, NodeKind
from nyttonb.errors import RenderError
from nyttonb.present.effect_chain import (
    EDGE_COLOUR,
    EMPTY_NOTE,
    KIND_COLOURS,
    TEXT_COLOUR,
    describe_effect_chain,
    effect_chain_html,
    effect_chain_svg,
)
from nyttonb.present.effect_chain_layout import BOX_WIDTH, PAD_X, text_width, wrap_label

SVG = "{http://www.w3.org/2000/svg}"
K = NodeKind

NATTILLSYN = EffectChain(
    nodes=(
        Node("kamera", "Digital nattillsyn med trygghetskamera", K.CHANGE),
        Node("farre_besok", "Färre fysiska tillsynsbesök nattetid", K.BEHAVIOUR),
        Node("ostord", "Brukaren sover ostört hela natten", K.BEHAVIOUR),
        Node("resor", "Färre bilresor för nattpatrullen", K.EFFECT),
        Node("tid", "Kortare tid per tillsyn", K.EFFECT),
        Node("somn", "Bättre sömn och mindre oro hos brukaren", K.EFFECT),
        Node("bransle", "Minskade kostnader för drivmedel & leasing", K.BENEFIT),
        Node("personaltid", "Frigjord personaltid", K.BENEFIT),
        Node("trygghet", "Ökad trygghet och integritet", K.BENEFIT),
        Node("mal", "En god och hållbar äldreomsorg i Övertorneå kommun", K.GOAL),
    ),
    edges=(
        ("kamera", "farre_besok"),
        ("kamera", "ostord"),
        ("farre_besok", "resor"),
        ("farre_besok", "tid"),
        ("ostord", "somn"),
        ("resor", "bransle"),
        ("tid", "personaltid"),
        ("somn", "trygghet"),
        ("resor", "trygghet"),
        ("bransle", "mal"),
        ("personaltid", "mal"),
        ("trygghet", "mal"),
        ("kamera", "trygghet"),
    ),
)
"""A realistic ten-node chain, with an edge that skips two columns."""

WITH_FEEDBACK = EffectChain(
    NATTILLSYN.nodes,
    (*NATTILLSYN.edges, ("personaltid", "farre_besok"), ("tid", "resor"), ("tid", "tid")),
)
"""The same with an edge back in the chain, one within a column and a self-loop."""


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Node id → (x, y, width, height) of its box."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        if "data-node" in g.attrib:
            rect = g.find(f"{SVG}rect")
            assert rect is not None
            out[g.attrib["data-node"]] = tuple(
                float(rect.attrib[a]) for a in ("x", "y", "width", "height")
            )
    return out  # type: ignore[return-value]


def edge_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if "data-from" in p.attrib]


def overlap(a: tuple[float, ...], b: tuple[float, ...], space: float = 10) -> bool:
    """Whether two boxes overlap or come closer than `space` (room for the arrows between)."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return (
        ax < bx + bw + space
        and bx < ax + aw + space
        and ay < by + bh + space
        and by < ay + ah + space
    )


def contrast(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- structure --------------------------------------------------------------------------


def test_svg_is_well_formed_accessible_and_scales() -> None:
    root = parse(effect_chain_svg(NATTILLSYN, title="Effektkedja för nattillsyn"))
    assert root.tag == f"{SVG}svg"
    assert root.attrib["role"] == "img"
    assert root.attrib["width"] == "100%"
    _, _, w, h = (float(v) for v in root.attrib["viewBox"].split())
    assert w > 0 and h > 0
    assert f"max-width:{w:g}px" in root.attrib["style"]
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Effektkedja för nattillsyn"
    assert desc is not None and desc.text == describe_effect_chain(NATTILLSYN)
    assert root.attrib["aria-labelledby"].split() == [title.attrib["id"], desc.attrib["id"]]


def test_every_node_has_one_box_inside_the_view_box() -> None:
    root = parse(effect_chain_svg(NATTILLSYN))
    found = boxes(root)
    assert sorted(found) == sorted(n.id for n in NATTILLSYN.nodes)
    _, _, w, h = (float(v) for v in root.attrib["viewBox"].split())
    for x, y, bw, bh in found.values():
        assert x >= 0 and x + bw <= w and y >= 0 and y + bh <= h


@pytest.mark.parametrize("chain", [NATTILLSYN, WITH_FEEDBACK], ids=["forward", "feedback"])
def test_every_edge_is_drawn_once_with_an_arrowhead(chain: EffectChain) -> None:
    root = parse(effect_chain_svg(chain))
    marker = root.find(f"{SVG}defs/{SVG}marker")
    assert marker is not None
    paths = edge_paths(root)
    assert sorted((p.attrib["data-from"], p.attrib["data-to"]) for p in paths) == sorted(
        set(chain.edges)
    )
    assert all(p.attrib["marker-end"] == f"url(#{marker.attrib['id']})" for p in paths)
    assert all(re.fullmatch(r"M[\d.,-]+( [CL][\d., -]+)+", p.attrib["d"]) for p in paths)


def test_duplicate_edges_are_drawn_once() -> None:
    chain = EffectChain(NATTILLSYN.nodes[:2], (("kamera", "farre_besok"),) * 3)
    assert len(edge_paths(parse(effect_chain_svg(chain)))) == 1


def test_columns_follow_the_chain_from_change_to_goal() -> None:
    reversed_input = EffectChain(NATTILLSYN.nodes[::-1], NATTILLSYN.edges)
    root = parse(effect_chain_svg(reversed_input))
    kind = {n.id: n.kind for n in NATTILLSYN.nodes}
    xs: dict[NodeKind, set[float]] = {}
    for node_id, (x, *_) in boxes(root).items():
        xs.setdefault(kind[node_id], set()).add(x)
    assert all(len(v) == 1 for v in xs.values()), "one column per kind"
    order = sorted(xs, key=lambda k: min(xs[k]))
    assert order == [K.CHANGE, K.BEHAVIOUR, K.EFFECT, K.BENEFIT, K.GOAL]
    headers = [t.text for t in root.findall(f"{SVG}text")]
    assert headers == ["Förändring", "Beteende", "Effekt", "Nytta", "Mål"]


def test_only_kinds_with_nodes_get_a_column() -> None:
    chain = EffectChain(
        (Node("a", "Ny e-tjänst", K.CHANGE), Node("b", "Mindre porto", K.BENEFIT)), (("a", "b"),)
    )
    root = parse(effect_chain_svg(chain))
    assert [t.text for t in root.findall(f"{SVG}text")] == ["Förändring", "Nytta"]
    (ax, *_), (bx, *_) = boxes(root)["a"], boxes(root)["b"]
    assert 0 < bx - ax < 2 * BOX_WIDTH


# --- layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("chain", [NATTILLSYN, WITH_FEEDBACK], ids=["forward", "feedback"])
def test_boxes_do_not_overlap(chain: EffectChain) -> None:
    found = list(boxes(parse(effect_chain_svg(chain))).values())
    assert not [(a, b) for a, b in itertools.combinations(found, 2) if overlap(a, b)]


def test_columns_are_ordered_to_avoid_crossings() -> None:
    # In input order the two edges cross; the layout puts b2 above b1.
    chain = EffectChain(
        (
            Node("a1", "A1", K.CHANGE),
            Node("a2", "A2", K.CHANGE),
            Node("b1", "B1", K.EFFECT),
            Node("b2", "B2", K.EFFECT),
        ),
        (("a1", "b2"), ("a2", "b1")),
    )
    y = {k: v[1] for k, v in boxes(parse(effect_chain_svg(chain))).items()}
    assert (y["a1"] < y["a2"]) == (y["b2"] < y["b1"])


def test_ties_keep_the_input_order() -> None:
    nodes = tuple(Node(f"n{i}", f"Effekt {i}", K.EFFECT) for i in range(4))
    y = {k: v[1] for k, v in boxes(parse(effect_chain_svg(EffectChain(nodes)))).items()}
    assert sorted(y, key=y.__getitem__) == ["n0", "n1", "n2", "n3"]


def test_an_edge_skipping_columns_runs_between_the_boxes() -> None:
    root = parse(effect_chain_svg(NATTILLSYN))
    found = boxes(root)
    (skip,) = [p for p in edge_paths(root) if p.attrib["data-to"] == "trygghet"
               and p.attrib["data-from"] == "kamera"]  # fmt: skip
    runs = re.findall(r"C[^ ]+ [^ ]+ ([\d.]+),([\d.]+) L([\d.]+),([\d.]+)", skip.attrib["d"])
    assert len(runs) == 2, "one straight run through each of the two columns it passes"
    for x0, y0, x1, y1 in ((float(v) for v in run) for run in runs):
        assert y0 == y1
        column = [b for b in found.values() if b[0] == x0 and b[0] + b[2] == x1]
        assert column, "the run spans a column of boxes"
        assert all(not (by <= y0 <= by + bh) for _, by, _, bh in column)


def test_edges_back_in_the_chain_are_dashed_and_explained() -> None:
    root = parse(effect_chain_svg(WITH_FEEDBACK))
    dashed = {(p.attrib["data-from"], p.attrib["data-to"]) for p in edge_paths(root)
              if "stroke-dasharray" in p.attrib}  # fmt: skip
    assert dashed == {("personaltid", "farre_besok")}
    assert "streckade pilar går bakåt" in effect_chain_html(WITH_FEEDBACK)
    assert "streckade" not in effect_chain_html(NATTILLSYN)


def test_labels_are_wrapped_to_fit_their_boxes() -> None:
    root = parse(effect_chain_svg(NATTILLSYN))
    for g in root.iter(f"{SVG}g"):
        if "data-node" in g.attrib:
            lines = [t.text or "" for t in g.iter(f"{SVG}tspan")]
            assert all(text_width(line) <= BOX_WIDTH - 2 * PAD_X for line in lines)
    label = {n.id: n.label for n in NATTILLSYN.nodes}["mal"]
    mal = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("data-node") == "mal")
    assert " ".join(t.text or "" for t in mal.iter(f"{SVG}tspan")) == label


@pytest.mark.parametrize(
    ("label", "width", "expected"),
    [
        ("Frigjord tid", 200, ("Frigjord tid",)),
        ("Färre rekommenderade brev", 120, ("Färre", "rekommenderade", "brev")),
        ("  många   mellanslag ", 300, ("många mellanslag",)),
        ("", 100, ("",)),
        ("Handläggningstidsförkortning", 80, ("Handläggnin", "gstidsförkort", "ning")),
        ("Ny Handläggningstidsförkortning", 80, ("Ny", "Handläggnin", "gstidsförkort", "ning")),
    ],
)
def test_wrap_label(label: str, width: float, expected: tuple[str, ...]) -> None:
    assert wrap_label(label, width) == expected


def test_text_and_headers_meet_wcag_aa_contrast() -> None:
    for fill, accent in KIND_COLOURS.values():
        assert contrast(TEXT_COLOUR, fill) >= 7
        assert contrast(accent, "#FFFFFF") >= 4.5  # headers on the page
        assert contrast(accent, fill) >= 3  # box borders (non-text contrast)
    assert contrast(EDGE_COLOUR, "#FFFFFF") >= 4.5


@settings(max_examples=200, deadline=None)
@given(st.text(), st.floats(20, 400))
def test_wrapped_lines_fit_and_keep_every_word(label: str, width: float) -> None:
    lines = wrap_label(label, width)
    assert all(text_width(line) <= width or len(line) == 1 for line in lines)
    assert "".join("".join(lines).split()) == "".join(label.split())
    if all(text_width(word) <= width for word in label.split()):
        assert " ".join(lines).split() == label.split()


# --- determinism and safety ---------------------------------------------------------------


def test_same_chain_gives_byte_identical_svg() -> None:
    copy = EffectChain(tuple(Node(n.id, n.label, n.kind) for n in WITH_FEEDBACK.nodes),
                       tuple(WITH_FEEDBACK.edges))  # fmt: skip
    assert effect_chain_svg(WITH_FEEDBACK) == effect_chain_svg(copy)
    other = EffectChain(WITH_FEEDBACK.nodes[:-1], WITH_FEEDBACK.edges[:4])
    ids = {re.search(r'marker id="([^"]+)"', effect_chain_svg(c))[1]  # type: ignore[index]
           for c in (WITH_FEEDBACK, other)}  # fmt: skip
    assert len(ids) == 2, "distinct diagrams on one page get distinct ids"


def test_svg_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "from tests.present.test_effect_chain import WITH_FEEDBACK;"
        "from nyttonb.present.effect_chain import effect_chain_html;"
        "print(effect_chain_html(WITH_FEEDBACK))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_labels_and_ids_are_escaped() -> None:
    evil = "<script>alert(1)</script>"
    chain = EffectChain(
        (
            Node('a"&<x>', evil, K.CHANGE),
            Node("b", "Tid & pengar\x00 <b>fet</b>", K.BENEFIT),
        ),
        (('a"&<x>', "b"),),
    )
    svg = effect_chain_svg(chain, title="Kedja <i>&</i>")
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)
    assert [e.tag for e in root.iter() if not e.tag.startswith(SVG)] == []
    assert {e.tag.removeprefix(SVG) for e in root.iter()} <= {
        "svg", "title", "desc", "defs", "marker", "path", "g", "rect", "text", "tspan",
    }  # fmt: skip
    found = boxes(root)
    assert set(found) == {'a"&<x>', "b"}
    b = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("data-node") == "b")
    assert " ".join(t.text or "" for t in b.iter(f"{SVG}tspan")) == "Tid & pengar <b>fet</b>"
    a = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("data-node") == 'a"&<x>')
    assert "".join(t.text or "" for t in a.iter(f"{SVG}tspan")) == evil
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Kedja <i>&</i>"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and f"”{evil}”" in (desc.text or "")
    html = effect_chain_html(chain, title="Kedja <i>&</i>")
    assert "<script" not in html and "<i>" not in html


# --- description, html and errors -------------------------------------------------------


def test_description_tells_the_chain_in_swedish() -> None:
    chain = EffectChain(
        (
            Node("sdk", "Meddelanden via SDK", K.CHANGE),
            Node("post", "Färre rekommenderade brev", K.EFFECT),
            Node("porto", "Lägre portokostnad", K.BENEFIT),
            Node("tid", "Frigjord handläggartid", K.BENEFIT),
            Node("mal", "Effektiv förvaltning", K.GOAL),
            Node("los", "Nöjdare invånare", K.GOAL),
        ),
        (("sdk", "post"), ("post", "tid"), ("post", "porto"), ("porto", "mal"), ("tid", "mal")),
    )
    assert describe_effect_chain(chain) == (
        "Effektkedjan har 6 steg: 1 förändring, 1 effekt, 2 nyttor och 2 mål. "
        "Förändringen ”Meddelanden via SDK” leder till effekten ”Färre rekommenderade brev”. "
        "Effekten ”Färre rekommenderade brev” leder till nyttan ”Lägre portokostnad” och "
        "nyttan ”Frigjord handläggartid”. "
        "Nyttan ”Lägre portokostnad” leder till målet ”Effektiv förvaltning”. "
        "Nyttan ”Frigjord handläggartid” leder till målet ”Effektiv förvaltning”. "
        "Målet ”Nöjdare invånare” är inte kopplad till något annat steg."
    )


def test_html_is_a_figure_with_caption() -> None:
    html = effect_chain_html(NATTILLSYN, title="Effektkedja för nattillsyn")
    figure = ET.fromstring(html)
    assert figure.tag == "figure"
    assert [c.tag for c in figure] == [f"{SVG}svg", "figcaption"]
    caption = figure.find("figcaption")
    assert caption is not None
    assert caption.text == "Effektkedja för nattillsyn. Pilarna visar vad som leder till vad."


def test_empty_chain_gives_a_short_note() -> None:
    empty = EffectChain()
    assert describe_effect_chain(empty) == EMPTY_NOTE == "Ingen effektkedja är beskriven."
    assert effect_chain_html(empty) == f'<p class="nyttonb-note">{EMPTY_NOTE}</p>'
    root = parse(effect_chain_svg(empty))
    assert [t.text for t in root.findall(f"{SVG}text")] == [EMPTY_NOTE]
    assert root.attrib["role"] == "img"


def test_edge_to_unknown_node_is_an_error_that_lists_the_nodes() -> None:
    chain = EffectChain(NATTILLSYN.nodes[:2], (("kamera", "farre_besk"),))
    with pytest.raises(RenderError, match="okänd nod 'farre_besk'") as info:
        effect_chain_svg(chain)
    assert info.value.fix == "Välj en av farre_besok, kamera."


def test_duplicate_node_id_is_an_error() -> None:
    chain = EffectChain((Node("a", "A", K.CHANGE), Node("a", "B", K.EFFECT)))
    with pytest.raises(RenderError, match="'a' används två gånger"):
        describe_effect_chain(chain)


# --- invariants on arbitrary chains ---------------------------------------------------------


@st.composite
def chains(draw: st.DrawFn) -> EffectChain:
    n = draw(st.integers(1, 12))
    kinds = draw(st.lists(st.sampled_from(list(K)), min_size=n, max_size=n))
    labels = draw(st.lists(st.text(max_size=60), min_size=n, max_size=n))
    nodes = tuple(Node(f"n{i}", labels[i], kinds[i]) for i in range(n))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = tuple((f"n{a}", f"n{b}") for a, b in draw(st.lists(pairs, max_size=20)))
    return EffectChain(nodes, edges)


@settings(max_examples=60, deadline=None)
@given(chains())
def test_any_chain_gives_well_formed_svg_with_every_node_and_edge(chain: EffectChain) -> None:
    svg = effect_chain_svg(chain)
    assert svg == effect_chain_svg(chain)
    root = parse(svg)
    found = boxes(root)
    assert sorted(found) == sorted(n.id for n in chain.nodes)
    drawn = {(p.attrib["data-from"], p.attrib["data-to"]) for p in edge_paths(root)}
    assert drawn == set(chain.edges)
    assert len(edge_paths(root)) == len(drawn)
    assert not [(a, b) for a, b in itertools.combinations(found.values(), 2) if overlap(a, b)]
