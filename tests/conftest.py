"""Shared fixtures: where the samples and the shared development data live."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# ../shared/data beside the lead's checkout, ../../shared/data beside a worktree under /work/wt.
SHARED_DATA = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared" / "data"
)


@pytest.fixture(autouse=True, scope="session")
def _no_user_settings(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The developer's own ~/.config/analyzer/config.toml must not change what the tests see (subprocesses too)."""
    previous = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("xdg-config"))
    yield
    if previous is None:
        os.environ.pop("XDG_CONFIG_HOME", None)
    else:
        os.environ["XDG_CONFIG_HOME"] = previous


def age_files(root: Path, seconds: float = 3600) -> None:
    """Date every file under `root` `seconds` back: files a test writes are younger than the scan cache's racy
    window (an hour back by default), and mtime-dated timeline days move with them."""
    stamp = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (stamp, stamp))


def run_cli(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m analyzer ARGS` as a user would, capturing UTF-8 output."""
    return run_python("-m", "analyzer", *args, cwd=cwd, stdin=stdin)


def run_python(*args: str, cwd: Path = ROOT, stdin: str | None = None, env: dict[str, str] | None = None):
    """Run `python ARGS` (e.g. "-c", code) in a fresh interpreter, capturing UTF-8 output."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


# Code run first in a fresh interpreter (run_python("-c", NO_NETWORK + ...)): any socket but a Unix one raises,
# name lookups and connections are gone, and `families` records every socket family opened.
NO_NETWORK = (
    "import socket, sys\n"
    "families = []\n"
    "real_init = socket.socket.__init__\n"
    "def init(self, family=-1, *args, **kwargs):\n"
    "    families.append(int(family))\n"
    "    if family not in (socket.AF_UNIX, -1):\n"
    "        raise OSError('network socket refused by the test')\n"
    "    real_init(self, family, *args, **kwargs)\n"
    "socket.socket.__init__ = init\n"
    "socket.create_connection = socket.getaddrinfo = None\n"
)


def git(repo: Path, *args: str) -> str:
    """`git ARGS` in `repo` with a throwaway identity; its standard output."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def run_on_terminal(
    args: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None, stream: str = "stdout", columns: int = 160
) -> str:
    """What the CLI writes to stdout (or stderr) on a pseudo-terminal, as a user at a shell sees it and where
    escape sequences would act."""
    import pty

    primary, secondary = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    environment.update({"TERM": "xterm-256color", "COLUMNS": str(columns), **(env or {})})
    other = subprocess.DEVNULL
    streams = {"stdout": secondary, "stderr": other} if stream == "stdout" else {"stdout": other, "stderr": secondary}
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", *args], cwd=cwd, env=environment, **streams)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


@cache
def _samples_scan() -> str:
    result = run_cli("scan", "samples/", "--format", "json")
    assert result.returncode == 1, result.stderr
    return result.stdout


def samples_report() -> dict:
    """The JSON report of `analyzer scan samples/`, scanned once per test session (each scan starts a JVM)."""
    return copy.deepcopy(json.loads(_samples_scan()))


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA


def chinese_texts(shared_data: Path, seed: int) -> tuple[list[str], list[str], random.Random]:
    """Texts to hold OpenCC's conversions to: FLORES sentences in both scripts, the word list's words one by one and
    20,000 strings of them at random (where a phrase of one table may start inside another's); also the words and the
    generator, for a test to make more."""
    from analyzer.resources import model_path

    texts: list[str] = []
    for name in ("zho_Hans", "zho_Hant"):
        texts += (shared_data / "flores200-dev" / f"{name}.dev").read_text(encoding="utf-8").splitlines()
    words = [line.strip() for line in model_path("align", "zh_words.txt").read_text(encoding="utf-8").splitlines()]
    words = [w for w in words if w and not w.startswith("#")]
    rng = random.Random(seed)
    texts += words
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(2, 9))) for _ in range(20_000)]
    return texts, words, rng
