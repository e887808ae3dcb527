"""Tables kept as marshal data in the user's cache folder (resources.prepared): the same values as parsing the
models' files, built again when a source changes, and a damaged or foreign file ignored."""

from __future__ import annotations

import os

import pytest
from conftest import SAMPLES, run_python

from analyzer import resources
from analyzer.align import encoder_cache, readings
from analyzer.dialect import vocabulary
from analyzer.engines import opencc_s2t
from analyzer.resources import prepared
from analyzer.segment import latin, variant


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(resources.TABLE_CACHE_ENV, str(tmp_path / "tables"))
    return resources.table_cache_folder()


@pytest.fixture
def models(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    (folder / "notes").mkdir(parents=True)
    monkeypatch.setenv(resources.MODELS_ENV, str(folder))
    resources.models_dir.cache_clear()
    resources._file_digest.cache_clear()
    yield folder
    resources.models_dir.cache_clear()
    resources._file_digest.cache_clear()


def _counted_loader() -> tuple[list[int], object]:
    """A loader of models/notes/words.tsv (word -> weight) that counts how often it parsed the file."""
    builds: list[int] = []

    @prepared(("notes", "words.tsv"))
    def weights() -> dict[str, float]:
        builds.append(1)
        return {row[0]: float(row[1]) for row in resources.read_tsv("notes", "words.tsv")}

    return builds, weights


@pytest.mark.parametrize(
    "loader",
    [
        readings.zh_words,
        readings.zh_word_prefixes,
        latin.english_words,
        variant._forms,
        resources.hangul_readings,
        vocabulary.yeo_stems,
    ],
    ids=lambda loader: loader.__qualname__,
)
def test_a_prepared_table_equals_the_parsed_one(cache, loader):
    from_cache = loader.__wrapped__  # under the process's own memo: resources.prepared's loader
    parse = from_cache.__wrapped__  # and under that, the function that parses the models' files
    parsed = parse()
    assert from_cache() == parsed  # parsed again, and written
    assert (cache / f"{parse.__module__}.{parse.__qualname__}.marshal").is_file()
    again = from_cache()  # read back
    assert again == parsed and type(again) is type(parsed)


def test_the_next_process_reads_the_table_instead_of_parsing_it(cache, models):
    (models / "notes" / "words.tsv").write_text("# word\tweight\nretake\t1.5\nredraw\t2.25\n", encoding="utf-8")
    builds, weights = _counted_loader()
    assert weights() == {"retake": 1.5, "redraw": 2.25} and len(builds) == 1
    assert weights() == {"retake": 1.5, "redraw": 2.25} and len(builds) == 1  # read from the cache folder
    (models / "notes" / "words.tsv").write_text("retake\t3.0\n", encoding="utf-8")
    resources._file_digest.cache_clear()  # a new process: the source's digest is taken again
    assert weights() == {"retake": 3.0} and len(builds) == 2


@pytest.mark.parametrize("damage", ["flipped", "cut short", "empty", "not marshal"])
def test_a_damaged_file_is_ignored_and_replaced(cache, models, damage):
    (models / "notes" / "words.tsv").write_text("retake\t1.5\nredraw\t2.25\n", encoding="utf-8")
    builds, weights = _counted_loader()
    expected = weights()
    [path] = cache.iterdir()
    good = path.read_bytes()
    damaged = {
        "flipped": good[:-3] + bytes([good[-3] ^ 0x01]) + good[-2:],
        "cut short": good[: len(good) - 5],
        "empty": b"",
        "not marshal": good[:64] + b"\xff" * 20,
    }[damage]
    path.write_bytes(damaged)
    assert weights() == expected and len(builds) == 2
    assert path.read_bytes() == good  # written again for the next process
    assert weights() == expected and len(builds) == 2


def test_no_cache_when_it_is_off_or_not_writable(tmp_path, models, monkeypatch):
    (models / "notes" / "words.tsv").write_text("retake\t1.5\n", encoding="utf-8")
    builds, weights = _counted_loader()
    monkeypatch.setenv(resources.TABLE_CACHE_ENV, "off")
    assert weights() == {"retake": 1.5} and weights() == {"retake": 1.5} and len(builds) == 2
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv(resources.TABLE_CACHE_ENV, str(blocked))
    assert weights() == {"retake": 1.5} and len(builds) == 3
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".table-")]


@pytest.mark.parametrize(
    "value",
    [
        frozenset({"头发", "干部", "retake"}),
        frozenset(),
        frozenset({"", "a"}),  # an empty string and a line break cannot be told apart from the separator
        frozenset({"two\nlines", "one"}),
        (frozenset("了吗呢"), frozenset(), {"C001": 1.5}, ("a", 2), 3),
        {"조정": ("調整",), "위치": ("位置", "位値")},
    ],
)
def test_a_table_comes_back_from_the_cache_folder_as_it_was_built(cache, models, value):
    (models / "notes" / "words.tsv").write_text("retake\t1.5\n", encoding="utf-8")
    builds: list[int] = []

    @prepared(("notes", "words.tsv"))
    def built() -> object:
        builds.append(1)
        return value

    assert built() == value
    again = built()
    assert again == value and type(again) is type(value) and len(builds) == 1
    if isinstance(value, tuple):
        assert [type(item) for item in again] == [type(item) for item in value]


def _kept(folder) -> dict[str, tuple[int, int]]:
    """Each file under `folder`: its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_models_prepare_leaves_a_first_scan_nothing_to_prepare(tmp_path):
    """`analyzer models prepare` writes what a first scan of CJK notes writes (tables, OpenCC's merged dictionary,
    the encoder's weights), and a scan after it writes nothing more."""
    variables = {
        "tables": resources.TABLE_CACHE_ENV,
        "opencc": opencc_s2t.CACHE_ENV,
        "encoder": encoder_cache.CACHE_ENV,
    }

    def caches(root):
        return {variable: str(root / name) for name, variable in variables.items()}

    scan = ("-m", "analyzer", "scan", "--jobs", "1", "--no-config", "--format", "jsonl", "-o", os.devnull)
    first = run_python(*scan, str(SAMPLES), env=caches(tmp_path / "by-scan"))
    assert first.returncode in (0, 1), first.stderr
    by_scan = _kept(tmp_path / "by-scan")
    assert {name.split("/")[0] for name in by_scan} == {"tables", "opencc", "encoder"}

    prepared_env = caches(tmp_path / "by-prepare")
    done = run_python("-m", "analyzer", "models", "prepare", env=prepared_env)
    # Komoran's compact dictionary needs a JDK (exit 2 without one); the rest is prepared before it either way.
    assert done.returncode in (0, 2), done.stderr
    for folder in prepared_env.values():
        assert folder in done.stdout
    by_prepare = _kept(tmp_path / "by-prepare")
    assert set(by_scan) <= set(by_prepare)

    again = run_python(*scan, str(SAMPLES), env=prepared_env)
    assert again.returncode in (0, 1), again.stderr
    assert _kept(tmp_path / "by-prepare") == by_prepare


def test_models_prepare_says_what_failed_and_prepares_the_rest(tmp_path):
    """A failing part (here the tables: an empty models folder) is a line naming the error, and exit 2, after the
    other parts are prepared."""
    env = {
        resources.MODELS_ENV: str(tmp_path / "empty-models"),
        resources.TABLE_CACHE_ENV: str(tmp_path / "tables"),
        opencc_s2t.CACHE_ENV: str(tmp_path / "opencc"),
        encoder_cache.CACHE_ENV: str(tmp_path / "encoder"),
    }
    (tmp_path / "empty-models").mkdir()
    done = run_python("-m", "analyzer", "models", "prepare", env=env)
    assert done.returncode == 2
    assert "The tables are not prepared: FileNotFoundError" in done.stdout
    assert f"OpenCC's merged dictionary is in {tmp_path / 'opencc'}" in done.stdout
    assert "could not be prepared" in done.stderr
