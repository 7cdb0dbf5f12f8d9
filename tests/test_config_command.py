"""``casecards config`` as a caller uses it: for each setting, set it, read it back, see its
effect, and have a bad value refused with the values allowed; listing, --unset, --db and
CASECARDS_CONFIG; reading never creates a file."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from casecards import paths
from casecards.cli import main
from casecards.library import Library
from casecards.scheduler import Sm2State
from casecards.session import Session
from casecards.settings import Display
from casecards.store import Store

NOW = datetime(2024, 3, 4, 9, tzinfo=timezone(timedelta(hours=1)))
NOTE = '  - {{id: {0}, type: basic, source: s, front: "Q {0} ?", back: "R {0}"}}\n'


def deck(deck_id: str, notes: int) -> str:
    head = f'deck:\n  id: {deck_id}\n  name: "{deck_id.title()}"\n  lang: fr\nnotes:\n'
    return head + "".join(NOTE.format(f"n{i}") for i in range(notes))


@pytest.fixture
def decks(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    folder.mkdir()
    (tmp_path / "media").mkdir()
    (folder / "demo.yaml").write_text(deck("demo", 6))
    (folder / "other.yaml").write_text(deck("other", 6))
    return folder


@pytest.fixture
def db(tmp_path: Path, decks: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store the trainer has opened once (its decks synced), the CLI's default store."""
    path = tmp_path / "casecards.db"
    with Store.open(path) as store:
        Library.load(decks, decks.parent / "media").sync(store, NOW)
    monkeypatch.setenv(paths.DB_ENV, str(path))
    return path


def config(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["config", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def new_counts(decks: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    assert main(["stats", "--json", "--decks", str(decks)]) == 0
    return {d["id"]: d["new"] for d in json.loads(capsys.readouterr().out)["decks"]}


def test_the_tests_never_touch_the_users_config_file(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    assert paths.default_config().is_relative_to(tmp_path_factory.getbasetemp())


def test_listing_shows_every_setting_with_value_and_default_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "none" / "casecards.db"))
    code, out, err = config(capsys=capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["KEY", "VALUE", "DEFAULT", "KEPT", "IN"]
    assert [line.split()[:3] for line in lines[1:6]] == [
        ["lang", "(locale)", "(locale)"],
        ["theme", "textual-dark", "textual-dark"],
        ["new-per-day", "20", "20"],
        ["leech-threshold", "8", "8"],
        ["leech-action", "tag", "tag"],
    ]
    assert "(none yet: its settings are the defaults)" in out
    assert not (tmp_path / "none").exists() and not paths.default_config().exists()


def test_lang(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = config("lang", capsys=capsys)  # unset: git config's way
    assert (code, out) == (1, "")
    assert err.startswith("lang is not set: language of the screens and messages; unset: ")
    assert config("lang", "fr", capsys=capsys) == (
        0,
        "",
        "lang = fr (was (locale); kept in the config file)\n",
    )
    assert config("lang", capsys=capsys)[1] == "fr\n"
    assert Display.read(paths.default_config()).lang == "fr"  # what the trainer reads
    # The setting speaks from the next command on: French, whatever the locale.
    code, _, err = config("lang", "de", capsys=capsys)
    french = "casecards: lang\u00a0: 'de' n’est pas permis\u202f; permis\u00a0: fr ou en\n"
    assert (code, err) == (1, french)
    code, _, err = config("--lang", "en", "lang", "de", capsys=capsys)  # --lang wins
    assert (code, err) == (1, "casecards: lang: 'de' is not allowed; allowed: fr or en\n")
    assert config("lang", capsys=capsys)[1] == "fr\n"
    unset = config("--unset", "lang", capsys=capsys)[2]
    assert unset == "lang revient à sa valeur par défaut\u00a0: (locale)\n"
    assert Display.read(paths.default_config()).lang is None
    assert config("lang", "de", capsys=capsys)[2].endswith("allowed: fr or en\n")  # unset again


def test_theme(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert config("theme", "dracula", capsys=capsys)[0] == 0
    assert config("theme", capsys=capsys)[1] == "dracula\n"
    assert tomllib.loads(paths.default_config().read_text()) == {"theme": "dracula"}
    assert Display.read(paths.default_config()).theme == "dracula"  # the trainer's start
    code, _, err = config("theme", "pink", capsys=capsys)
    assert code == 1
    assert err.startswith("casecards: theme: 'pink' is not allowed; allowed: ansi-dark, ")
    assert "textual-light or tokyo-night\n" in err


def test_new_per_day_for_every_deck_and_for_one(
    db: Path, decks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new_counts(decks, capsys) == {"demo": 6, "other": 6}
    assert config("new-per-day", "4", capsys=capsys)[0] == 0
    assert config("new-per-day.other", "2", capsys=capsys)[0] == 0
    assert config("new-per-day", capsys=capsys)[1] == "4\n"
    assert config("new-per-day.other", capsys=capsys)[1] == "2\n"
    assert config("new-per-day.demo", capsys=capsys)[1] == "4\n"  # the global value
    assert new_counts(decks, capsys) == {"demo": 4, "other": 2}
    with Store.open(db) as store:  # the session's daily limit reads it too
        assert Session(store, now=NOW).counts().new == 6
    for bad in ("-3", "lots", "10000"):
        code, _, err = config("new-per-day", bad, capsys=capsys)
        assert (code, err) == (
            1,
            f"casecards: new-per-day: {bad!r} is not allowed; allowed: a whole number from 0 to 9999\n",
        )
    code, _, err = config("new-per-day.derm", "3", capsys=capsys)
    assert code == 1
    assert "new-per-day.derm: no deck 'derm' in the store (its decks: demo, other)" in err
    assert config("--unset", "new-per-day.other", capsys=capsys)[0] == 0
    assert new_counts(decks, capsys) == {"demo": 4, "other": 4}


def test_leech_threshold_and_action(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert config("leech-threshold", "2", capsys=capsys)[0] == 0
    assert config("leech-threshold", capsys=capsys)[1] == "2\n"
    assert config("leech-action", "suspend", capsys=capsys)[0] == 0
    assert config("leech-action", capsys=capsys)[1] == "suspend\n"
    with Store.open(db) as store:
        lapse(store, "demo/n0/main", NOW)
        assert store.leech_ids() == frozenset()
        lapse(store, "demo/n0/main", NOW + timedelta(days=2))
        assert store.leech_ids() == {"demo/n0/main"}  # 2 lapses: a leech
        assert store.card("demo/n0/main").suspended  # and suspended, as set
    code, _, err = config("leech-threshold", "0", capsys=capsys)
    assert (code, err) == (
        1,
        "casecards: leech-threshold: '0' is not allowed; allowed: a whole number from 1 to 999\n",
    )
    code, _, err = config("leech-action", "bury", capsys=capsys)
    assert (code, err) == (
        1,
        "casecards: leech-action: 'bury' is not allowed; allowed: tag or suspend\n",
    )
    assert config("--unset", "leech-action", capsys=capsys) == (
        0,
        "",
        "leech-action is back to its default: tag\n",
    )
    with Store.open(db) as store:
        lapse(store, "demo/n1/main", NOW)
        lapse(store, "demo/n1/main", NOW + timedelta(days=2))
        assert "demo/n1/main" in store.leech_ids()
        assert not store.card("demo/n1/main").suspended  # tag: marked, still studied


def lapse(store: Store, card_id: str, now: datetime) -> None:
    """Make ``card_id`` a review card (if new) and fail it once: one lapse."""
    card = store.card(card_id)
    if card.is_new:
        store.record_answer(
            card_id,
            grade=5,
            after=Sm2State(2.6, 1, 1),
            due=now.date(),
            day=now.date(),
            reviewed_at=now,
            duration_ms=1,
        )
        card = store.card(card_id)
    store.record_answer(
        card_id,
        grade=1,
        after=Sm2State(card.state.ease, 0, 0),
        due=now.date(),
        day=now.date(),
        reviewed_at=now + timedelta(minutes=1),
        duration_ms=1,
    )
    store.record_answer(
        card_id,
        grade=5,
        after=Sm2State(card.state.ease, 1, 1),
        due=now.date(),
        day=now.date(),
        reviewed_at=now + timedelta(minutes=2),
        duration_ms=1,
    )


def test_unset_and_the_options_that_choose_the_files(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    other_db, other_config = tmp_path / "elsewhere.db", tmp_path / "conf" / "other.toml"
    with Store.open(other_db):
        pass
    monkeypatch.setenv(paths.CONFIG_ENV, str(other_config))
    assert main(["config", "--db", str(other_db), "new-per-day", "3"]) == 0
    assert main(["config", "theme", "nord"]) == 0
    capsys.readouterr()
    assert config("new-per-day", capsys=capsys)[1] == "20\n"  # the default store: untouched
    assert config("--db", str(other_db), "new-per-day", capsys=capsys)[1] == "3\n"
    assert tomllib.loads(other_config.read_text()) == {"theme": "nord"}
    assert config("--db", str(other_db), "--unset", "new-per-day", capsys=capsys)[0] == 0
    assert config("--db", str(other_db), "new-per-day", capsys=capsys)[1] == "20\n"
    code, _, err = config("--unset", "theme", "nord", capsys=capsys)
    assert (code, err) == (
        1,
        "casecards: --unset takes the setting's name alone: casecards config --unset KEY\n",
    )
    code, _, err = config("colour", "red", capsys=capsys)
    assert code == 1 and "no setting 'colour'" in err


def test_a_store_setting_on_a_missing_store_creates_it_a_display_one_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "new" / "casecards.db"
    monkeypatch.setenv(paths.DB_ENV, str(db))
    assert config("lang", "en", capsys=capsys)[0] == 0
    assert not db.exists()
    assert config("leech-threshold", "5", capsys=capsys)[0] == 0
    with Store.open_read_only(db) as store:
        assert store.stored_settings() == {"leech-threshold": "5"}
