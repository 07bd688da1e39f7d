"""HTML from jinja2 templates (package data in templates/) and PDF from that HTML (WeasyPrint).

Charts are inline SVG images (data: URIs) and the CSS names the CJK font installed by Debian's
fonts-noto-cjk, so one HTML file is the whole report and its PDF looks the same.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path
from typing import Any


@functools.cache
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("outbound.reports", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = num
    env.filters["pct"] = pct
    return env


def num(value: Any) -> str:
    """12,345; None as an em dash (not measured / not declared)."""
    return "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}%}"


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render(template: str, **context: Any) -> str:
    return str(_env().get_template(template).render(**context))


def write_pdf(html: str, path: Path) -> Path:
    """The HTML as a PDF (A4, fonts embedded and subset by WeasyPrint)."""
    from weasyprint import HTML

    HTML(string=html, base_url=str(path.parent)).write_pdf(path)
    return path


def write_report(template: str, context: dict[str, Any], html_path: Path, pdf_path: Path) -> tuple[Path, Path]:
    html_path.parent.mkdir(parents=True, exist_ok=True)
    page = render(template, **context)
    html_path.write_text(page, encoding="utf-8")
    return html_path, write_pdf(page, pdf_path)
