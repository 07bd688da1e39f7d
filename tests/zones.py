"""Small zones the nightly-listing tests share."""

from __future__ import annotations

import random
from pathlib import Path

from outbound.demo.identifiers import make_bank_card


def one_export_zone(tmp_path: Path, seed: int = 5) -> tuple[Path, Path]:
    """A zone with one processor and one export of 30 e-mail + bank-card rows: (zone, export)."""
    zone = tmp_path / "zone"
    day = zone / "co" / "exports" / "2026-03-01"
    day.mkdir(parents=True)
    (zone / "co" / "processor.yaml").write_text("processor: {id: co}\nrecipients: [{name: HQ}]\n", encoding="utf-8")
    rng = random.Random(seed)
    export = day / "orders.csv"
    export.write_text(
        "email,card_no\n" + "".join(f"user{i}@example.com,{make_bank_card(rng)}\n" for i in range(30)), encoding="utf-8"
    )
    return zone, export
