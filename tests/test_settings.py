"""The settings: names, allowed values and their messages, the config file (flat TOML), and
the store's settings table, through ``casecards.settings.Settings`` as the CLI and the
trainer use it."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from casecards import settings as settings_module
from casecards.cards import DeckCards
from casecards.deck.format import SLUG
from casecards.settings import (
    KEYS,
    Display,
    LeechAction,
    NewPerDay,
    SettingError,
    Settings,
    StudySettings,
    parse_name,
    read_config,
    write_config,
)
from casecards.store import Store

MakeDeck = Callable[..., DeckCards]  # the conftest fixture's type

NOW = datetime(2024, 3, 4, 9, tzinfo=timezone(timedelta(hours=1)))


def test_every_setting_has_its_home_and_default() -> None:
    assert [(k.name, str(k.home), k.default) for k in KEYS] == [
        ("lang", "config file", None),  # unset: the locale's
        ("theme", "config file", "textual-dark"),
        ("new-per-day", "store", "20"),
        ("leech-threshold", "store", "8"),
        ("leech-action", "store", "tag"),
        ("scheduler", "store", "sm2"),
        ("desired-retention", "store", "0.9"),
        ("fsrs-parameters", "store", "default"),
    ]
    assert settings_module.DECK_ID == SLUG  # a deck id as the deck format has it


def test_names_and_their_messages() -> None:
    assert parse_name("new-per-day")[1] is None
    key, deck = parse_name("new-per-day.otm-01-cas")
    assert (key.name, deck) == ("new-per-day", "otm-01-cas")
    with pytest.raises(SettingError) as raised:
        parse_name("leech-treshold")
    assert str(raised.value) == (
        "no setting 'leech-treshold' (did you mean leech-threshold?); the settings: lang, "
        "theme, new-per-day, new-per-day.DECK-ID, leech-threshold, leech-action, scheduler, "
        "desired-retention, fsrs-parameters"
    )
    with pytest.raises(SettingError, match=r"'Otm_01' is not a deck id"):
        parse_name("new-per-day.Otm_01")
    with pytest.raises(SettingError, match=r"no setting 'lang\.fr'"):
        parse_name("lang.fr")  # only new-per-day is per deck


@pytest.mark.parametrize(
    ("name", "good", "canonical", "bad", "allowed"),
    [
        ("lang", " FR ", "fr", "auto", "allowed: fr or en"),
        ("theme", "dracula", "dracula", "pink", "allowed: ansi-dark, ansi-light,"),
        ("new-per-day", "007", "7", "-1", "allowed: a whole number from 0 to 9999"),
        ("new-per-day", "0", "0", "10000", "allowed: a whole number from 0 to 9999"),
        ("leech-threshold", "3", "3", "0", "allowed: a whole number from 1 to 999"),
        ("leech-threshold", "999", "999", "2.5", "allowed: a whole number from 1 to 999"),
        ("leech-action", "Suspend", "suspend", "bury", "allowed: tag or suspend"),
        ("scheduler", " FSRS", "fsrs", "sm5", "allowed: sm2 or fsrs"),
        ("scheduler", "sm2", "sm2", "anki", "allowed: sm2 or fsrs"),
        ("desired-retention", ".8", "0.8", "0.69", "allowed: a number from 0.7 to 0.99, at"),
        ("desired-retention", "0,95", "0.95", "1", "allowed: a number from 0.7 to 0.99, at"),
        ("desired-retention", "0.70", "0.7", "0.905", "allowed: a number from 0.7 to 0.99, at"),
        ("fsrs-parameters", "Default", "default", "1,2,3", "allowed: default (the fsrs"),
    ],
)
def test_each_value_is_checked_and_a_bad_one_lists_the_allowed_ones(
    tmp_path: Path, name: str, good: str, canonical: str, bad: str, allowed: str
) -> None:
    with Store.open(tmp_path / "s.db") as store:
        chosen = Settings(tmp_path / "config.toml", store)
        entry = chosen.set(name, good)
        assert (entry.value, entry.is_set) == (canonical, True)
        assert chosen.get(name).value == canonical
        with pytest.raises(SettingError) as raised:
            chosen.set(name, bad)
        assert str(raised.value).startswith(f"{name}: {bad!r} is not allowed; {allowed}")
        assert chosen.get(name).value == canonical  # a bad value changes nothing
        back = chosen.unset(name)
        assert (back.value, back.is_set) == (back.key.default, False)


def test_display_preferences_go_to_the_config_file_and_scheduling_to_the_store(
    tmp_path: Path, make_deck: MakeDeck
) -> None:
    config = tmp_path / "conf" / "config.toml"
    with Store.open(tmp_path / "s.db") as store:
        store.sync([make_deck("cardio", ["a"]), make_deck("neuro", ["b"])], NOW)
        chosen = Settings(config, store)
        chosen.set("theme", "nord")
        chosen.set("lang", "fr")
        chosen.set("new-per-day", "5")
        chosen.set("new-per-day.neuro", "2")
        chosen.set("leech-action", "suspend")
        assert tomllib.loads(config.read_text()) == {"theme": "nord", "lang": "fr"}
        assert store.stored_settings() == {
            "new-per-day": "5",
            "new-per-day.neuro": "2",
            "leech-action": "suspend",
        }
        assert store.study_settings() == StudySettings(
            NewPerDay(5, (("neuro", 2),)), 8, LeechAction.SUSPEND
        )
        assert Display.read(config) == Display("fr", "nord")
        listed = {e.name: (e.value, e.default, e.is_set) for e in chosen.entries(["cardio"])}
        assert listed == {
            "lang": ("fr", None, True),
            "theme": ("nord", "textual-dark", True),
            "new-per-day": ("5", "20", True),
            "new-per-day.cardio": ("5", "5", False),  # the deck's default: the global value
            "new-per-day.neuro": ("2", "5", True),
            "leech-threshold": ("8", "8", False),
            "leech-action": ("suspend", "tag", True),
            "scheduler": ("sm2", "sm2", False),
            "desired-retention": ("0.9", "0.9", False),
            "fsrs-parameters": ("default", "default", False),
        }
        with pytest.raises(SettingError, match=r"no deck 'derm' in the store \(its decks: "):
            chosen.set("new-per-day.derm", "3")
    # No store: its settings are the defaults, and cannot be set.
    alone = Settings(config, None)
    assert alone.get("new-per-day").value == "20"
    with pytest.raises(SettingError, match="no progress store"):
        alone.set("leech-threshold", "3")
    assert alone.set("lang", "en").value == "en"


def test_the_config_file_keeps_what_it_does_not_know_and_writes_toml(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('future = "x\\"y\\\\z"\ncount = 3\nflag = true\nratio = 0.5\n')
    Settings(config, None).set("theme", "gruvbox")
    assert read_config(config) == {
        "future": 'x"y\\z',
        "count": 3,
        "flag": True,
        "ratio": 0.5,
        "theme": "gruvbox",
    }
    odd: dict[str, Any] = {"we ird": "tab\tand\x7f", "é": "ü"}
    write_config(config, odd)
    assert read_config(config) == odd
    config.write_text("[section]\nkey = 1\n")
    with pytest.raises(SettingError, match="holds a dict, and casecards writes only flat"):
        Settings(config, None).set("lang", "fr")
    assert config.read_text() == "[section]\nkey = 1\n"  # nothing written


def test_a_broken_config_file_is_named_and_the_trainer_starts_anyway(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord\n')
    with pytest.raises(SettingError, match=rf"{config} is not a valid TOML file \(.*line 1"):
        Settings(config, None).get("theme")
    assert Display.read(config) == Display()  # the defaults
    config.write_bytes(b"theme = '\xff'\n")
    with pytest.raises(SettingError, match="is not UTF-8 text"):
        read_config(config)
    # A value edited by hand that is not allowed: the default is used, and said.
    config.write_text('theme = "pink"\nlang = 3\n')
    assert Display.read(config) == Display()
    entry = Settings(config, None).get("theme")
    assert (entry.value, entry.is_set) == ("textual-dark", False)
    assert entry.problem is not None and "'pink' is not allowed" in entry.problem
    assert Settings(config, None).get("lang").problem == (
        "'3' is not allowed (fr or en): the default is used"
    )


def test_the_types_of_values_check_and_canonicalise() -> None:
    whole, choice = settings_module.Whole(1, 9), settings_module.Choice(("sm2", "fsrs"))
    decimal = settings_module.Decimal(0.7, 0.99)
    assert (whole.parse(" 07 "), choice.parse("FSRS"), decimal.parse("0,9")) == ("7", "fsrs", "0.9")
    assert (decimal.parse(".85"), decimal.parse("0.70"), decimal.parse("0.99")) == (
        "0.85",
        "0.7",
        "0.99",
    )
    for parse, bad in [
        (whole.parse, "0"),
        (whole.parse, "1.0"),
        (choice.parse, "anki"),
        (decimal.parse, "0.999"),  # three decimals
        (decimal.parse, "1"),
        (decimal.parse, "0.5"),
        (decimal.parse, "."),
        (decimal.parse, "nan"),
        (decimal.parse, ""),
    ]:
        with pytest.raises(ValueError):
            parse(bad)
    assert decimal.allowed == "a number from 0.7 to 0.99, at most 2 decimals"


def test_unset_lang_follows_the_locale(tmp_path: Path) -> None:
    chosen = Settings(tmp_path / "config.toml", None)
    entry = chosen.get("lang")
    assert (entry.value, entry.is_set, entry.shown) == (None, False, "(locale)")
    assert Display.read(tmp_path / "config.toml").lang is None
    chosen.set("lang", "en")
    assert Display.read(tmp_path / "config.toml").lang == "en"
    assert chosen.unset("lang").value is None
    assert read_config(tmp_path / "config.toml") == {}


def test_a_store_value_edited_by_hand_counts_as_unset() -> None:
    stored = {"new-per-day": "many", "leech-threshold": "0", "new-per-day.x": "2"}
    assert StudySettings.from_stored(stored) == StudySettings(NewPerDay(20, (("x", 2),)))


def test_new_per_day_as_an_int_or_per_deck() -> None:
    assert NewPerDay.of(3) == NewPerDay(3)
    limits = NewPerDay(3, (("neuro", 1),))
    assert NewPerDay.of(limits) is limits
    assert (limits.for_deck("neuro"), limits.for_deck("cardio")) == (1, 3)
    with pytest.raises(ValueError, match="new_per_day must be an int >= 0"):
        NewPerDay.of(-1)


def test_a_store_written_before_the_settings_reads_as_the_defaults(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "stores" / "0004_retention_by_day.db", old)
    with Store.open_read_only(old) as store:
        assert store.stored_settings() == {}
        assert store.study_settings() == StudySettings()
