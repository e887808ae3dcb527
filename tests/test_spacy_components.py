"""The analyzer's spaCy components, used as a spaCy user would: by name, after `pip install` registered them."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import spacy
from conftest import ROOT

import analyzer
from analyzer.spacy_components import COMPONENTS

NOTE = "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오."
NK_NOTE = "래일까지 로동신문을 다 읽을수 있도록 하십시오."


@pytest.fixture(scope="module")
def blank():
    """A multi-language blank pipeline (whitespace tokens) with the three components, added by name."""
    nlp = spacy.blank("xx")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def test_the_factories_are_registered_through_the_spacy_factories_entry_point():
    assert {e.name: e.value for e in entry_points(group="spacy_factories") if e.name in COMPONENTS} == {
        "analyzer_language_runs": "analyzer.spacy_components:make_language_runs",
        "analyzer_relay_pairs": "analyzer.spacy_components:make_relay_pairs",
        "analyzer_dialect": "analyzer.spacy_components:make_dialect",
    }
    # A fresh interpreter that never imports analyzer itself: spaCy finds the factories by name.
    code = (
        "import json, spacy\n"
        "nlp = spacy.blank('xx')\n"
        "for name in ('analyzer_language_runs', 'analyzer_relay_pairs', 'analyzer_dialect'): nlp.add_pipe(name)\n"
        f"doc = nlp({NOTE!r})\n"
        "print(json.dumps([nlp.pipe_names, [s._.lang for s in doc._.language_runs], len(doc._.relay_pairs)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [list(COMPONENTS), ["zh", "ko"], 1]


def test_language_runs_are_spans_with_their_language(blank):
    doc = blank(NOTE)
    runs = doc._.language_runs
    assert [(span.text, span._.lang, span.label_) for span in runs] == [
        ("头太大了，请缩小一点", "zh", "zh"),
        ("머리가 너무 큽니다. 조금 줄여주십시오.", "ko", "ko"),
    ]
    assert runs[0]._.variant == "Hans" and runs[0]._.confidence == 0.99
    assert list(doc.spans["language_runs"]) == runs  # a span group: serialised with the Doc


def test_relay_pairs_pair_the_chinese_run_with_its_korean_translation(blank):
    [pair] = blank(NOTE)._.relay_pairs
    assert (pair.zh.text, pair.ko.text) == ("头太大了，请缩小一点", "머리가 너무 큽니다. 조금 줄여주십시오.")
    from analyzer.align import pair_threshold

    assert pair_threshold() <= pair.score <= 1.0
    assert blank("头太大了，请缩小一点 → 배경 색을 바꾸지 마십시오.")._.relay_pairs == []  # not a translation


def test_dialect_scores_the_korean_runs_and_marks_what_it_found(blank):
    from analyzer.dialect import flag_threshold

    doc = blank(NK_NOTE)
    assert doc._.nk_score >= flag_threshold()
    assert {(span.text, span.label_) for span in doc._.nk_markers} >= {
        ("래일까지", "initial-rl"),
        ("로동신문을", "initial-rl"),
        ("읽을수", "attached-dependent-noun"),
    }
    assert "내일" in next(s._.nk_note for s in doc._.nk_markers if s.text == "래일까지")
    assert blank("내일까지 노동신문을 다 읽을 수 있도록 하십시오.")._.nk_score < 0.5
    chinese = blank("头太大了，请缩小一点")
    assert (chinese._.nk_score, chinese._.nk_markers) == (None, [])


def test_the_project_pipelines_segment_with_jieba_and_komoran_and_carry_the_components():
    zh = analyzer.nlp("zh")
    assert zh.pipe_names == list(COMPONENTS)
    doc = zh("眼睛位置太高了")
    assert [t.text for t in doc] == ["眼睛", "位置", "太高", "了"]  # jieba's words
    assert [s._.lang for s in doc._.language_runs] == ["zh"]
    ko = analyzer.nlp("ko")
    doc = ko(NK_NOTE)
    assert ko.pipe_names == list(COMPONENTS)
    assert [(t.text, t.tag_) for t in doc][3:6] == [("로동신문", "NNP"), ("을", "JKO"), ("다", "MAG")]  # Komoran
    assert doc._.nk_score >= 0.5 and analyzer.nlp("ko") is ko
    with pytest.raises(ValueError, match="only zh and ko"):
        analyzer.nlp("ja")


def test_the_commit_hook_and_the_scan_never_import_spacy(tmp_path):
    (tmp_path / "c001_zh.txt").write_text("头太大了，请缩小一点\n", encoding="utf-8")
    (tmp_path / "c001_ko.txt").write_text("머리가 너무 큽니다. 조금 줄여주십시오.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from analyzer.cli import main\n"
        "code = main(['hook', sys.argv[1], sys.argv[2]])\n"
        "import analyzer\n"
        "analyzer.scan([sys.argv[1], sys.argv[2]])\n"
        "print(code, 'spacy' in sys.modules, 'analyzer.spacy_components' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "c001_zh.txt"), str(tmp_path / "c001_ko.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.stderr.strip().splitlines()[-1] == "1 False False", result.stderr
