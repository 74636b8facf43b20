"""Extraction on a Dask cluster gives the same candidates as on local processes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from relations_data.cli import cli
from relations_data.extract import extract_paths

ARTICLES = {
    "threat.txt": "On 26 January 2025, President Trump threatened to impose a 25% tariff on all Colombian goods.\n",
    "recall.txt": "date 2025-07-07\nOn Thursday, July 3, 2025, the U.S. recalled its top envoy, Chargé d'Affaires "
                  "John McNamara, from Bogotá.\n",
    "coca.txt": "Coca cultivation in Colombia reached 253,000 hectares in 2023, the UNODC said.\n",
}


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture
def articles(tmp_path):
    paths = []
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe not text")
    return paths + [tmp_path / "broken.txt"]


def test_cluster_and_local_processes_agree(cluster, articles):
    errors = []
    local = [c.to_dict() for c in extract_paths(articles, workers=1)]
    remote = [c.to_dict() for c in extract_paths(articles, scheduler=cluster.scheduler_address,
                                                  on_error=lambda path, message: errors.append(path))]
    assert remote == local
    assert {c["table"] for c in remote} == {"tariff_threats", "diplomatic_recalls", "coca_cultivation"}
    assert errors == [articles[-1]]


def test_the_cli_runs_on_the_cluster(cluster, articles):
    result = CliRunner().invoke(cli, ["extract", *map(str, articles[:-1]), "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert len([json.loads(line) for line in result.stdout.splitlines()]) >= 3


def test_an_unreachable_scheduler_is_a_clear_error(articles):
    result = CliRunner().invoke(cli, ["extract", str(articles[0]), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
