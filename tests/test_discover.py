"""Discovery: folder batches, VCS folders skipped, symlinks never lead out of the scanned root."""

from __future__ import annotations

import os

from analyzer.discover import Skipped, walk_batches


def _names(batches):
    return sorted(item.path for batch in batches for item in batch if not isinstance(item, Skipped))


def test_walks_folders_and_skips_vcs(tmp_path):
    (tmp_path / "ep01" / "c001").mkdir(parents=True)
    (tmp_path / "ep01" / "c001" / "a.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    (tmp_path / "top.json").write_text("{}")
    root = str(tmp_path)
    assert _names(walk_batches([root])) == [os.path.join(root, "ep01", "c001", "a.txt"), os.path.join(root, "top.json")]


def test_symlink_out_of_root_is_skipped_with_reason(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("x")
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside)
    (root / "file_link.txt").symlink_to(outside / "secret.txt")
    batches = list(walk_batches([str(root)]))
    assert _names(batches) == []
    skipped = [item for batch in batches for item in batch if isinstance(item, Skipped)]
    assert {os.path.basename(s.path) for s in skipped} == {"link", "file_link.txt"}
    assert all("outside the scanned root" in s.reason for s in skipped)


def test_symlink_inside_root_is_followed_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    names = _names(walk_batches([str(tmp_path)]))
    assert len(names) == 1 and names[0].endswith("a.txt")


def test_display_path_joins_the_given_path(tmp_path, monkeypatch):
    (tmp_path / "dump" / "ep01").mkdir(parents=True)
    (tmp_path / "dump" / "ep01" / "n.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert _names(walk_batches(["dump/"])) == ["dump/ep01/n.txt"]
