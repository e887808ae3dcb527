"""No silent "clean", no lost pair, no surprise: what a user of the CLI, the library and pre-commit expects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, age_files, run_cli, run_python

import analyzer

RELAY_ZH = "眼睛位置太高了，往下移\n"
RELAY_KO = "눈 위치가 너무 높습니다. 아래로 옮겨주십시오.\n"
RELAY = "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오.\n"


def _sidecar_dump(root: Path, cuts: int = 3) -> Path:
    """Cuts whose Chinese note and Korean translation sit in two files of one sketch."""
    for number in range(1, cuts + 1):
        cut = root / "ep01" / f"c{number:03d}"
        cut.mkdir(parents=True)
        (cut / f"c{number:03d}_zh.txt").write_text(RELAY_ZH, encoding="utf-8")
        (cut / f"c{number:03d}_ko.txt").write_text(RELAY_KO, encoding="utf-8")
    return root


def _findings(stdout: str) -> list[tuple[str, str]]:
    return sorted((f["rule"], os.path.basename(f["path"])) for f in json.loads(stdout)["findings"])


def test_files_named_one_by_one_are_grouped_into_sketches_as_a_folder_scan_groups_them(tmp_path):
    dump = _sidecar_dump(tmp_path / "dump")
    files = sorted(str(p) for p in dump.rglob("*.txt"))
    files.reverse()  # the order `find` happens to give
    as_folder = run_cli("scan", str(dump), "--format", "json")
    as_files = run_cli("scan", *files, "--format", "json")
    assert as_folder.returncode == as_files.returncode == 1
    assert _findings(as_files.stdout) == _findings(as_folder.stdout) and len(_findings(as_files.stdout)) == 3
    report = analyzer.scan(files)
    assert sorted((f.rule, os.path.basename(f.path)) for f in report.findings) == _findings(as_folder.stdout)


def test_a_scan_that_read_nothing_is_no_clean_scan(tmp_path):
    (tmp_path / "notes.txt").write_text(RELAY, encoding="utf-8")
    skipped = run_cli("scan", str(tmp_path), "--max-file-size", "10", "--quiet")
    assert skipped.returncode == 2 and "none of the 1 file(s) could be read" in skipped.stderr
    assert "larger than the 10-byte limit" in skipped.stderr
    (tmp_path / "empty").mkdir()
    empty = run_cli("scan", str(tmp_path / "empty"))
    assert empty.returncode == 2 and "no files to scan" in empty.stderr


def test_fail_on_unread_turns_unread_files_into_exit_1(tmp_path):
    (tmp_path / "ok.txt").write_text("Looks good\n", encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    plain = run_cli("scan", str(tmp_path), "--format", "json")
    assert plain.returncode == 0
    summary = json.loads(plain.stdout)["summary"]
    assert summary["unread_by_reason"] == {"error: invalid JSON": 1}
    assert summary["unread"] == [{"status": "error", "type": ".json", "reason": "invalid JSON", "files": 1}]
    assert run_cli("scan", str(tmp_path), "--fail-on-unread").returncode == 1
    (tmp_path / "settings.toml").write_text("fail-on-unread = true\n", encoding="utf-8")
    assert (
        run_cli(
            "scan", str(tmp_path / "ok.txt"), str(tmp_path / "broken.json"), "--config", str(tmp_path / "settings.toml")
        ).returncode
        == 1
    )
    quiet = run_cli("scan", str(tmp_path), "--quiet")
    assert "not read: 1 error .json (invalid JSON)" in quiet.stdout


def test_a_notes_file_with_a_few_bad_bytes_is_read_and_says_so(tmp_path):
    text = (RELAY_ZH + RELAY_KO).encode("utf-8")
    (tmp_path / "c001_notes.txt").write_bytes(text[:10] + b"\xff" + text[10:] + RELAY.encode("utf-8")[:-3])
    report = json.loads(run_cli("scan", str(tmp_path), "--format", "json").stdout)
    [row] = report["files"]
    assert row["status"] == "ok" and row["encoding"] == "utf-8 (2 damaged places, invalid bytes replaced)"
    assert any(f["rule"] == "relay.zh-ko-pair" for f in report["findings"])


def test_the_report_file_is_replaced_only_when_the_new_one_is_whole(tmp_path):
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text("yesterday's report\n", encoding="utf-8")
    failed = run_cli("scan", str(tmp_path / "missing"), "-o", str(report))
    assert failed.returncode == 2 and report.read_text(encoding="utf-8") == "yesterday's report\n"
    broken = run_cli("scan", str(tmp_path), "-o", str(report), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert broken.returncode == 2 and report.read_text(encoding="utf-8") == "yesterday's report\n"
    done = run_cli("scan", str(tmp_path / "c001_notes.txt"), "-o", str(report), "--format", "json")
    assert done.returncode == 1 and json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert "report in" in done.stderr  # the one-line summary still goes to the terminal
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".analyzer-report-")]
    dashed = run_cli("scan", str(tmp_path / "c001_notes.txt"), "-o", "-", "--format", "json")
    assert json.loads(dashed.stdout)["findings"] and not (tmp_path / "-").exists()


def test_the_analyzers_own_outputs_are_not_read_as_notes(tmp_path):
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    for fmt in ("json", "jsonl", "sarif", "html", "csv", "text"):
        run_cli("scan", str(tmp_path / "c001_notes.txt"), "--format", fmt, "-o", str(tmp_path / f"report.{fmt}.txt"))
    baseline = run_cli("baseline", "create", "-o", str(tmp_path / ".analyzer-baseline.json"), str(tmp_path))
    assert baseline.returncode == 0, baseline.stderr
    report = json.loads(run_cli("scan", str(tmp_path), "--format", "json").stdout)
    own = {os.path.basename(f["path"]): f["error"] for f in report["files"] if f["status"] == "skipped"}
    assert set(own) == {f"report.{fmt}.txt" for fmt in ("json", "jsonl", "sarif", "html", "csv", "text")} | {
        ".analyzer-baseline.json"
    }
    assert all(reason.startswith("written by analyzer") for reason in own.values())
    assert [f["path"] for f in report["findings"]] == [str(tmp_path / "c001_notes.txt")]


def test_without_java_the_report_says_korean_morphology_was_unavailable(tmp_path):
    (tmp_path / "c001_notes.txt").write_text("래일까지 다시 그려야 할것입니다. 로동자\n", encoding="utf-8")
    env = {"PATH": str(tmp_path / "no-java-here"), "ANALYZER_KOMORAN_CACHE": "off"}
    result = run_python("-m", "analyzer", "scan", str(tmp_path), "--format", "json", env=env)
    summary = json.loads(result.stdout)["summary"]
    assert "Java" in summary["missing_capabilities"]["korean-morphology"]
    assert "korean-morphology unavailable" in result.stderr
    text = run_python("-m", "analyzer", "scan", str(tmp_path), env=env)
    assert "Unavailable: korean-morphology" in text.stdout


def test_output_defaults_belong_to_the_format_they_were_set_with(tmp_path):
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / ".analyzer.toml").write_text(
        'format = "sarif"\noutput = "analyzer.sarif"\nquiet = true\n', encoding="utf-8"
    )
    text = run_cli("scan", str(tmp_path / "c001_notes.txt"), "--format", "text", cwd=work)
    assert not (work / "analyzer.sarif").exists() and "relay.zh-ko-pair" in text.stdout
    loud = run_cli("scan", str(tmp_path / "c001_notes.txt"), "--format", "text", "--no-quiet", cwd=work)
    assert "Findings by rule" in loud.stdout and "Findings by rule" not in text.stdout
    sarif = run_cli("scan", str(tmp_path / "c001_notes.txt"), cwd=work)
    assert sarif.stdout == "" and json.loads((work / "analyzer.sarif").read_text(encoding="utf-8"))["runs"]


def test_a_mistyped_flag_gets_the_usage_line_and_a_suggestion():
    result = run_cli("scan", "samples/", "--fial-on", "high")
    assert result.returncode == 2 and result.stderr.startswith("usage: ")
    assert "did you mean --fail-on?" in result.stderr


def test_the_text_report_lists_every_finding_of_medium_or_higher(tmp_path):
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    (tmp_path / "c002_notes.txt").write_text("Vendor: Nings Cartoon Studio\n", encoding="utf-8")
    text = run_cli("scan", str(tmp_path)).stdout
    assert "high   watchlist.entity" in text and "medium relay.zh-ko-pair" in text
    verbose = run_cli("scan", str(tmp_path), "--verbose").stdout
    # --verbose adds each finding's message under its line; a finding whose line is its message shows it once
    lines = verbose.splitlines()
    watch = next(i for i, line in enumerate(lines) if line.startswith("high   watchlist.entity"))
    assert "NINGS CARTOON STUDIO" in lines[watch] and "NINGS CARTOON STUDIO" not in lines[watch + 1]
    relay = next(i for i, line in enumerate(lines) if line.startswith("medium relay.zh-ko-pair"))
    assert lines[relay + 1].strip().startswith("Chinese note with its Korean translation")


def test_pairs_accepted_by_a_baseline_are_not_listed(tmp_path):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert run_cli("baseline", "create", "-o", str(baseline), str(dump)).returncode == 0
    text = run_cli("scan", str(dump), "--baseline", str(baseline))
    assert text.returncode == 0 and "No findings." in text.stdout
    assert "头太大了" not in text.stdout and "Suppressed (accepted) findings: baseline 1" in text.stdout


def test_the_library_honours_settings_baselines_and_inline_allows(tmp_path, monkeypatch):
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    (dump / "c002_notes.txt").write_text(RELAY.strip() + " analyzer:allow\n", encoding="utf-8")
    (dump / "c003_notes.txt").write_text("转身动作太慢 → 돌아서는 동작이 너무 느립니다\n", encoding="utf-8")
    settings = tmp_path / "settings.toml"
    settings.write_text('[allowlist]\npatterns = ["转身"]\n', encoding="utf-8")
    report = analyzer.scan([str(dump)], config=str(settings))
    assert [os.path.basename(f.path) for f in report.findings] == ["c001_notes.txt"]
    assert report.suppressed == {"inline": 1, "allowlist:pattern": 1}
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".analyzer.toml").write_text('[allowlist]\nrules = ["relay.zh-ko-pair"]\n', encoding="utf-8")
    assert analyzer.scan([str(dump)]).findings == ()  # the trusted settings of the working directory
    assert len(analyzer.scan([str(dump)], config=False).findings) == 2  # no settings file
    baseline = tmp_path / "baseline.json"
    assert run_cli("baseline", "create", "--no-config", "-o", str(baseline), str(dump)).returncode == 0
    (dump / "c004_notes.txt").write_text(RELAY, encoding="utf-8")
    fresh = analyzer.scan([str(dump)], config=False, baseline=str(baseline))
    assert [os.path.basename(f.path) for f in fresh.findings] == ["c004_notes.txt"]


def test_a_script_without_a_main_guard_can_scan_with_workers(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic_dump import make_dump

    make_dump(tmp_path / "dump", 300, seed=9)  # over SMALL_SCAN_FILES: workers really start
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\nimport analyzer\nprint('top level', file=sys.stderr)\n"
        f"report = analyzer.scan([{str(tmp_path / 'dump')!r}], jobs=2)\nprint(len(report.files))\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "300" and result.stderr.count("top level") == 1


def test_an_engine_failure_is_exit_3_and_a_bad_scheduler_a_usage_error(tmp_path, monkeypatch):
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    bad = run_cli("scan", str(tmp_path), "--engine", "dask", "--scheduler", "not an address")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "not a scheduler address" in bad.stderr
    refused = run_cli("scan", str(tmp_path), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr and "cannot reach" in refused.stderr
    from analyzer.errors import EngineError, ExitCode
    from analyzer.run import scheduler

    class _Failing:
        workers, in_process = 1, True

        def submit(self, fn, *args):
            raise_later = RuntimeError("cluster gone")
            from concurrent.futures import Future

            future: Future = Future()
            future.set_exception(raise_later)
            return future

        def lost(self, err):
            return False

        def restart(self):
            pass

        def isolated(self):
            return self

        def alive(self):
            return True

        def close(self):
            pass

    monkeypatch.setattr(scheduler, "ENGINES", {"local": lambda options, size: _Failing()})
    with pytest.raises(EngineError) as failed:
        analyzer.scan([str(tmp_path)])
    assert failed.value.exit_code == ExitCode.ENGINE == 3


def test_a_worker_killed_by_the_system_costs_one_units_rows_not_the_scan(tmp_path):
    """A unit whose analysis kills its worker process (as the kernel's OOM killer does) is an error row."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic_dump import make_dump

    make_dump(tmp_path / "dump", 300, seed=13)
    age_files(tmp_path / "dump")
    killer = next(iter(sorted((tmp_path / "dump").rglob("*_notes.txt"))))
    # Loaded by the workers' fork server: the worker that meets the unit is killed, as by the OOM killer.
    (tmp_path / "killer_patch.py").write_text(
        "import os, signal\n"
        "import analyzer.run.analyze as analyze\n"
        "real = analyze.extract_unit\n"
        "def extract_unit(unit, limits, *rest):\n"
        f"    if any(item.path == {str(killer)!r} for item in unit):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(unit, limits, *rest)\n"
        "analyze.extract_unit = extract_unit\n",
        encoding="utf-8",
    )
    code = (
        "import json, sys\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "import analyzer\n"
        "from analyzer.run import pool\n"
        "def new_pool(jobs):\n"
        "    context = pool._WorkerContext()\n"
        "    context.set_forkserver_preload(['analyzer.run.analyze', 'killer_patch'])\n"
        "    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)\n"
        "pool.ProcessPool._new_pool = staticmethod(new_pool)\n"
        "report = analyzer.scan([sys.argv[1]], jobs=2)\n"
        "rows = [(r.path, r.status, r.error) for r in report.files if r.status == 'error']\n"
        "print(json.dumps({'files': len(report.files), 'errors': rows, 'findings': len(report.findings)}))\n"
    )
    script = tmp_path / "kill.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "dump")],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout)
    assert outcome["files"] == 300 and outcome["findings"] > 20
    killed = [path for path, _, reason in outcome["errors"] if "stopped" in (reason or "")]
    assert killed and all(os.path.dirname(path) == str(killer.parent) for path in killed)
