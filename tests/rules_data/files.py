"""The rules folder and the rule files this package added (shared by the tests here)."""

from __future__ import annotations

from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "rules"

# The files this package added; each must carry the full meta block, scope included.
NEW_FILES = [
    "thresholds/cn-cac-order11-2022.yaml",
    "entities/gbt-35273-2020.yaml",
    "exemptions/cn-cac-order16-2024-exemptions.yaml",
    "important_data/cn-bj-ftz-important-data-2024.yaml",
    "procedures/cn-cac-order11-2022-procedures.yaml",
    "procedures/cn-cac-order16-2024-procedures.yaml",
    "procedures/cn-fj-ftz-procedures-2025.yaml",
    "procedures/cn-sh-ftz-procedures-2025.yaml",
]
