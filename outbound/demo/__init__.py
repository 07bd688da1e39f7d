"""A synthetic free-trade-zone: three fictional processors and their outbound exports.

`generate_zone(root, seed=7)` writes byte-identical files for a given seed and returns a
`ZoneManifest` with the true distinct-person counts, against which scans can be checked.
All people are fictional: names come from Faker, identifiers from `identifiers.py`.
"""

from outbound.demo.truth import ProcessorTruth, ZoneManifest
from outbound.demo.zone import PROCESSORS, generate_zone

__all__ = ["PROCESSORS", "ProcessorTruth", "ZoneManifest", "generate_zone"]
