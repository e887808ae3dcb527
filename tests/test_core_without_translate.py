"""The core install never needs the translate extra: no torch in its requirements, and scans work without it."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path

from conftest import SAMPLES, run_python

HEAVY = {"argostranslate", "torch", "stanza", "ctranslate2", "sentencepiece", "spacy", "minisbd"}
# spaCy is a core dependency (language pipelines, loaded lazily); the rest come only with the extra.
EXTRA_ONLY = HEAVY - {"spacy"}

# Runs the CLI as if the translate extra were not installed: its modules cannot be found.
WITHOUT_EXTRA = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, NotInstalled())
from analyzer.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)), file=sys.stderr)
sys.exit(code)
"""


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _core_closure(dist: str, seen: set[str]) -> set[str]:
    """Every distribution that installing `dist` pulls, ignoring requirements behind an extra."""
    try:
        requires = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return seen
    for requirement in requires:
        if "extra ==" in requirement.replace('"', "").replace("'", ""):
            continue
        name = _name(requirement)
        if name not in seen:
            seen.add(name)
            _core_closure(name, seen)
    return seen


def test_core_requirements_never_pull_torch_and_the_extra_does():
    core = _core_closure("analyzer", set())
    assert core and not core & EXTRA_ONLY, sorted(core & EXTRA_ONLY)
    extra = [_name(r) for r in metadata.requires("analyzer") or [] if "translate" in r and "extra" in r]
    assert "argostranslate" in extra


def test_the_installed_torch_is_the_cpu_build():
    # make test installs the CPU torch before the extra; a CUDA build would bring nvidia-* wheels.
    names = {(d.metadata["Name"] or "").lower() for d in metadata.distributions()}
    assert not [n for n in names if n.startswith("nvidia-") or n == "triton"]


def _run_without_extra(*args: str, translate_dir: Path) -> subprocess.CompletedProcess[str]:
    code = "import json\n" + WITHOUT_EXTRA.format(blocked=sorted(HEAVY))
    return run_python("-c", code, *args, env={"ANALYZER_TRANSLATE_DIR": str(translate_dir)})


def _fake_installed_package(directory: Path) -> None:
    folder = directory / "translate-zh_en-1_0"
    (folder / "model").mkdir(parents=True)
    meta = {"package_version": "1.0", "from_code": "zh", "from_name": "Chinese", "to_code": "en", "to_name": "English"}
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")


def test_scans_and_model_listing_work_without_the_extra(tmp_path):
    # A package sits in the folder, so only the missing extra keeps translation off.
    _fake_installed_package(tmp_path)
    scan = _run_without_extra("scan", str(SAMPLES), "--format", "json", translate_dir=tmp_path)
    assert scan.returncode == 1, scan.stderr  # the samples have findings on purpose
    report = json.loads(scan.stdout)
    assert report["summary"]["pairs"] > 0
    assert not [c for c in report["comments"] if "translation" in c]
    assert scan.stderr.strip().splitlines()[-1] == "[]"  # nothing of the extra was imported

    listed = _run_without_extra("models", "list", translate_dir=tmp_path)
    assert listed.returncode == 0
    assert "translate-zh_en" in listed.stdout
    assert "argostranslate is not installed" in listed.stdout and "analyzer[translate]" in listed.stdout

    removed = _run_without_extra("models", "remove", "zh_en", translate_dir=tmp_path)
    assert removed.returncode == 0 and not (tmp_path / "translate-zh_en-1_0").exists()


def test_installing_a_package_without_the_extra_says_what_to_install(tmp_path):
    import zipfile

    package = tmp_path / "translate-ko_en.argosmodel"
    meta = {"from_code": "ko", "to_code": "en", "package_version": "1.0"}
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("translate-ko_en-1_0/metadata.json", json.dumps(meta))
        archive.writestr("translate-ko_en-1_0/model/model.bin", b"\0")
        archive.writestr("translate-ko_en-1_0/sentencepiece.model", b"\0")
    result = _run_without_extra("models", "install", str(package), translate_dir=tmp_path / "models")
    assert result.returncode == 2
    assert "cannot install translate-ko_en (Korean → English version 1.0)" in result.stderr
    assert "pip install 'analyzer[translate]'" in result.stderr
