"""The text of `outbound classify --explain`: the evidence the column vote kept (counts and masks only)."""

from __future__ import annotations

from collections.abc import Sequence

from outbound.common.masking import printable, redact
from outbound.common.records import FileClassification


def explain_text(files: Sequence[FileClassification]) -> str:
    """The text of `outbound classify --explain`: one block per column, counts and masks only."""
    lines: list[str] = []
    for f in files:
        lines.append(f"{printable(f.path)} ({f.format}, {f.rows_sampled} rows sampled)")
        for c in f.columns:
            label = f"{c.entity} [{c.category.value if c.category else 'no category'}]" if c.entity else "nothing"
            extra = f" also {', '.join(c.entities[1:])}" if len(c.entities) > 1 else ""
            lines.append(f"  {redact(c.column)}: {label}{extra}  score={c.score:.2f} share={c.matched_share:.2f}")
            if c.minor_share:
                lines.append(f"    minors: {c.minor_share:.1%} of cells are of persons under the age line")
            why = c.explain
            if why is None:
                continue
            hint = ", ".join(why.header_refs) if why.header_refs else "no hint"
            lines.append(f"    header {why.header!r}: {hint}")
            lines.append(f"    cells: {why.cells} non-empty, {why.distinct} distinct, {why.text_cells} free text;"
                         f" thresholds from {why.entity_rules}")
            for e in why.candidates:
                verdict = "PASS" if e.passed else "fail"
                lines.append(
                    f"    {verdict} {e.entity}: proposed {e.proposed}, validated {e.validated}"
                    + (f", in text {e.in_text}" if e.in_text else "")
                    + f", share {e.share:.2f} vs {e.threshold_name} {e.threshold:.2f}"
                    + (f"; e.g. {' '.join(e.examples)}" if e.examples else "")
                    + (f" ({e.note})" if e.note else "")
                )
    return "\n".join(lines)
