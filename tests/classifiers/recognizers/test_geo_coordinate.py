"""GEO_COORDINATE: fine "lat,lon" pairs by value; coarse pairs and single degrees need a header."""

from __future__ import annotations

import random

import pytest

from outbound.classifiers.recognizers import GeoCoordinateRecognizer
from outbound.classifiers.recognizers.geo_coordinate import decimals

from .generators import coordinate
from .tables import found, verdict

REC = GeoCoordinateRecognizer()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("39.904200,116.407400", "value", id="pair"),
        pytest.param("39.9042, 116.4074", "value", id="comma-space"),
        pytest.param("39.9042，116.4074", "value", id="chinese-comma"),
        pytest.param("39.9042 ， 116.4074", "value", id="spaces-around-chinese-comma"),
        pytest.param("31.2304 121.4737", "value", id="space-separated"),
        pytest.param("116.4074,39.9042", "value", id="lon-lat-order"),
        pytest.param("-33.8688,151.2093", "value", id="southern-hemisphere"),
        pytest.param("39°54'15\"N 116°24'27\"E", "value", id="dms-letters-after"),
        pytest.param("39°54′15″N, 116°24′27″E", "value", id="dms-primes"),
        pytest.param("北纬39.9042° 东经116.4074°", "value", id="han-hemispheres"),
        pytest.param("N39.9042 E116.4074", "value", id="letters-before"),
        pytest.param("116.4074°E 39.9042°N", "value", id="hemispheres-lon-first"),
        pytest.param("39°54'N, 116°24'E", "value", id="degrees-minutes"),
        pytest.param("95°N 116°E", "no", id="hemisphere-latitude-over-90"),
        pytest.param("39°60'N 116°E", "no", id="sixty-minutes"),
        pytest.param("39.9042°N 40.1°N", "no", id="two-latitudes"),
        pytest.param("N39 E116", "no", id="hemispheres-without-degree-sign-or-decimals"),
        pytest.param("39.9,116.4", "header", id="coarse-pair"),
        pytest.param("12.50, 13.20", "header", id="two-prices"),
        pytest.param("31.2304", "header", id="single-degree"),
        pytest.param("-122.4194", "header", id="single-negative-degree"),
        pytest.param("95.1234,95.1234", "no", id="both-over-90"),
        pytest.param("39.9042,181.0000", "no", id="longitude-over-180"),
        pytest.param("0.000,0.000", "no", id="null-island"),
        pytest.param("200.5", "no", id="single-over-180"),
        pytest.param("12345.67", "no", id="amount"),
        pytest.param("39,116", "no", id="integers"),
        pytest.param("2024.01.05", "no", id="dotted-date"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "定位39.904200,116.407400附近", [("39.904200,116.407400", "value")], id="pair-in-chinese"
        ),
        pytest.param("坐标(31.2304, 121.4737)", [("31.2304, 121.4737", "value")], id="bracketed"),
        pytest.param("体温36.5，心率80", [], id="single-decimal-never-inside-text"),
        pytest.param("版本1.39.904,116.407", [], id="glued-to-dotted-run"),
    ],
)
def test_when_text_then_coordinates_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("39.904200,116.407400", 6),
        ("39.9,116.4074", 1),
        ("31.2304", 4),
        ("39,116.40", 0),
        ("", 0),
        ("39°54'15\"N 116°24'27\"E", 4),
        ("39°54'15.5\"N 116°24'27.25\"E", 5),
        ("39°54'N 116°24'E", 2),
        ("北纬39.9° 东经116.4074°", 1),
    ],
)
def test_when_text_then_decimals_of_least_precise_number(text: str, places: int) -> None:
    assert decimals(text) == places


@pytest.mark.parametrize("places", [3, 4, 6, 8])
def test_when_generated_pairs_then_decided_at_three_decimals_or_more(places: int) -> None:
    rng = random.Random(110)
    for _ in range(200):
        lat, lon = coordinate(rng, places)
        cell = f"{lat:.{places}f},{lon:.{places}f}"
        assert verdict(REC, cell) == "value", cell
        assert verdict(REC, f"{lat:.{places}f}") == "header"
