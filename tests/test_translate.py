"""Offline translation with real argostranslate code on tiny packages built here: install, list, translate, remove."""

from __future__ import annotations

import dataclasses
import html
import json
import math
import zipfile
from pathlib import Path

import pytest
from conftest import run_python

from analyzer.align import aligner, extra, pair_score, translation
from analyzer.align import score as base_score
from analyzer.engines import argos
from analyzer.engines import translate as mt

pytest.importorskip("argostranslate", reason="the translate extra is not installed")
from argos_fixture import build_argosmodel, reference_translation  # noqa: E402

ZH = "眼睛位置太高了。往下移"
KO = "눈 위치가 너무 높습니다. 아래로 옮겨주십시오."


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("argosmodels")
    pairs = {"zh_en": ("zh", "en", 1), "ko_en": ("ko", "en", 2), "en_ko": ("en", "ko", 3)}
    return {name: build_argosmodel(out, src, tgt, seed) for name, (src, tgt, seed) in pairs.items()}


def _forget() -> None:
    mt.reset()
    pair_score.cache_clear()
    translation.measured_similarity.cache_clear()
    base_score.active_optional.cache_clear()


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


# Pairs the plain pair model leaves undecided, to measure a shift on (ZH/KO saturate at p = 1.0).
UNDECIDED = (
    ("眼睛位置太高了。往下移", "눈이 이상합니다"),
    ("头太大了，请缩小一点", "머리가 좀 이상합니다"),
    ("头太大了，请缩小一点", "머리가 큽니다"),
    ("手的位置不对，请修改", "손이 이상합니다"),
    ("动作太快，请放慢", "다시 확인 바랍니다"),
    ("线条太粗", "선이 좀 이상합니다"),
    ("请把线条画细一点", "선이 이상합니다"),
    ("头发的颜色不对", "색이 다릅니다"),
    ("眼睛太大了", "좀 큽니다"),
)


def _undecided(low: float = 0.3, high: float = 0.99) -> tuple[str, str]:
    found = [(zh, ko) for zh, ko in UNDECIDED if low < base_score.pair_score(zh, ko).probability < high]
    assert found, [base_score.pair_score(zh, ko).probability for zh, ko in UNDECIDED]
    return found[0]


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    directory = tmp_path / "translate"
    monkeypatch.setenv(argos.TRANSLATE_DIR_ENV, str(directory))
    monkeypatch.delenv(mt.DISABLE_ENV, raising=False)
    _forget()
    yield directory
    _forget()


def _cli_env(directory: Path) -> dict[str, str]:
    return {argos.TRANSLATE_DIR_ENV: str(directory)}


def test_install_list_translate_remove_through_the_cli(cli, packages, model_dir, monkeypatch):
    monkeypatch.setenv(argos.TRANSLATE_DIR_ENV, str(model_dir))
    done = cli("models", "install", str(packages["zh_en"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"installed translate-zh_en (Chinese → English version 1.0) into {model_dir / 'translate-zh_en-1_0'}"
    )
    listed = cli("models", "list", "--json")
    doc = json.loads(listed.stdout)
    assert [p["name"] for p in doc["packages"]] == ["translate-zh_en"]
    assert doc["routes"]["zh→en"] == ["translate-zh_en"] and doc["routes"]["ko→en"] is None
    assert "translate-zh_en    zh → en  Chinese → English  1.0" in cli("models", "list").stdout

    # The analyzer splits the sentences; argostranslate's code tokenizes, translates and detokenizes.
    text, via = mt.translate(ZH, "zh", "en")
    assert via == ("translate-zh_en",)
    assert text == reference_translation(packages["zh_en"], ["眼睛位置太高了。", "往下移"])
    assert text != reference_translation(packages["zh_en"], [ZH])  # one sentence would read differently

    removed = cli("models", "remove", "translate-zh_en")
    assert removed.returncode == 0 and removed.stdout.startswith("removed translate-zh_en")
    assert json.loads(cli("models", "list", "--json").stdout)["packages"] == []
    assert not (model_dir / "translate-zh_en-1_0").exists()


def test_reinstalling_a_pair_replaces_the_old_version(packages, model_dir, tmp_path):
    argos.install(packages["ko_en"], model_dir)
    newer = build_argosmodel(tmp_path, "ko", "en", seed=2, version="1.1")
    installed, replaced = argos.install(newer, model_dir)
    assert [p.version for p in replaced] == ["1.0"] and installed.version == "1.1"
    assert [(p.name, p.version) for p in argos.installed_packages(model_dir)] == [("translate-ko_en", "1.1")]


def _rezip(source: Path, target: Path, edit) -> Path:
    """Copy a package zip, letting `edit(name, data)` change, drop (None) or add members."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for name in src.namelist():
            for new_name, data in edit(name, src.read(name)):
                out.writestr(new_name, data)
    return target


def _metadata(**changes):
    def edit(name: str, data: bytes):
        if name.endswith("metadata.json"):
            meta = {**json.loads(data), **changes}
            return [(name, json.dumps({k: v for k, v in meta.items() if v is not None}))]
        return [(name, data)]

    return edit


BAD_PACKAGES = {
    "languages": (_metadata(from_code="de", to_code="fr"), "translates de→fr; the analyzer only uses"),
    "no-code": (_metadata(from_code=None), "no valid from_code"),
    "same": (_metadata(to_code="zh"), "translates zh into itself"),
    "sbd": (_metadata(type="sbd"), 'type "sbd"'),
    "bad-json": (lambda n, d: [(n, b"{not json" if n.endswith("metadata.json") else d)], "not valid JSON"),
    "no-metadata": (lambda n, d: [] if n.endswith("metadata.json") else [(n, d)], "no translate-zh_en-1_0/metadata"),
    "no-model": (lambda n, d: [] if n.endswith("model.bin") else [(n, d)], "no CTranslate2 model"),
    "no-tokenizer": (lambda n, d: [] if n.endswith("sentencepiece.model") else [(n, d)], "no tokenizer"),
    "two-tops": (lambda n, d: [(n, d), ("other/x.txt", b"x")] if n.endswith("README.md") else [(n, d)], "one top"),
    "escape": (lambda n, d: [(n, d), ("../evil.txt", b"x")] if n.endswith("README.md") else [(n, d)], "leave the"),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
def test_a_bad_package_file_is_refused_with_exit_2(cli, case, packages, model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(argos.TRANSLATE_DIR_ENV, str(model_dir))
    edit, reason = BAD_PACKAGES[case]
    bad = _rezip(packages["zh_en"], tmp_path / f"{case}.argosmodel", edit)
    result = cli("models", "install", str(bad))
    assert result.returncode == 2
    assert reason in result.stderr and str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert argos.installed_packages(model_dir) == []


def test_files_that_are_no_package_and_unknown_names_exit_2(cli, model_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(argos.TRANSLATE_DIR_ENV, str(model_dir))
    text = tmp_path / "notes.argosmodel"
    text.write_text("not a zip", encoding="utf-8")
    for args, reason in (
        (("install", str(text)), "not a zip archive"),
        (("install", str(tmp_path / "missing.argosmodel")), "no such file"),
        (("remove", "translate-zh_ko"), "no installed package named 'translate-zh_ko' (installed: none)"),
    ):
        result = cli("models", *args)
        assert result.returncode == 2 and reason in result.stderr, result.stderr


def test_chinese_reaches_korean_through_english(packages, model_dir):
    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["en_ko"], model_dir)
    mt.reset()
    assert [p.name for p in mt.route("zh", "ko")] == ["translate-zh_en", "translate-en_ko"]
    assert mt.route("ko", "zh") is None
    assert [p.name for p in mt.route("zt", "en")] == ["translate-zh_en"]  # no zt package: the zh one serves
    text, via = mt.translate("调整头部比例", "zh", "ko")
    english = reference_translation(packages["zh_en"], ["调整头部比例"])
    assert via == ("translate-zh_en", "translate-en_ko")
    assert text == "\n".join(reference_translation(packages["en_ko"], [line]) for line in english.split("\n"))


def test_text_similarity_is_a_symmetric_character_ngram_f1():
    sim = translation.text_similarity
    assert sim("The eye is too high", "the eye is TOO high") == 1.0
    assert sim("abc", "xyz") == 0.0 and sim("", "abc") == 0.0 and sim("ab", "abd") == 0.0  # too short for 3-grams
    close, far = sim("the eye is too high", "the eyes are too high"), sim("the eye is too high", "add two frames")
    assert 0.4 < close < 1.0 and far < 0.1
    assert sim("move it left", "move left") == sim("move left", "move it left")
    assert (
        sim("눈 위치가 너무 높습니다", "눈의 위치가 너무 높다", "ko")
        > 0.4
        > sim("눈 위치가 너무 높습니다", "선이 굵다", "ko")
    )


def test_similarity_compares_both_sides_in_english_and_feeds_the_pair_score(packages, model_dir):
    assert translation.mt_shift(ZH, KO) == 0.0  # nothing installed
    assert pair_score(ZH, KO) == base_score.pair_score(ZH, KO)
    zh_mid, ko_mid = _undecided()
    base = base_score.pair_score(zh_mid, ko_mid)  # without packages: no shift
    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["ko_en"], model_dir)
    _forget()
    zh_en = mt.translate(ZH, "zh", "en")[0]
    ko_en = mt.translate(KO, "ko", "en")[0]
    similarity = translation.text_similarity(zh_en, ko_en, "en")
    assert translation.measured_similarity(ZH, KO)[:2] == (similarity, "en")

    shift = translation.similarity_shift(similarity, "en")
    hooked = pair_score(ZH, KO)
    assert hooked.features["mt_sim"] == round(similarity, 4) and hooked.features["mt_shift"] == round(shift, 4)
    assert hooked.evidence["translation"] == {
        "similarity": round(similarity, 4),
        "lang": "en",
        "via": ("translate-zh_en", "translate-ko_en"),
        "shift": round(shift, 4),
    }

    hooked = pair_score(zh_mid, ko_mid)
    expected = translation.similarity_shift(translation.measured_similarity(zh_mid, ko_mid)[0], "en")
    assert expected != 0.0  # only a similarity at the rule's neutral point leaves the score as it was
    assert _logit(hooked.probability) - _logit(base.probability) == pytest.approx(expected, abs=1e-2)


def test_the_fitted_shift_lowers_unrelated_looking_pairs_and_raises_translation_like_ones():
    model = translation.similarity_model()
    assert model["made_by"].startswith("bench/translation_similarity.py")
    assert set(model["languages"]) == {"en", "ko", "zh"}
    for lang, fitted in model["languages"].items():
        held = fitted["held_out"]

        def shift(similarity: float, lang: str = lang) -> float:
            return translation.similarity_shift(similarity, lang)

        # Similarities typical of unrelated texts lower a pair's log-odds; those typical of translations raise them.
        assert shift(held["unrelated"]["median"]) < 0 < shift(held["translations"]["median"]), lang
        assert shift(fitted["neutral_similarity"]) == pytest.approx(0.0, abs=fitted["weight"] * 1e-4)  # rounding
        grid = [shift(k / 100) for k in range(101)]
        assert grid == sorted(grid)  # more alike never counts against a pair
        assert grid[-1] == fitted["max_shift"]  # capped: the line is not extrapolated past the sample
        assert fitted["held_out"]["similarity_alone"]["accuracy"] > 0.9
    assert translation.similarity_shift(0.5, "fr") == 0.0  # no fitted rule, no shift


def test_similarity_json_is_what_the_bench_fits(shared_data):
    result = run_python("bench/translation_similarity.py", "--no-write")
    assert result.returncode == 0, result.stderr
    printed = dict(line.split(": ", 1) for line in result.stdout.splitlines() if line[:3] in ("en:", "ko:", "zh:"))
    assert {lang: json.loads(entry) for lang, entry in printed.items()} == translation.similarity_model()["languages"]


def test_once_the_pair_model_lists_mt_shift_the_aligner_counts_it_and_the_pair_score_counts_it_once(
    packages, model_dir, monkeypatch
):
    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["ko_en"], model_dir)
    _forget()
    (feature,) = [f for f in extra.OPTIONAL_FEATURES if f.name == translation.FEATURE]
    assert feature.available()
    listed = base_score.pair_model()
    assert listed.optional == {feature.name: {"weight": 1.0, "bias": 0.0}}  # as shipped in pair_model.json
    unlisted = dataclasses.replace(listed, optional={})
    monkeypatch.setattr(base_score, "pair_model", lambda: unlisted)
    monkeypatch.setattr(aligner, "pair_model", lambda: unlisted)
    _forget()
    zh, ko = _undecided(0.6, 0.99)  # still a 1-1 bead after a shift of about -3
    shift = translation.similarity_shift(translation.measured_similarity(zh, ko)[0], "en")
    assert feature.compute(zh, ko) == translation.mt_shift(zh, ko) == shift
    (plain,) = aligner.align([zh], [ko])

    monkeypatch.setattr(base_score, "pair_model", lambda: listed)
    monkeypatch.setattr(aligner, "pair_model", lambda: listed)
    _forget()
    try:
        (counted,) = aligner.align([zh], [ko])
        assert plain.src == counted.src == (0,) and plain.tgt == counted.tgt == (0,)
        assert _logit(counted.score) - _logit(plain.score) == pytest.approx(shift, abs=1e-2)
        scored, hooked = base_score.pair_score(zh, ko), pair_score(zh, ko)
        assert scored.features[feature.name] == round(shift, 4)
        assert hooked.probability == scored.probability  # score.py counted it: the hook only adds the evidence
        assert hooked.evidence["translation"]["shift"] == round(shift, 4)
    finally:
        base_score.active_optional.cache_clear()


def test_turning_translation_off_restores_the_plain_score(packages, model_dir, monkeypatch):
    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["ko_en"], model_dir)
    monkeypatch.setenv(mt.DISABLE_ENV, "off")
    _forget()
    assert translation.mt_shift(ZH, KO) == 0.0
    assert pair_score(ZH, KO) == base_score.pair_score(ZH, KO)


def _delivery(root: Path) -> Path:
    folder = root / "delivery" / "c012"
    folder.mkdir(parents=True)
    (folder / "c012_notes.txt").write_text(f"{ZH} → {KO}\nRetake: make it brighter\n", encoding="utf-8")
    return folder.parent


def test_reports_show_each_notes_machine_translation(cli, packages, model_dir, tmp_path, monkeypatch):
    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["ko_en"], model_dir)
    monkeypatch.setenv(argos.TRANSLATE_DIR_ENV, str(model_dir))
    delivery = _delivery(tmp_path)
    report = json.loads(cli("scan", str(delivery), "--format", "json").stdout)
    first, second = report["comments"]
    assert first["translation"]["lang"] == "en"
    assert first["translation"]["via"] == ["translate-zh_en", "translate-ko_en"]
    zh_en = reference_translation(packages["zh_en"], ["眼睛位置太高了。", "往下移"])
    ko_en = reference_translation(packages["ko_en"], ["눈 위치가 너무 높습니다.", "아래로 옮겨주십시오."])
    assert first["translation"]["text"] == f"{zh_en} → {ko_en}"
    assert "translation" not in second  # English only: nothing to translate
    relays = [f for f in report["findings"] if f["rule"] == "relay.zh-ko-pair"]
    assert relays and all(set(f["evidence"]["translation"]) == {"similarity", "lang", "via", "shift"} for f in relays)
    text = cli("scan", str(delivery)).stdout
    assert "English (machine" in text and zh_en[:8] in text
    lines = [json.loads(line) for line in cli("scan", str(delivery), "--format", "jsonl").stdout.splitlines()]
    streamed = [line for line in lines if line["type"] == "comment"]
    assert [c.get("translation") for c in streamed] == [first["translation"], None]
    (delivery / "c013").mkdir()
    (delivery / "c013" / "c013_notes.txt").write_text("배경 색을 밝게 해주십시오.\n", encoding="utf-8")  # no pair
    lone = reference_translation(packages["ko_en"], ["배경 색을 밝게 해주십시오."])
    text = cli("scan", str(delivery)).stdout
    assert "Other notes, with their machine translation" in text and lone[:8] in text


def test_the_html_report_shows_each_notes_machine_translation(cli, packages, model_dir, tmp_path, monkeypatch):
    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["ko_en"], model_dir)
    monkeypatch.setenv(argos.TRANSLATE_DIR_ENV, str(model_dir))
    delivery = _delivery(tmp_path)
    (delivery / "c013").mkdir()
    (delivery / "c013" / "c013_notes.txt").write_text("배경 색을 밝게 해주십시오.\n", encoding="utf-8")  # no pair
    page = cli("scan", str(delivery), "--format", "html").stdout
    zh_en = reference_translation(packages["zh_en"], ["眼睛位置太高了。", "往下移"])
    ko_en = reference_translation(packages["ko_en"], ["눈 위치가 너무 높습니다.", "아래로 옮겨주십시오."])
    assert html.escape(f"{zh_en} → {ko_en}") in page.split('<div id="pairs">')[1].split("<h2>")[0]
    assert "machine translation via translate-zh_en, translate-ko_en" in page
    lone = reference_translation(packages["ko_en"], ["배경 색을 밝게 해주십시오."])
    others = page.split('<table id="translations">')[1].split("</table>")[0]
    assert html.escape(lone) in others and "c013_notes.txt" in others
    assert "c012_notes.txt" not in others  # the paired note is shown with its pair, not twice


def test_scans_without_packages_are_unchanged_and_import_no_translation_engine(cli, model_dir, tmp_path):
    delivery = _delivery(tmp_path)
    code = (
        "import sys, analyzer; r = analyzer.scan([sys.argv[1]]); "
        "assert all(c.translation is None for c in r.comments); "
        "print(sorted(m for m in ('argostranslate', 'torch', 'ctranslate2', 'stanza') if m in sys.modules))"
    )
    result = run_python("-c", code, str(delivery), env=_cli_env(model_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


NO_NETWORK = """
import socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args[:2])
    raise OSError("network blocked by the test")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
import analyzer
report = analyzer.scan([sys.argv[1]])
translated = [c.translation.text for c in report.comments if c.translation]
print(len(translated), len(attempts), "argostranslate" in sys.modules)
"""


def _with_stanza_folder(name: str, data: bytes):
    """Real packages ship a stanza/ splitter folder; argostranslate's own splitting would load (or fetch) it."""
    extra = [(name.replace("README.md", "stanza/resources.json"), b"{}")] if name.endswith("README.md") else []
    return [(name, data), *extra]


def test_a_translation_with_sockets_blocked_touches_no_network(packages, model_dir, tmp_path):
    for name in ("zh_en", "ko_en"):
        argos.install(_rezip(packages[name], tmp_path / f"{name}.argosmodel", _with_stanza_folder), model_dir)
    assert (model_dir / "translate-zh_en-1_0" / "stanza" / "resources.json").is_file()
    env = {**_cli_env(model_dir), "ARGOS_CHUNK_TYPE": "SPACY"}  # argostranslate would fetch spaCy's model on import
    result = run_python("-c", NO_NETWORK, str(_delivery(tmp_path)), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "0", "True"]


def test_a_broken_installed_package_turns_translation_off_without_stopping_the_scan(
    packages, model_dir, tmp_path, caplog
):
    import analyzer

    argos.install(packages["zh_en"], model_dir)
    argos.install(packages["ko_en"], model_dir)
    (model_dir / "translate-zh_en-1_0" / "model" / "model.bin").write_bytes(b"not a model")
    report = analyzer.scan([str(_delivery(tmp_path))])
    assert all(c.translation is None for c in report.comments)
    assert [p.tgt.text for p in report.pairs] == ["눈 위치가 너무 높습니다.", "아래로 옮겨주십시오."]
    assert "machine translation is off for this run" in caplog.text
