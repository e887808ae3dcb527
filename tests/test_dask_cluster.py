"""The Dask engine against a real `dask scheduler` and `dask worker` in processes of their own, on loopback.

Workers run in another working directory, so a relative path that were sent as given would not be found there;
a cluster without workers, or a service on the port that is no scheduler, is a usage error, not a hang.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

RELAY = "头太大了，请缩小一点 → 머리가 너무 큽니다. 조금 줄여주십시오.\n"

pytest.importorskip("distributed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--dashboard-address", ":0", "--no-show"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        yield f"tcp://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _worker(address: str, folder: Path) -> subprocess.Popen[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads", "1"]
    return subprocess.Popen(
        [*command, "--local-directory", str(folder), "--no-dashboard"],
        cwd=folder,  # not where the scan runs: relative paths would not be found here
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=30) as client:
        client.wait_for_workers(count, timeout=120)


def test_a_relative_path_is_found_by_workers_elsewhere(tmp_path, scheduler):
    delivery = tmp_path / "work" / "delivery" / "ep01"
    for cut in ("c001", "c002"):
        (delivery / cut).mkdir(parents=True)
        (delivery / cut / f"{cut}_notes.txt").write_text(RELAY, encoding="utf-8")
    worker = _worker(scheduler, tmp_path / "elsewhere")
    try:
        _wait_for_workers(scheduler, 1)
        local = run_cli("scan", "delivery", "--format", "json", cwd=tmp_path / "work")
        on_cluster = run_cli(
            "scan", "delivery", "--format", "json", "--engine", "dask", "--scheduler", scheduler, cwd=tmp_path / "work"
        )
        assert on_cluster.returncode == 1, on_cluster.stderr
        local_report, cluster_report = json.loads(local.stdout), json.loads(on_cluster.stdout)
        assert [f["status"] for f in cluster_report["files"]] == ["ok", "ok"]
        assert cluster_report["findings"] == local_report["findings"] and len(local_report["findings"]) == 2
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def test_a_cluster_without_workers_is_refused_with_a_message(tmp_path, scheduler):
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    started = time.monotonic()
    result = run_cli("scan", str(tmp_path), "--engine", "dask", "--scheduler", scheduler)
    assert result.returncode == 2 and "has no workers" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 120


def test_a_service_that_is_no_scheduler_is_refused_with_a_message(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def answer() -> None:  # an HTTP-ish service: it reads, answers nonsense, and keeps the connection
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello\r\n")

    threading.Thread(target=answer, daemon=True).start()
    (tmp_path / "c001_notes.txt").write_text(RELAY, encoding="utf-8")
    started = time.monotonic()
    try:
        result = run_cli("scan", str(tmp_path), "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}")
    finally:
        listener.close()
    assert result.returncode == 2 and "cannot reach a Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr and time.monotonic() - started < 120
