"""bench/run.py's report, not its timings: how figures are judged and
printed, how RESULTS.md keeps the quiet and the loaded run, and how a part
that is not there is skipped (issue 20). Nothing here measures anything."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from figures import Figure, report, table  # noqa: E402


def test_a_figure_is_met_against_its_goal_either_way() -> None:
    assert Figure("a", 0.9, 1.0).met
    assert not Figure("a", 1.1, 1.0).met
    assert Figure("b", 3500, 3000, " files/s", at_most=False).met
    assert not Figure("b", 2500, 3000, " files/s", at_most=False).met
    assert Figure("b", 2500, 3000, " files/s", at_most=False).row() == (
        "| b | 2,500 files/s | ≥ 3,000 files/s | NOT MET |"
    )
    assert Figure("c", 0.0712, 0.07, note="58 ms vs 474 ms").row() == (
        "| c | 0.071x | ≤ 0.07x | NOT MET (58 ms vs 474 ms) |"
    )


def test_a_figure_without_a_goal_is_context_and_never_fails_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    context = Figure("peers: ami-lint / ShellCheck", 6.9, None, note="75 ms vs 11 ms")
    assert context.met
    assert context.row() == "| peers: ami-lint / ShellCheck | 6.900x | (context) | 75 ms vs 11 ms |"
    assert report([context, Figure("d", 2.0, 1.0, " ms")]) == 1
    assert report([context]) == 0
    out = capsys.readouterr().out
    assert out.startswith(table([context, Figure("d", 2.0, 1.0, " ms")]))


def test_results_keep_the_other_run_and_replace_their_own(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    run.write_results(path, "Loaded run", "## Loaded run\n\nloaded 1\n")
    run.write_results(path, "Quiet run", "## Quiet run\n\nquiet 1\n")
    run.write_results(path, "Quiet run", "## Quiet run\n\nquiet 2\n")
    text = path.read_text()
    assert text.startswith(run.RESULTS_HEAD)
    assert text[len(run.RESULTS_HEAD) :] == "\n## Quiet run\n\nquiet 2\n\n## Loaded run\n\nloaded 1\n"


def test_a_part_not_present_is_said_and_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run, "HERE", tmp_path)
    assert run.part_figures("series", quick=True) == []
    assert capsys.readouterr().out == "part series: not present\n"


def test_a_part_that_crashes_is_one_figure_not_met(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken_part_for_test.py").write_text(
        "def figures(quick):\n    raise RuntimeError('no corpus')\n"
    )
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    figures = run.part_figures("broken_part_for_test", quick=True)
    assert [(f.name, f.met, f.note) for f in figures] == [
        ("part broken_part_for_test: failed", False, "RuntimeError: no corpus")
    ]
    assert "RuntimeError: no corpus" in capsys.readouterr().err


def test_the_loaded_run_is_said_to_a_part_that_asks_for_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "loaded_part_for_test.py").write_text(
        "from figures import Figure\n"
        "def figures(quick, loaded=False):\n    return [Figure('loaded' if loaded else 'quiet', 1, 1)]\n"
    )
    (tmp_path / "plain_part_for_test.py").write_text(
        "from figures import Figure\ndef figures(quick):\n    return [Figure('plain', 1, 1)]\n"
    )
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [f.name for f in run.part_figures("loaded_part_for_test", True, True)] == ["loaded"]
    assert [f.name for f in run.part_figures("loaded_part_for_test", True, False)] == ["quiet"]
    assert [f.name for f in run.part_figures("plain_part_for_test", True, True)] == ["plain"]


def test_every_part_is_asked_for_by_name() -> None:
    assert run.PARTS == ("startup", "series", "throughput", "peers", "server_latency")
    with pytest.raises(SystemExit) as exited:
        run.main(["--parts", "nope"])
    assert exited.value.code == 2
