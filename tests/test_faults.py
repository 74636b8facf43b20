"""Faults during a build: killed at any point, two at once, a failing disk. Earlier releases
stay byte-identical, no half release appears, and the next build succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from raw_fixtures import RECORDS, raw_dir, write_records  # noqa: F401
from relations_data import release
from relations_data.cli import cli
from relations_data.release import build

BUILD = [sys.executable, "-m", "relations_data", "build", "--raw", "raw", "--out", "out"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def bump(raw: Path, version: str) -> None:
    meta = yaml.safe_load((raw / "dataset.yaml").read_text(encoding="utf-8"))
    meta["version"] = version
    (raw / "dataset.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    write_records(raw, "events", [dict(RECORDS["events"][0], description=f"Wording of {version}.")])


def releases(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.2, 1.6, 2.0, 2.5])
def test_a_killed_build_leaves_earlier_releases_intact_and_no_half_release(raw_dir, tmp_path, delay):
    build(raw_dir, tmp_path / "out")
    before = snapshot(tmp_path / "out" / "1.0.0")
    bump(raw_dir, "1.1.0")
    process = subprocess.Popen(BUILD, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(tmp_path / "out" / "1.0.0") == before
    # Either the new release is complete (the kill came late) or absent: never partial.
    if "1.1.0" in releases(tmp_path / "out"):
        assert (tmp_path / "out" / "1.1.0" / "manifest.json").exists()
    assert releases(tmp_path / "out") in (["1.0.0"], ["1.0.0", "1.1.0"])
    result = subprocess.run(BUILD, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert releases(tmp_path / "out") == ["1.0.0", "1.1.0"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".tmp-")]


def test_two_builds_at_once_one_refuses_cleanly(raw_dir, tmp_path):
    processes = [subprocess.Popen(BUILD, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    outcomes = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in processes]
    codes = sorted(code for code, _, _ in outcomes)
    assert codes in ([0, 0], [0, 1])  # the second either found it done or was refused
    for code, out, err in outcomes:
        assert "Traceback" not in err
        if code == 1:
            assert "another build is writing" in err
    assert releases(tmp_path / "out") == ["1.0.0"]


def test_a_full_disk_is_reported_without_a_traceback(raw_dir, tmp_path, monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(release, "write_parquet", no_space)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--raw", "raw", "--out", "out"])
    assert result.exit_code == 1
    assert "could not write the release to out (No space left on device)" in result.output
    assert "Traceback" not in result.output
    assert releases(tmp_path / "out") == []
