"""Presidio with the shipped spaCy pipeline, offline: the recognizer pack registered into a plain
AnalyzerEngine, the free-text analyzer, context words, masked evidence. Synthetic values only."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

MOBILE = "13812345678"
RIC = "11010519491231002X"


@pytest.fixture(scope="module", autouse=True)
def _offline(tmp_path_factory: pytest.TempPathFactory) -> object:
    """No network: any connection attempt fails the test (spaCy, tldextract, Hugging Face …)."""
    real = socket.socket.connect

    def refuse(self: socket.socket, address: object) -> None:
        raise AssertionError(f"network access attempted: {address}")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    yield
    socket.socket.connect = real  # type: ignore[method-assign]


@pytest.fixture(scope="module")
def plain_analyzer():  # noqa: ANN201 - presidio type imported lazily
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from outbound.classifiers.presidio import nlp_engine, register

    engine, registry = nlp_engine(), RecognizerRegistry(supported_languages=["zh"])
    registry.add_nlp_recognizer(nlp_engine=engine)  # an empty registry would get Presidio's predefined set
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["zh"])
    added = register(analyzer)
    assert "CnResidentIdRecognizer" in added and len(added) >= 15
    return analyzer


def test_when_registered_then_no_recognizer_class_shadows_a_presidio_predefined_one(plain_analyzer) -> None:
    from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader

    email = RecognizerListLoader.get_existing_recognizer_cls("EmailRecognizer")
    assert email.__module__.startswith("presidio_analyzer")
    assert {type(r).__name__ for r in plain_analyzer.registry.recognizers} >= {"OutboundEmailRecognizer", "SpacyRecognizer"}


def test_when_the_example_of_the_docs_runs_then_it_finds_the_name_and_the_mobile(plain_analyzer) -> None:
    text = "已与张伟确认，手机13812345678"
    assert _found(plain_analyzer.analyze(text, language="zh"), text) == {"PERSON_NAME": "张伟", "CN_MOBILE": MOBILE}


def _found(results: list, text: str) -> dict[str, str]:
    return {r.entity_type: text[r.start : r.end] for r in results}


def test_when_the_pack_is_registered_into_a_plain_analyzer_then_chinese_identifiers_are_found(plain_analyzer) -> None:
    text = f"客户身份证{RIC}，手机{MOBILE}，车牌沪A12345"
    found = _found(plain_analyzer.analyze(text, language="zh"), text)
    assert found["CN_RESIDENT_ID"] == RIC and found["CN_MOBILE"] == MOBILE and found["LICENSE_PLATE"] == "沪A12345"


def test_when_a_checksum_fails_then_the_pack_reports_nothing(plain_analyzer) -> None:
    bad = RIC[:-1] + "1"
    assert "CN_RESIDENT_ID" not in _found(plain_analyzer.analyze(f"身份证{bad}", language="zh"), bad)


@pytest.mark.parametrize("words", ["出生日期", "date of birth"])
def test_when_context_words_stand_before_a_date_then_its_score_rises(plain_analyzer, words: str) -> None:
    alone = [r for r in plain_analyzer.analyze("1990-01-02", language="zh") if r.entity_type == "DATE_OF_BIRTH"]
    cued = [r for r in plain_analyzer.analyze(f"{words} 1990-01-02", language="zh") if r.entity_type == "DATE_OF_BIRTH"]
    assert alone and cued and cued[0].score > alone[0].score + 0.2


def test_when_the_spacy_pipeline_reads_running_text_then_names_and_addresses_are_entities() -> None:
    from outbound.classifiers.presidio.pipeline import load, pipeline_path

    assert (pipeline_path() / "meta.json").exists()  # built into the cache, loaded by path
    doc = load()("已与张伟确认，改送至浙江省杭州市西湖区文三路88号3幢")
    assert [(e.text, e.label_) for e in doc.ents] == [("张伟", "PERSON"), ("浙江省杭州市西湖区文三路88号3幢", "ADDRESS")]
    assert [e.label_ for e in load()("客户住在天津市和平区珞喻路1553号阳光花园26栋附近").ents] == ["ADDRESS"]


def test_when_free_text_is_analysed_then_the_spacy_entities_come_through_presidio() -> None:
    from outbound.classifiers.presidio.freetext import analyze, masked_evidence

    text = f"已与李秀英确认送货时间，回拨{MOBILE}"
    results = analyze(text)
    assert _found(results, text) == {"PERSON_NAME": "李秀英", "CN_MOBILE": MOBILE}
    assert any(r.recognition_metadata.get("recognizer_name") == "SpacyRecognizer" for r in results)
    evidence = masked_evidence(text, results)
    assert "<PERSON_NAME>" in evidence and "<CN_MOBILE>" in evidence
    assert not any(c in evidence for c in "李秀英确认送货0123456789")


def test_when_a_remark_column_names_people_in_sentences_then_the_vote_finds_them_with_masked_evidence() -> None:
    import datetime as dt

    import pandas as pd

    from outbound.classifiers import classify_frame
    from outbound.common.records import FileClassification
    from outbound.reports.explain import explain_text as render

    names = ("张伟", "李秀英", "王建国", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴昊", "徐丽", "孙强")
    frames = ("已与{}确认送货时间", "{}说下周再来取件", "今天{}和同事一起入住")
    cells = [f.format(n) for f in frames for n in names] + ["客户要求周末送货"] * 36  # 36 distinct remarks with a name
    [label] = classify_frame(pd.DataFrame({"备注": cells}), on=dt.date(2026, 3, 1))
    assert label.entity == "PERSON_NAME"
    text = render([FileClassification("f.csv", "csv", len(cells), (label,))])
    assert "<PERSON_NAME>" in text and not any(n in text for n in names)


def test_when_the_pipeline_cache_is_empty_then_it_is_built_there(tmp_path: Path, monkeypatch) -> None:
    from outbound.classifiers.presidio import pipeline

    monkeypatch.setenv("OUTBOUND_CACHE_DIR", str(tmp_path))
    path = pipeline.pipeline_path()
    assert path.is_relative_to(tmp_path) and (path / "entity_ruler" / "patterns.jsonl").exists()
    assert pipeline.pipeline_path() == path  # built once


def test_when_the_cache_cannot_be_written_then_the_pipeline_is_built_in_the_temp_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import tempfile

    from outbound.classifiers.presidio import pipeline

    (tmp_path / "home").write_text("a file where the cache folder should be")  # fails for root too
    monkeypatch.setenv("OUTBOUND_CACHE_DIR", str(tmp_path / "home" / "cache"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    path = pipeline.pipeline_path()
    assert path.is_relative_to(tmp_path / "tmp" / f"outbound-{os.getuid()}") and (path / "meta.json").exists()
    assert (path.parents[1].stat().st_mode & 0o777) == 0o700  # private: no one else plants a pipeline there


def test_when_neither_the_cache_nor_the_temp_dir_can_be_written_then_the_error_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from outbound.classifiers.presidio import pipeline

    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("OUTBOUND_CACHE_DIR", str(tmp_path / "file" / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "file"))
    with pytest.raises(pipeline.PipelineCacheError, match="set OUTBOUND_CACHE_DIR to a writable directory"):
        pipeline.pipeline_path()
