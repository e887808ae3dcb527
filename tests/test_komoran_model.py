"""Komoran's compact dictionary: prepared once, loaded in a fraction of the time, tagging exactly as Komoran's own.

Each check runs taggers in fresh processes (a JVM holds one Komoran's 190 MB dictionary) on Korean lines built
from the shipped North/South Korean vocabulary and the sample notes.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, run_python

from analyzer.engines import komoran_model
from analyzer.engines.korean import konlpy_java_dir

needs_jdk = pytest.mark.skipif(not (shutil.which("java") and shutil.which("javac")), reason="needs a JDK")

TAG_LINES = """
import json, sys
from analyzer.engines import korean
tagger = korean.komoran()
lines = json.loads(sys.stdin.read())
tags = [[tagger.pos(line), tagger.spans(line)] for line in lines]
print(json.dumps({"dictionary": tagger.dictionary, "tags": tags}, ensure_ascii=False))
"""


def _korean_lines() -> list[str]:
    words: list[str] = []
    for name in ("words.tsv", "nk-handic.tsv"):
        for row in (ROOT / "models" / "dprk" / name).read_text(encoding="utf-8").splitlines():
            if row and not row.startswith("#"):
                words += [w for w in row.split("\t")[1:3] if w and any("가" <= c <= "힣" for c in w)]
    words = words[:: max(1, len(words) // 3000)]
    lines = [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)]
    notes = [
        "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.",
        "머리가 너무 큽니다. 조금 줄여주십시오.",
        "래일까지 수정하여 보내주시오. 로동시간을 지켜야 합니다.",
        "그림을 다시 그릴 수 있습니까? 색갈이 맞지 않았습니다.",
        "색갈이\t맞지  않았습니다.",  # a tab: the compact tagger's rows could not hold it (its token list is read)
    ]
    return notes + lines


def _tag(cache: Path | str, prepare: str | None = None) -> dict:
    env = {komoran_model.CACHE_ENV: str(cache)} | ({komoran_model.PREPARE_ENV: prepare} if prepare else {})
    done = run_python("-c", TAG_LINES, stdin=json.dumps(_korean_lines()), env=env)
    assert done.returncode == 0, done.stderr
    return {**json.loads(done.stdout), "stderr": done.stderr}


# Folders beside the one prepared: another version's unused for longer than STALE_DAYS, another's in use, and a
# folder that is not a prepared one at all (only prepared folders are ever removed).
_OLD = time.time() - (komoran_model.STALE_DAYS + 5) * 86400
_SIBLINGS = {"0123456789abcdef0123": _OLD, "fedcba9876543210fedc": time.time(), "notes": _OLD}


@pytest.fixture(scope="module")
def prepared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("komoran-cache")
    for name, used in _SIBLINGS.items():
        (cache / name).mkdir()
        (cache / name / komoran_model.COMPACT).write_bytes(b"an older version's dictionary")
        os.utime(cache / name, (used, used))
    done = run_python("-m", "analyzer", "models", "prepare", env={komoran_model.CACHE_ENV: str(cache)})
    assert done.returncode == 0, done.stderr
    assert str(cache) in done.stdout
    return cache


def _prepared(cache: Path) -> Path:
    """The folder `prepare` made in `cache` (the one of this KoNLPy's files and Java source)."""
    folder = cache / komoran_model.folder_for(konlpy_java_dir()).name  # type: ignore[union-attr]
    assert (folder / komoran_model.COMPACT).is_file()
    return folder


@needs_jdk
def test_preparing_removes_other_versions_unused_for_a_month(prepared_cache: Path) -> None:
    left = {p.name for p in prepared_cache.iterdir() if p.is_dir()}
    assert left == {_prepared(prepared_cache).name, "fedcba9876543210fedc", "notes"}


@pytest.fixture(scope="module")
def stock_tags() -> list:
    tagged = _tag("off")
    assert tagged["dictionary"] == "komoran"
    return tagged["tags"]


@needs_jdk
def test_compact_dictionary_tags_as_komorans_own(prepared_cache: Path, stock_tags: list) -> None:
    folder = _prepared(prepared_cache)
    assert (folder / komoran_model.COMPACT).stat().st_size > 10_000_000
    tagged = _tag(prepared_cache)
    assert tagged["dictionary"] == "compact"
    assert len(stock_tags) > 400
    assert tagged["tags"] == stock_tags


@needs_jdk
def test_a_damaged_compact_dictionary_falls_back_to_komorans_loading(
    prepared_cache: Path, stock_tags: list, tmp_path: Path
) -> None:
    folder = _prepared(prepared_cache)
    damaged = tmp_path / folder.name
    shutil.copytree(folder, damaged)
    compact = damaged / komoran_model.COMPACT
    compact.write_bytes(compact.read_bytes()[:5_000_000])
    tagged = _tag(tmp_path, prepare="background")
    assert tagged["dictionary"] == "komoran"
    assert "compact dictionary" in tagged["stderr"] and "truncated" in tagged["stderr"]
    assert tagged["tags"] == stock_tags
    _wait_for_background_preparation(tmp_path)
    assert _tag(tmp_path)["dictionary"] == "compact"  # the damaged one was replaced


def _arrays(compact: Path) -> tuple[int, int]:
    """Where the node arrays of a compact dictionary start, and the node count (the header CompactKomoran writes)."""
    data = compact.read_bytes()
    at = 4
    (tags,) = struct.unpack_from(">i", data, at)
    at += 4
    for _ in range(tags):
        at += 2 + struct.unpack_from(">h", data, at)[0]
    (lists,) = struct.unpack_from(">i", data, at)
    at += 4
    for _ in range(lists):
        at += 4 + 14 * struct.unpack_from(">i", data, at)[0]
    return at + 4, struct.unpack_from(">i", data, at)[0]


@needs_jdk
def test_a_dictionary_damaged_inside_its_arrays_is_reported_and_removed_when_tagging_reaches_it(
    prepared_cache: Path, tmp_path: Path
) -> None:
    folder = _prepared(prepared_cache)
    cache = tmp_path / "cache"
    damaged = cache / folder.name
    shutil.copytree(folder, damaged)
    compact = damaged / komoran_model.COMPACT
    start, nodes = _arrays(compact)
    data = bytearray(compact.read_bytes())
    assert len(data) == start + 22 * nodes  # keys, values, failure links, parents, first children, children
    children = start + 2 * nodes + 4 * (4 * nodes + 1)
    data[children:] = b"\xff" * (len(data) - children)  # every child number out of range, the size unchanged
    compact.write_bytes(bytes(data))
    tagged = run_python(
        "-c", TAG_LINES, stdin=json.dumps(_korean_lines()[:3]), env={komoran_model.CACHE_ENV: str(cache)}
    )
    assert tagged.returncode != 0  # never tags from a damaged trie as if it were whole
    assert "corrupt compact Komoran dictionary" in tagged.stderr and "is damaged" in tagged.stderr
    assert not damaged.exists()  # removed: the next scan prepares it again

    shutil.copytree(folder, damaged)
    compact.write_bytes(bytes(data))
    (tmp_path / "c001.txt").write_text("눈 위치가 너무 높습니다. 아래로 옮겨주십시오.\n", encoding="utf-8")
    done = run_python(
        "-m",
        "analyzer",
        "scan",
        str(tmp_path / "c001.txt"),
        "--no-config",
        "--format",
        "json",
        env={komoran_model.CACHE_ENV: str(cache), komoran_model.PREPARE_ENV: "never"},
    )
    assert done.returncode in (0, 1), done.stderr
    missing = json.loads(done.stdout)["summary"]["missing_capabilities"]
    assert "is damaged" in missing["korean-morphology"]  # the report says what it could not look for
    assert not damaged.exists()


@needs_jdk
def test_the_first_slow_load_in_a_scan_prepares_the_compact_dictionary_in_the_background(tmp_path: Path) -> None:
    cache, notes = tmp_path / "cache", tmp_path / "dump" / "c001_ko.txt"
    notes.parent.mkdir()
    notes.write_text("머리가 너무 큽니다. 조금 줄여주십시오.\n", encoding="utf-8")
    env = {komoran_model.CACHE_ENV: str(cache)}
    scanned = run_python("-m", "analyzer", "scan", "--no-config", str(notes.parent), env=env)
    assert scanned.returncode in (0, 1), scanned.stderr
    assert list(cache.iterdir())  # the scan started preparing (a lock, or already the folder)
    _wait_for_background_preparation(cache)
    assert _tag(cache)["dictionary"] == "compact"


@needs_jdk  # without javac nothing could be started: the check would say nothing
def test_the_hook_and_the_library_leave_no_process_behind(tmp_path: Path) -> None:
    cache, notes = tmp_path / "cache", tmp_path / "c001_ko.txt"
    notes.write_text("머리가 너무 큽니다. 조금 줄여주십시오.\n", encoding="utf-8")
    env = {komoran_model.CACHE_ENV: str(cache)}
    hooked = run_python("-m", "analyzer", "hook", "c001_ko.txt", cwd=tmp_path, env=env)
    assert hooked.returncode in (0, 1), hooked.stderr
    assert _tag(cache)["dictionary"] == "komoran"
    assert not cache.exists() or list(cache.iterdir()) == []  # no lock, no folder: nothing was started


def _wait_for_background_preparation(cache: Path) -> None:
    deadline = time.monotonic() + 240
    while list(cache.glob("*.lock")) and time.monotonic() < deadline:  # the lock goes when it is done
        time.sleep(0.5)
    assert not list(cache.glob("*.lock")), "the background preparation did not finish"
    assert not list(cache.glob("*.building-*"))


def test_preparing_without_a_jdk_says_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(komoran_model.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(komoran_model.shutil, "which", lambda name: None)
    with pytest.raises(komoran_model.PrepareError, match="javac"):
        komoran_model.prepare(konlpy_java_dir())
    komoran_model.prepare_in_background(konlpy_java_dir())  # quietly does nothing
    assert list(tmp_path.iterdir()) == []


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(komoran_model.CACHE_ENV, "off")
    assert komoran_model.cache_root() is None
    assert komoran_model.prepared(konlpy_java_dir()) is None
    done = run_cli("models", "prepare")
    assert done.returncode == 2 and "off" in done.stderr


def test_a_cache_that_cannot_be_written_changes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # a file where the cache's folder should be: no folder can be made, even as root
    monkeypatch.setenv(komoran_model.CACHE_ENV, str(blocker / "komoran"))
    started: list[object] = []
    monkeypatch.setattr(komoran_model.subprocess, "Popen", lambda *a, **k: started.append(a))
    komoran_model.prepare_in_background(konlpy_java_dir())  # no error, no process
    assert started == []
    assert komoran_model.prepared(konlpy_java_dir()) is None
    with pytest.raises(OSError):
        komoran_model.prepare(konlpy_java_dir())  # `analyzer models prepare` reports it (as a usage error)
