"""Looking at a report as a person would: the PDF's pages as images and its text layer (poppler),
the HTML in a real headless Chromium (layout measured in the page, a screenshot), and the fonts
that must hold every character shown (fontTools), so no missing-glyph box ("tofu") can appear."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
PROBE = """<script>
addEventListener('load', () => {
  const imgs = [...document.images];
  const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    images: imgs.map(i => ({alt: i.alt, loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width})),
    wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
          .map(e => e.tagName).slice(0, 5),
    text: document.body.innerText};
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def need(binary: str) -> str:
    found = shutil.which(binary) or (binary if Path(binary).is_file() else None)
    if not found:
        pytest.skip(f"{binary} is not installed (Debian packages poppler-utils / chromium)")
    return found


def pdf_text(pdf: Path) -> str:
    return subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path, out: Path, dpi: int = 50) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([need("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([need(CHROMIUM), *CHROME_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180)


def browser_probe(html: Path, tmp: Path, width: int = 900) -> dict:
    """Open a copy of `html` with a measuring script added; the layout Chromium computed, as JSON."""
    probe = tmp / f"probe-{html.stem}.html"
    probe.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = _chromium([f"--window-size={width},1200", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                     tmp / "chromium-profile")
    m = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert m, f"the probe did not run in Chromium: {done.stderr[-500:]}"
    import html as html_lib

    return json.loads(html_lib.unescape(m[1]))


def screenshot(html: Path, png: Path, width: int = 900, height: int = 1800) -> Path:
    _chromium([f"--window-size={width},{height}", f"--screenshot={png}", html.as_uri()], png.parent / "chromium-profile")
    assert png.is_file() and png.stat().st_size > 5000, "Chromium wrote no screenshot"
    return png


def font_chars(family: str = "Noto Sans CJK SC") -> set[int]:
    """Code points the installed font of `family` (as fontconfig resolves it) has glyphs for."""
    from fontTools.ttLib import TTFont

    spec = subprocess.run([need("fc-match"), "-f", "%{file}|%{index}|%{family}", family], capture_output=True,
                          text=True, check=True).stdout
    file, index, found = spec.split("|", 2)
    if family not in found:
        pytest.skip(f"font {family} is not installed (Debian package fonts-noto-cjk)")
    font = TTFont(file, fontNumber=int(index), lazy=True)
    return set(font.getBestCmap())


def uncovered(text: str, chars: set[int]) -> set[str]:
    return {c for c in text if not c.isspace() and ord(c) not in chars}


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name without subset tag, embedded) of every font the PDF uses (poppler's pdffonts)."""
    lines = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    out = []
    for line in lines[2:]:
        parts = line.split()
        emb = parts[-5]  # columns from the right: emb sub uni object ID
        out.append((parts[0].split("+", 1)[-1], emb == "yes"))
    return out
