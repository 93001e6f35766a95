"""The shipped factor library: Inera's standard values, read once, looked up by name."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import pytest

from nyttonb.casefile.factors import LibraryFactor, library, library_version, lookup, read_library
from nyttonb.core.units import parse_unit
from nyttonb.errors import CaseFileError, NyttonbError


def test_library_holds_ineras_standard_values() -> None:
    factors = library()
    assert factors["timkostnad_underskoterska_omsorg"].value == 359
    assert factors["timkostnad_verksamhetsutvecklare"].value == 635
    assert factors["tid_invanare_fritid"].value == 101
    assert factors["arbetstimmar_per_ar"].unit == "h/år"
    assert factors["bransle_diesel"].unit == "kr/mil"


def test_every_library_factor_is_complete_and_named_like_a_case_factor() -> None:
    for name, factor in library().items():
        assert factor.name == name
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
        assert factor.label and factor.source and factor.group
        assert 1900 < factor.year < 2100
        parse_unit(factor.unit)


def test_library_is_read_once_and_read_only() -> None:
    assert library() is library()
    with pytest.raises(TypeError):
        library()["ny"] = library()["arbetstimmar_per_ar"]  # type: ignore[index]


def test_library_version_is_the_files_hash() -> None:
    data = resources.files("nyttonb").joinpath("data", "factors.yaml").read_bytes()
    assert library_version() == hashlib.sha256(data).hexdigest()[:12]
    assert re.fullmatch(r"[0-9a-f]{12}", library_version())


def test_lookup_suggests_the_closest_name() -> None:
    with pytest.raises(CaseFileError) as caught:
        lookup("timkostnad_underskoterska_omsorj")
    assert "menade du 'timkostnad_underskoterska_omsorg'?" in caught.value.message
    assert caught.value.fix == "Kör `nyttonb factors` för att se standardvärdena."


def test_lookup_in_another_library() -> None:
    mine = {"x": LibraryFactor("x", "X", "kr", 1.0, "Test", 2024, "Test")}
    assert lookup("x", mine).value == 1.0
    with pytest.raises(CaseFileError):
        lookup("arbetstimmar_per_ar", mine)


def test_read_library_parses_notes_and_rejects_malformed_entries() -> None:
    good = read_library(
        "a: {label: A, unit: kr/h, value: 1.5, source: S, year: 2024, group: G, note: N}\n",
        filename="lib.yaml",
    )
    assert good["a"] == LibraryFactor("a", "A", "kr/h", 1.5, "S", 2024, "G", "N")
    with pytest.raises(NyttonbError, match="biblioteksfaktorn 'b' är felaktig \\(value\\)"):
        read_library(
            "b: {label: B, unit: kr, value: '1', source: S, year: 2024, group: G}\n",
            filename="lib.yaml",
        )
    with pytest.raises(NyttonbError, match="inte nycklar med namn"):
        read_library("- a\n", filename="lib.yaml")
