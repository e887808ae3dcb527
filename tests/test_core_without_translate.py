"""The core install never needs the translate extra: no torch in its requirements, and scans work without it."""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from pathlib import Path

from conftest import SAMPLES, run_python
from packaging.requirements import Requirement

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


def _closure(dist: str) -> tuple[set[str], list[str]]:
    """(every distribution installing `dist` pulls on any platform, requirements that could not be walked).

    Requirements behind an extra are left out; environment markers are not (a Windows-only dependency
    counts too). A requirement whose distribution is not installed here cannot be walked further.
    """
    seen: set[str] = set()
    unwalked: list[str] = []

    def walk(name: str) -> None:
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is not None and "extra" in str(requirement.marker):
                continue
            dependency = requirement.name.lower().replace("_", "-")
            if dependency in seen:
                continue
            seen.add(dependency)
            try:
                metadata.distribution(dependency)
            except metadata.PackageNotFoundError:
                unwalked.append(line)
                continue
            walk(dependency)

    walk(dist)
    return seen, unwalked


def test_core_requirements_never_pull_torch_and_the_extra_does():
    core, unwalked = _closure("analyzer")
    assert len(core) > 20, sorted(core)  # the whole tree was walked, not just the direct requirements
    assert not core & EXTRA_ONLY, sorted(core & EXTRA_ONLY)
    # What could not be walked is only what this platform and Python never install (e.g. colorama on Windows).
    assert all(Requirement(r).marker is not None and not Requirement(r).marker.evaluate() for r in unwalked), unwalked
    extra = [r for r in metadata.requires("analyzer") or [] if "translate" in r and "extra" in r]
    assert "argostranslate" in {Requirement(r).name for r in extra}
    # The same walk does find torch when it starts from the extra: the check above can fail.
    assert "torch" in _closure("argostranslate")[0]


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
