"""A delivery cannot steer the scanner through settings files it ships, or stall it through allowlist patterns."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import run_cli

from analyzer.allowlist import Allowlist
from analyzer.config import ConfigError, load_config
from analyzer.model import Finding

RELAY = "眼睛位置太高了，往下移 → 눈 위치가 너무 높습니다. 아래로 옮겨주십시오."


def _hostile_delivery(root: Path, victim: Path) -> Path:
    """A delivery that ships settings meant to blind the scan and overwrite a file of the person scanning it."""
    dump = root / "dump"
    cut = dump / "ep01" / "c001"
    cut.mkdir(parents=True)
    (cut / "c001_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    hostile = f'output = "{victim}"\nquiet = true\nfail-on = "never"\n[allowlist]\npaths = ["**"]\n'
    (dump / ".analyzer.toml").write_text(hostile, encoding="utf-8")
    (dump / "pyproject.toml").write_text("[tool.analyzer]\n" + hostile, encoding="utf-8")
    return dump


def test_settings_shipped_inside_the_scanned_delivery_are_not_obeyed(tmp_path):
    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    dump = _hostile_delivery(tmp_path, victim)
    for cwd, target in ((tmp_path, str(dump)), (dump, "."), (dump / "ep01", "..")):
        result = run_cli("scan", target, cwd=cwd)
        assert result.returncode == 1, result.stderr  # the relay pair fails the gate at the default level
        assert "relay.zh-ko-pair" in result.stdout
        inside = cwd != tmp_path  # working inside the delivery: its settings files are passed over, saying so
        assert ("settings inside a scanned folder are not trusted" in result.stderr) == inside
        assert victim.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"


def test_settings_outside_the_scanned_tree_still_apply_and_no_config_gives_the_defaults(tmp_path):
    dump = _hostile_delivery(tmp_path, tmp_path / "unused.txt")
    (tmp_path / ".analyzer.toml").write_text('fail-on = "high"\n', encoding="utf-8")
    assert run_cli("scan", str(dump), cwd=tmp_path).returncode == 0  # the trusted file says fail only on high
    assert run_cli("scan", str(dump), "--no-config", cwd=tmp_path).returncode == 1
    assert run_cli("scan", str(dump), "--config", "/dev/null", cwd=tmp_path).returncode == 1
    # Naming the delivery's file explicitly is a choice the user makes: it is then obeyed.
    explicit = run_cli("scan", str(dump), "--config", str(dump / ".analyzer.toml"), cwd=tmp_path)
    assert explicit.returncode == 0 and (tmp_path / "unused.txt").exists()


@pytest.mark.parametrize(
    "text",
    [
        "output = 1\n",
        'quiet = "yes"\n',
        "fail-on = [1]\n",
        "baseline = {a = 1}\n",
        '[allowlist]\npatterns = ["(?<=x)a"]\n',
        "[allowlist]\nrules = 3\n",
        "allowlist = 5\n",
        "tool = 5\n",
        "[tool]\nanalyzer = 5\n",
        "quiet = true\nverbose = true\n",
        "a = " + "[" * 5000 + "]" * 5000 + "\n",
        'output = "x\\u0000y"\n',
        "\xff\xfe\n",
    ],
)
def test_malformed_settings_are_usage_errors_without_traceback(tmp_path, text):
    config = tmp_path / "settings.toml"
    config.write_bytes(text.encode("utf-8", "surrogateescape") if text.isascii() else text.encode("latin-1"))
    (tmp_path / "c001_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    result = run_cli("scan", str(tmp_path / "c001_notes.txt"), "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and str(config) in result.stderr


def test_a_settings_file_that_is_no_settings_file_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(["."], "/dev/zero")
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (2 << 20), encoding="utf-8")
    with pytest.raises(ConfigError, match="larger than"):
        load_config(["."], str(big))


def test_allowlist_patterns_match_in_linear_time_on_hostile_text():
    allowlist = Allowlist.from_table({"patterns": ["(a|aa)+$"]}, ".")
    finding = Finding("f1", "relay.zh-ko-pair", "medium", 0.9, "x.txt", None, "line 1", "m", {"zh": "a" * 45 + "b"})
    started = time.perf_counter()
    assert allowlist.reason(finding) is None
    assert time.perf_counter() - started < 1.0  # Python's re takes minutes on this


def test_a_hostile_delivery_scanned_as_json_reports_its_findings(tmp_path):
    dump = _hostile_delivery(tmp_path, tmp_path / "victim")
    result = run_cli("scan", str(dump), "--format", "json", cwd=dump)
    report = json.loads(result.stdout)
    assert [f["rule"] for f in report["findings"]] == ["relay.zh-ko-pair"] and not (tmp_path / "victim").exists()


@pytest.mark.parametrize(
    "content",
    [
        b'{"schema": "analyzer.baseline/1", "findings": [{"fingerprint": "ab", "count": 1e400}]}',
        b'{"schema": "analyzer.baseline/1", "findings": [{"fingerprint": "ab", "count": "2"}]}',
        b'{"schema": "analyzer.baseline/1", "findings": [{"fingerprint": "ab", "count": true}]}',
        b'{"schema": "analyzer.baseline/1", "findings": [{"fingerprint": "ab", "count": -1}]}',
        b'{"schema": "analyzer.baseline/1", "findings": [{"fingerprint": 5}]}',
        b'{"schema": "analyzer.baseline/1", "findings": [{"count": 1}]}',
        b'{"schema": "analyzer.baseline/1", "findings": ["ab"]}',
        b'{"schema": "analyzer.baseline/1", "findings": {"fingerprint": "ab"}}',
        b'{"schema": "analyzer.baseline/1", "findings": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'["analyzer.baseline/1"]',
        b"\xff\xfe{}",
        b"{",
    ],
)
def test_malformed_baselines_are_usage_errors_without_traceback(tmp_path, content):
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    (tmp_path / "c001_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    result = run_cli("scan", "c001_notes.txt", "--baseline", str(baseline), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "baseline" in result.stderr


def test_a_baseline_that_never_ends_is_refused_at_once(tmp_path):
    (tmp_path / "c001_notes.txt").write_text(RELAY + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("scan", "c001_notes.txt", "--baseline", "/dev/zero", cwd=tmp_path)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert time.perf_counter() - started < 60
