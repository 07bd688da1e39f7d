"""The spaCy `zh` pipeline that ships with outbound: built from our own data, never downloaded.

No Chinese spaCy model may be downloaded here (nothing at run time), and a blank `zh` finds no
entity. This pipeline is a blank `zh` with jieba as word segmenter and three small components:

- `outbound_lemma`: a token's lemma is its lower-case text, so that Presidio's context words
  (`LemmaContextAwareEnhancer`, substring match on lemmas) work on Chinese words (手机号 holds 手机);
- `entity_ruler`: PERSON for a word that starts with a surname of `data/surnames.txt` (2-4 Han
  characters) or a surname followed by 先生/女士/小姐; ADDRESS for one or more administrative
  division names (python-stdnum's `cn/loc.dat`, `places.py`) followed by a road, street or village
  word and its numbers;
- `outbound_names`: keeps a PERSON only when the word reads as a name (`person_name.split_name`)
  and jieba tags it a person name (`nr`) or a cue stands beside it (联系人, 由 … 代收, a title).

It is written once into a cache directory (`OUTBOUND_CACHE_DIR`, else `$XDG_CACHE_HOME/outbound`,
else `~/.cache/outbound`) under a name keyed by its inputs, and loaded from there by path — which
Presidio's `SpacyNlpEngine` accepts without trying a download. Where that directory cannot be
written (a read-only home in CI, a container's root without a home), it is built in a private
folder of the system's temp dir instead (`outbound-<uid>`), with a warning. `make nlp` (or
`python -m outbound.classifiers.presidio build`) builds it ahead of time; nothing needs it built.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from outbound.classifiers.lexicon import entries

VERSION = "3"  # bump when the components or patterns change
NAME = "zh_outbound_ruler"
log = logging.getLogger(__name__)
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
TITLES = ("先生", "女士", "小姐")
CUES = frozenset({"联系人", "姓名", "收件人", "收货人", "经办人", "客户", "患者", "乘客", "住客", "由", "请", "交给", "转交"})
AFTER = frozenset({"代收", "签收", "来电", "致电", "转交", "办理", *TITLES})
ROAD = r"[路街道巷弄村镇乡里]"
DIVISION_ENDS = ("省", "市", "区", "县", "旗", "州", "镇", "乡", "路", "街")
ORG_WORDS = ("公司", "集团", "有限", "科技", "信息", "网络", "传媒", "咨询", "银行", "医院", "学校", "大学", "中心",
             "事务所", "工作室", "商行", "贸易", "实业", "工厂")
CLAUSE = re.compile(r"[，,；;。！!？?\s]+")
NUMBERS = rf"^(?:[0-9A-Za-z\-]+|[号栋幢单元室层楼座]|[{HAN}]{{1,6}}(?:小区|花园|大厦|公寓|苑|广场))$"


def cache_root() -> Path:
    if os.environ.get("OUTBOUND_CACHE_DIR"):
        return Path(os.environ["OUTBOUND_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "outbound"


def _surnames() -> tuple[list[str], list[str]]:
    names = [line.split()[0] for line in entries("surnames.txt")]
    return sorted(n for n in names if len(n) == 1), sorted(n for n in names if len(n) == 2)


def _key() -> str:
    import spacy

    digest = hashlib.sha256(f"{VERSION}|{spacy.__version__}".encode())
    digest.update(resources.files("outbound.classifiers").joinpath("data", "surnames.txt").read_bytes())
    digest.update(resources.files("stdnum").joinpath("cn/loc.dat").read_bytes())
    return digest.hexdigest()[:12]


def patterns() -> list[dict[str, Any]]:
    """The entity ruler's patterns, from the surname table and the administrative divisions."""
    from outbound.classifiers.places import division_names

    single, compound = _surnames()
    name = rf"^(?:(?:{'|'.join(compound)})[{HAN}]{{1,2}}|[{''.join(single)}][{HAN}]{{1,2}})$"
    divisions = sorted(division_names())
    return [
        {"label": "PERSON", "pattern": [{"TEXT": {"REGEX": name}}], "id": "surname-word"},
        {"label": "PERSON", "pattern": [{"TEXT": {"IN": single + compound}}, {"TEXT": {"IN": list(TITLES)}}],
         "id": "surname-title"},
        {"label": "ADDRESS", "id": "division-road", "pattern": [
            {"TEXT": {"IN": divisions}, "OP": "+"},
            {"TEXT": {"REGEX": rf"^[{HAN}0-9]{{0,8}}{ROAD}$"}},
            {"TEXT": {"REGEX": NUMBERS}, "OP": "*"},
        ]},
    ]  # fmt: skip


def _register_components() -> None:
    """Register the pipeline's own factories (idempotent): spaCy needs them to load it from disk."""
    from spacy.language import Language

    if "outbound_lemma" in Language.factories:
        return

    @Language.component("outbound_lemma")
    def lemma(doc: Any) -> Any:
        for token in doc:
            token.lemma_ = token.lower_
        return doc

    @Language.component("outbound_names")
    def names(doc: Any) -> Any:
        addresses = [e for e in doc.ents if e.label_ == "ADDRESS"]
        doc.ents = [e for e in doc.ents if e.label_ != "PERSON" or _reads_as_name(e, addresses)]
        return doc


def _reads_as_name(span: Any, addresses: list[Any]) -> bool:
    """A word that reads as a name, cued or tagged a name by jieba, and not part of a place:
    a housing estate after an address (阳光花园, 锦绣华庭) or a word before a division suffix."""
    from outbound.classifiers.recognizers.person_name import split_name

    if split_name(span.text) is None:
        return False
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    if before.rstrip("：:") in CUES or before.endswith(tuple(CUES)) or after in AFTER or span.text.endswith(TITLES):
        return True
    if after.endswith(DIVISION_ENDS) or any(_same_clause(a.end, span.start, doc) for a in addresses):
        return False
    if any(w in t.text for t in _rest_of_clause(span) for w in ORG_WORDS):  # 黄石金承科技有限公司
        return False
    return _jieba_flag(span.text).startswith("nr")


def _rest_of_clause(span: Any) -> list[Any]:
    doc, out = span.doc, []
    for t in doc[span.end :]:
        if CLAUSE.fullmatch(t.text):
            break
        out.append(t)
    return out


def _same_clause(end: int, start: int, doc: Any) -> bool:
    """Whether tokens `end`..`start` (an address's end, a name's start) hold no clause break."""
    return end <= start and not any(CLAUSE.fullmatch(t.text) for t in doc[end:start])


@functools.lru_cache(maxsize=4096)
def _jieba_flag(word: str) -> str:
    import jieba.posseg

    tagged = list(jieba.posseg.cut(word))
    return tagged[0].flag if len(tagged) == 1 else ""


def build(target: Path) -> Path:
    """Build the pipeline and write it to `target` (a directory spaCy can load)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    _register_components()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("outbound_lemma")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    ruler.add_patterns(patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("outbound_names")
    nlp.meta.update({"name": NAME, "version": f"{VERSION}.0.0",
                     "description": "blank zh + jieba + surname / division entity ruler (outbound)"})
    nlp.to_disk(target)
    return target


class PipelineCacheError(OSError):
    """No directory to build the spaCy pipeline in: neither the cache nor the temp dir is writable."""


def _fallback_root() -> Path | None:
    """A private folder of the system's temp dir (owned by this user, mode 0700), or None."""
    root = Path(tempfile.gettempdir()) / f"outbound-{os.getuid()}"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    # another user's folder of that name is not ours to load a pipeline from
    return root if root.stat().st_uid == os.getuid() and not root.is_symlink() else None


def pipeline_path() -> Path:
    """The built pipeline's directory, building it on first use: in the cache, or in the temp dir
    when the cache cannot be written."""
    tried: list[str] = []
    for root in (cache_root(), _fallback_root()):
        if root is None:
            continue
        folder = root / "spacy" / f"{NAME}-{_key()}"
        if (folder / "meta.json").exists():
            return folder
        try:
            return _build_into(folder)
        except OSError as e:  # PermissionError, a read-only file system, a file where a folder should be
            tried.append(f"{root} ({e.strerror or e})")
            log.warning("spaCy pipeline cache %s is not writable (%s); trying the temp dir", root, e.strerror or e)
    raise PipelineCacheError(f"cannot build the spaCy zh pipeline in {' or '.join(tried)}: "
                             "set OUTBOUND_CACHE_DIR to a writable directory")  # fmt: skip


def _build_into(folder: Path) -> Path:
    """Build the pipeline into `folder` atomically (built beside it, then renamed)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{NAME}-", dir=folder.parent))
    try:
        build(partial / "model")
        try:
            (partial / "model").rename(folder)
        except OSError:  # another process built it first
            if not (folder / "meta.json").exists():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder


@functools.cache
def load() -> Any:
    """The pipeline as a spaCy `Language` (built on first use; jieba's dictionary loads once)."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    _register_components()
    return spacy.load(pipeline_path())


