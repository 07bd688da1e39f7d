"""Run compiled specs with Great Expectations 1.x on pandas frames; optionally build Data Docs.

GX is imported here only, lazily (~4 s). An ephemeral context holds one pandas data source, one
asset and suite per frame; each suite runs through a checkpoint so that Data Docs, when asked
for, are written to a folder we choose. Progress bars and analytics are off. The frames hold
labels, counts and value shapes only, so nothing GX stores or renders can hold a raw value.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from outbound.expectations.builders import Spec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpecResult:
    spec: Spec
    success: bool
    element_count: int
    unexpected_count: int
    unexpected_rows: tuple[Any, ...]  # the frame's `row` values that failed
    error: str | None = None  # GX could not evaluate the expectation


def _context(docs_dir: Path | None) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.ERROR)  # the second sets itself to INFO on import
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    for site in list(ctx.variables.data_docs_sites or {}):
        ctx.delete_data_docs_site(site)  # the default site would write to a temp folder
    if docs_dir is not None:
        ctx.add_data_docs_site("outbound", {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })  # fmt: skip
    return ctx


class Session:
    """One GX context; several spot checks may share it to build one Data Docs site."""

    def __init__(self, docs_dir: Path | None = None) -> None:
        self.docs_dir = docs_dir
        self.ctx = _context(docs_dir)

    def finish(self) -> None:
        if self.docs_dir is not None:
            prune_static(self.docs_dir)
            drop_beacon(self.docs_dir)


_BEACON = re.compile(r"(logo-long\.png)\?d=[0-9TZ.]+")


def drop_beacon(site: Path) -> None:
    """GX pages fetch their logo with the build time appended (`?d=…`): drop the time."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if _BEACON.search(text):
            page.write_text(_BEACON.sub(r"\1", text), encoding="utf-8")


def prune_static(site: Path) -> None:
    """Delete the site's bundled images no page or stylesheet refers to (GX ships ~3 MB of GIFs)."""
    images = site / "static" / "images"
    if not images.is_dir():
        return
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.suffix in (".html", ".css")]
    for image in images.iterdir():
        if not any(image.name in page for page in pages):
            image.unlink()


def safe_name(text: str) -> str:
    """`text` with every run of characters other than letters, digits, `.`, `_` and `-` made one `_`."""
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "_"


def run_specs(
    specs: list[Spec],
    frames: dict[str, pd.DataFrame],
    *,
    suite_prefix: str,
    run_name: str,
    run_time: dt.datetime,
    docs_dir: Path | None = None,
    session: Session | None = None,
) -> list[SpecResult]:
    """Validate every spec against its frame; results in spec order."""
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.core.run_identifier import RunIdentifier

    # GX turns suite, checkpoint and run names into file paths of its Data Docs: an agency's filing
    # reference such as FJ/2026/001 would be a folder path. The names only label GX's files.
    suite_prefix, run_name = safe_name(suite_prefix), safe_name(run_name)
    own = session is None
    session = session or Session(docs_dir)
    ctx, docs_dir = session.ctx, session.docs_dir
    source = ctx.data_sources.add_pandas(suite_prefix)
    results: dict[int, SpecResult] = {}
    for frame_name in dict.fromkeys(s.frame for s in specs):
        mine = [(n, s) for n, s in enumerate(specs) if s.frame == frame_name]
        frame = frames[frame_name].reset_index(drop=True)
        batch = source.add_dataframe_asset(frame_name).add_batch_definition_whole_dataframe("whole frame")
        suite = ctx.suites.add(gx.ExpectationSuite(name=f"{suite_prefix}-{frame_name}",
                                                   meta={"frame": frame_name}))
        for n, spec in mine:
            notes = [f"filing entry `{spec.filing_ref}`: {spec.label}", f"rule: {spec.rule}"]
            suite.add_expectation(getattr(gxe, spec.expectation)(**spec.kwargs, meta={**spec.meta, "spec": n},
                                                                notes=notes))
        definition = ctx.validation_definitions.add(
            gx.ValidationDefinition(data=batch, suite=suite, name=f"{suite_prefix}-{frame_name}"))
        actions: list[Any] = (
            [gx.checkpoint.UpdateDataDocsAction(name="data docs", site_names=["outbound"])] if docs_dir else [])
        checkpoint = ctx.checkpoints.add(gx.Checkpoint(
            name=f"{suite_prefix}-{frame_name}", validation_definitions=[definition], actions=actions,
            result_format={"result_format": "COMPLETE", "partial_unexpected_count": 20}))
        run_id = RunIdentifier(run_name=run_name, run_time=run_time)
        outcome = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
        validation = next(iter(outcome.run_results.values()))
        for res in validation.results:
            n = int(res.expectation_config.meta["spec"])
            results[n] = _result(specs[n], res, frame)
        log.info("validated %s: %d expectations, %d failed", frame_name, len(mine),
                 sum(not results[n].success for n, _ in mine))
    if own:
        session.finish()
    return [results[n] for n in range(len(specs))]


def _result(spec: Spec, res: Any, frame: pd.DataFrame) -> SpecResult:
    info = res.exception_info or {}
    if info.get("raised_exception"):
        return SpecResult(spec, False, 0, 0, (), error=str(info.get("exception_message"))[:300])
    r = res.result or {}
    idx = r.get("unexpected_index_list") or []
    rows = tuple(frame.loc[i, "row"] for i in idx if isinstance(i, int) and i in frame.index)
    return SpecResult(spec, bool(res.success), int(r.get("element_count") or 0),
                      int(r.get("unexpected_count") or 0), rows)
