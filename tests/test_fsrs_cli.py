"""``casecards config scheduler``/``desired-retention`` and ``casecards optimize``, as a
caller runs them: exit codes, messages, and what the store keeps."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from casecards import paths, statistics
from casecards.cli import main
from casecards.fsrs_scheduler import DEFAULT_PARAMETERS
from casecards.optimize import training_items
from casecards.scheduler import Sm2State, review
from casecards.settings import SchedulerKind
from casecards.store import Store
from conftest import MakeDeck
from test_optimize import synthetic_log

ZONE = timezone(timedelta(hours=1))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def store_with(path: Path, make_deck: MakeDeck, cards: int) -> None:
    """A store whose log is ``synthetic_log(cards)``, answered through the store."""
    log = synthetic_log(cards)
    notes = sorted({card_id.split("/")[1] for card_id, _, _ in log})
    with Store.open(path) as store:
        store.sync([make_deck("deck", notes)], datetime(2024, 1, 1, tzinfo=ZONE))
        states: dict[str, Sm2State] = {}
        for card_id, day, grade in log:
            after = review(states.get(card_id, Sm2State()), grade)
            states[card_id] = after
            store.record_answer(
                card_id,
                grade=grade,
                after=after,
                due=day + timedelta(days=after.interval),
                day=day,
                reviewed_at=datetime.combine(day, time(9), ZONE),
                duration_ms=1,
            )


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "casecards.db"
    monkeypatch.setenv(paths.DB_ENV, str(path))
    return path


def test_the_scheduler_and_the_retention_are_store_settings(
    db: Path, make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    store_with(db, make_deck, 10)
    assert run(capsys, "config", "scheduler", "fsrs") == (
        0,
        "",
        "scheduler = fsrs (was sm2; kept in the store)\n",
    )
    with Store.open(db) as store:
        assert store.study_settings().scheduler is SchedulerKind.FSRS
        assert all(store.card(f"deck/n{n}/main").fsrs is not None for n in range(10))
    assert run(capsys, "config", "scheduler", "anki") == (
        1,
        "",
        "casecards: scheduler: 'anki' is not allowed; allowed: sm2 or fsrs\n",
    )
    assert run(capsys, "config", "desired-retention", "0.6")[2] == (
        "casecards: desired-retention: '0.6' is not allowed; allowed: a number from 0.7 to "
        "0.99, at most 2 decimals\n"
    )
    assert run(capsys, "config", "desired-retention", ".85")[0] == 0
    assert run(capsys, "config", "desired-retention")[1] == "0.85\n"
    assert run(capsys, "config", "scheduler", "sm2")[0] == 0
    assert run(capsys, "doctor", "--decks", str(db.parent))[0] == 0


def test_optimize_refuses_too_few_reviews_and_changes_nothing(
    db: Path, make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    store_with(db, make_deck, 20)
    code, out, err = run(capsys, "optimize")
    assert (code, out) == (1, "")
    assert err.startswith("casecards: ") and "FSRS needs 1000 to fit its parameters" in err
    assert "Nothing was changed" in err
    with Store.open(db) as store:
        assert store.stored_settings() == {}


def test_optimize_with_no_store_says_so(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "optimize")
    assert code == 1 and "no progress store at" in err and not db.exists()


@pytest.mark.slow
def test_optimize_keeps_parameters_that_predict_better(
    db: Path, make_deck: MakeDeck, capsys: pytest.CaptureFixture[str]
) -> None:
    store_with(db, make_deck, 500)
    assert run(capsys, "config", "scheduler", "fsrs")[0] == 0
    with Store.open(db) as store:
        before = store.card("deck/n1/main").fsrs
    code, out, err = run(capsys, "optimize")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "reviews on a later day than the card's previous answer: fitted on" in lines[0]
    assert lines[1].split() == ["log", "loss", "RMSE", "(bins)"]
    default, fitted = (float(lines[i].split()[-2]) for i in (2, 3))
    assert fitted < default
    assert lines[4].startswith("kept: fsrs-parameters set")
    with Store.open(db) as store:
        settings = store.study_settings()
        assert settings.fsrs.parameters != DEFAULT_PARAMETERS
        after = store.card("deck/n1/main").fsrs
        assert before is not None and after is not None
        assert after.stability != before.stability  # recomputed with the fitted parameters


def test_stats_under_fsrs_show_the_calibration_and_the_forecast(
    db: Path, make_deck: MakeDeck, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store_with(db, make_deck, 60)
    with Store.open(db) as store:
        store.set_setting("scheduler", "fsrs")
        bins = statistics.calibration(store, store.study_settings().fsrs)
        log = [(r.card_id, r.day, r.grade) for r in store.reviews()]
    assert sum(b.reviews for b in bins) == sum(map(len, training_items(log).values())) > 100
    for b in bins:
        assert b.low <= b.predicted < b.high and 0 <= b.actual <= 1
    (tmp_path / "decks").mkdir()
    (tmp_path / "media").mkdir()
    (tmp_path / "decks" / "other.yaml").write_text(
        'deck:\n  id: other\n  name: "Other"\n  lang: fr\nnotes:\n'
        '  - {id: n0, type: basic, source: s, front: "Q ?", back: "R"}\n'
    )
    code, out, err = run(
        capsys, "stats", "--decks", str(tmp_path / "decks"), "--media", str(tmp_path / "media")
    )
    assert code == 0, err
    assert "FSRS: predicted recall against actual, on reviews on a later day" in out
    rows = [line.split() for line in out.splitlines() if "%-" in line]
    assert [int(row[1]) for row in rows] == [b.reviews for b in bins]
    assert out.splitlines()[-1].startswith("due on the next 7 days (FSRS): ")
