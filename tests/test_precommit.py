"""The real `pre-commit` tool with this checkout's hook: a relay note blocks the commit, a clean note passes.

pre-commit installs hooks from a commit of a repository, so the working tree is committed into a
temporary clone first; the hook's environment installs the package from that local path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
GIT_IDENTITY |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}


def _run(args: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory) -> tuple[dict[str, str], Path, str]:
    """An environment for git and pre-commit, and this checkout committed as a hook repository."""
    pytest.importorskip("pre_commit")
    base = tmp_path_factory.mktemp("precommit")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    # a fresh HOME keeps the user's git configuration out; pip keeps its usual cache so the hook installs quickly
    pip_cache = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
    env |= GIT_IDENTITY | {"PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1", "HOME": str(base)}
    env["PIP_CACHE_DIR"] = pip_cache
    hook_repo = base / "analyzer-hook"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (hook_repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, hook_repo / name)
    _run(["git", "init", "-q"], hook_repo, env)
    _run(["git", "add", "-A"], hook_repo, env)
    _run(["git", "commit", "-qm", "analyzer under test"], hook_repo, env)
    rev = _run(["git", "rev-parse", "HEAD"], hook_repo, env).stdout.strip()
    return env, hook_repo, rev


def _delivery_repo(base: Path, env: dict[str, str], hook_repo: Path, rev: str) -> Path:
    repo = base / "delivery"
    repo.mkdir()
    _run(["git", "init", "-q"], repo, env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: analyzer\n", encoding="utf-8"
    )
    cut = repo / "ep01" / "c005"
    cut.mkdir(parents=True)
    (cut / "c005_notes.txt").write_text("최종 확인 부탁드립니다.\n", encoding="utf-8")
    (cut / "c005.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return repo


def test_try_repo_runs_the_hook_from_this_checkout(tmp_path, hook_env):
    env, hook_repo, _ = hook_env
    repo = _delivery_repo(tmp_path, env, hook_repo, "HEAD")
    note = repo / "ep01" / "c001_notes.txt"
    note.write_text("头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오.\n", encoding="utf-8")
    _run(["git", "add", "-A"], repo, env)
    tried = _run([*PRE_COMMIT, "try-repo", str(hook_repo), "analyzer", "--files", str(note)], repo, env, check=False)
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "relay.zh-ko-pair" in tried.stdout and "头太大了" in tried.stdout


def test_commit_of_a_relay_note_is_blocked_and_a_clean_note_passes(tmp_path, hook_env):
    env, hook_repo, rev = hook_env
    repo = _delivery_repo(tmp_path, env, hook_repo, rev)
    _run([*PRE_COMMIT, "install"], repo, env)
    _run(["git", "add", "-A"], repo, env)
    clean = _run(["git", "commit", "-m", "clean Korean sign-off"], repo, env, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout + clean.stderr

    cut = repo / "ep02" / "c010"
    cut.mkdir(parents=True)
    (cut / "c010_ko.xmp").write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
        '<rdf:li xml:lang="ko">입모양이 대사와 맞지 않습니다. 다시 그려주십시오.</rdf:li>'
        "</rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-qm", "Korean sidecar"], repo, env)  # Korean alone is not a relay
    (cut / "c010_zh.txt").write_text("口型和对白不一致，请重画\n", encoding="utf-8")
    _run(["git", "add", "ep02/c010/c010_zh.txt"], repo, env)
    blocked = _run(["git", "commit", "-m", "relay note"], repo, env, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "Failed" in output
    assert "relay.zh-ko-pair  ep02/c010/c010_zh.txt line 1: 口型和对白不一致，请重画 → 입모양이" in output
    assert "commit blocked" in output and "analyzer:allow" in output
    assert "Traceback" not in output
    log = _run(["git", "log", "--format=%s"], repo, env).stdout.split("\n")
    assert "relay note" not in log
