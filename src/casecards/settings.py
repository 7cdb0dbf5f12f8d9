"""Settings: what a student may choose, where each choice is kept, and the values allowed.

Two homes, by what a setting changes:

* the store (its ``settings`` table, beside the progress): what changes scheduling, and so
  must travel with the progress to another computer or a restored backup:
  ``new-per-day`` (and ``new-per-day.DECK-ID`` for one deck), ``leech-threshold``,
  ``leech-action``, ``scheduler``, ``desired-retention`` and ``fsrs-parameters``;
* the config file (TOML, in the user config folder; ``CASECARDS_CONFIG`` chooses another):
  this computer's display preferences, ``lang`` and ``theme``.

``casecards config`` and the trainer's settings screen both go through ``Settings``: one
validation, and one message for a bad value, listing the allowed ones. Values are kept as
text in their canonical form (``"20"``, ``"suspend"``); ``StudySettings`` and ``Display``
are the typed values the rest of casecards reads.

A leaf: no store (``SettingsStore`` is the little it needs of one), no clock, no Textual
(the theme names are listed here; a TUI test pins them to Textual's).
"""

from __future__ import annotations

import difflib
import enum
import math
import os
import re
import tempfile
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Protocol

from casecards.errors import CasecardsError
from casecards.fsrs_scheduler import (
    DEFAULT_PARAMETERS,
    FsrsConfig,
    format_parameters,
    parse_parameters,
)
from casecards.i18n import N_, _
from casecards.text import printable

__all__ = [
    "KEYS",
    "THEMES",
    "Display",
    "Entry",
    "Home",
    "Key",
    "LeechAction",
    "NewPerDay",
    "SchedulerKind",
    "SettingError",
    "Settings",
    "SettingsStore",
    "StudySettings",
    "read_config",
    "write_config",
]


class SettingError(CasecardsError):
    """A setting name or value that cannot be used; the message says what can."""


class Home(enum.StrEnum):
    """Where a setting is kept."""

    STORE = "store"
    CONFIG = "config file"

    @property
    def label(self) -> str:
        """Its name for a person, in the active language."""
        return _("store") if self is Home.STORE else _("config file")


class LeechAction(enum.StrEnum):
    """What happens to a card failed ``leech-threshold`` times."""

    TAG = "tag"  # marked a leech (Browse finds it with #leech), still studied
    SUSPEND = "suspend"  # marked, and suspended until unsuspended in Browse


class SchedulerKind(enum.StrEnum):
    """Which scheduler a store's cards follow (``scheduler``)."""

    SM2 = "sm2"  # exact SM-2, the default
    FSRS = "fsrs"  # FSRS, fitted by casecards optimize (its defaults until then)


#: The settings that change what FSRS computes: setting one recomputes every card's FSRS
#: state from its log (``Store.set_setting``).
FSRS_KEYS: Final = ("scheduler", "desired-retention", "fsrs-parameters")

NEW_PER_DAY: Final = 20
LEECH_THRESHOLD: Final = 8
MAX_NEW_PER_DAY: Final = 9999
MAX_LEECH_THRESHOLD: Final = 999

#: Textual 8's built-in themes, the ones the palette offers (``tests/tui`` pins this list).
THEMES: Final = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
DEFAULT_THEME: Final = "textual-dark"
LANGS: Final = ("fr", "en")  # unset: the locale's

# A deck id, as the deck format has it (``deck.format.SLUG``; a test keeps them equal).
DECK_ID: Final = r"[a-z0-9]+(?:-[a-z0-9]+)*"


# -- the typed values the rest of casecards reads ---------------------------------------------


@dataclass(frozen=True, slots=True)
class NewPerDay:
    """New cards a deck may introduce per study day: ``default``, or a deck's own number."""

    default: int = NEW_PER_DAY
    decks: tuple[tuple[str, int], ...] = ()  # (deck id, its own limit)

    @classmethod
    def of(cls, limit: int | NewPerDay) -> NewPerDay:
        """``limit`` as a ``NewPerDay`` (an int is the same limit for every deck)."""
        if isinstance(limit, NewPerDay):
            return limit
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ValueError(f"new_per_day must be an int >= 0, got {limit!r}")
        return cls(limit)

    def for_deck(self, deck_id: str) -> int:
        return dict(self.decks).get(deck_id, self.default)


@dataclass(frozen=True, slots=True)
class StudySettings:
    """The settings kept in the store, typed: what sessions and answers follow."""

    new_per_day: NewPerDay = NewPerDay()
    leech_threshold: int = LEECH_THRESHOLD
    leech_action: LeechAction = LeechAction.TAG
    scheduler: SchedulerKind = SchedulerKind.SM2
    fsrs: FsrsConfig = field(default_factory=FsrsConfig)

    @classmethod
    def from_stored(cls, stored: Mapping[str, str]) -> StudySettings:
        """The settings a store holds (its ``settings`` rows); a value that is not allowed
        (a store edited by hand) counts as unset."""
        values = {name: v for name, v in stored.items() if _valid(name, v)}

        def value(name: str) -> str:
            default = _BY_NAME[name].default
            assert default is not None  # every store setting has a default
            return _BY_NAME[name].check(values.get(name, default))

        decks = tuple(
            sorted(
                (name.partition(".")[2], int(v))
                for name, v in values.items()
                if name.startswith("new-per-day.")
            )
        )
        return cls(
            NewPerDay(int(value("new-per-day")), decks),
            int(value("leech-threshold")),
            LeechAction(value("leech-action")),
            SchedulerKind(value("scheduler")),
            FsrsConfig(_parameters(value("fsrs-parameters")), float(value("desired-retention"))),
        )


@dataclass(frozen=True, slots=True)
class Display:
    """The config file's settings, typed. ``lang`` None: not chosen, the locale's (the
    translation layer decides); ``theme`` None: not chosen (Textual's default)."""

    lang: str | None = None
    theme: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Display:
        """A value that is not allowed (a file edited by hand) counts as unset."""
        lang, theme = config.get("lang"), config.get("theme")
        return cls(
            _BY_NAME["lang"].check(lang)
            if isinstance(lang, str) and _valid("lang", lang)
            else None,
            _BY_NAME["theme"].check(theme)
            if isinstance(theme, str) and _valid("theme", theme)
            else None,
        )

    @classmethod
    def read(cls, path: Path) -> Display:
        """The display settings of the config file at ``path``; the defaults if it is
        missing or cannot be read (the trainer starts anyway; ``casecards config`` says
        what is wrong with it)."""
        try:
            return cls.from_config(read_config(path))
        except (SettingError, OSError):
            return cls()


# -- the keys -------------------------------------------------------------------------------
#
# One declaration per key, in ``KEYS``: its name, its home, the type of its values (which
# says what is allowed, and checks it), its default and its help. A new setting is one more
# ``Key`` there; a store setting is then read, typed, in ``StudySettings.from_stored``.


def _listed(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) == 1:
        return items[0]
    return _("{some} or {last}").format(some=", ".join(items[:-1]), last=items[-1])


@dataclass(frozen=True, slots=True)
class Choice:
    """One of a few words (compared in lowercase)."""

    choices: tuple[str, ...]

    @property
    def allowed(self) -> str:
        return _listed(self.choices)

    def parse(self, text: str) -> str:
        """``text`` in its canonical form; ValueError if it is not one of the choices."""
        text = text.strip().lower()
        if text not in self.choices:
            raise ValueError
        return text


@dataclass(frozen=True, slots=True)
class Whole:
    """A whole number from ``low`` to ``high``."""

    low: int
    high: int

    @property
    def allowed(self) -> str:
        return _("a whole number from {low} to {high}").format(low=self.low, high=self.high)

    def parse(self, text: str) -> str:
        text = text.strip()
        if not re.fullmatch(r"[0-9]+", text) or not self.low <= int(text) <= self.high:
            raise ValueError
        return str(int(text))


@dataclass(frozen=True, slots=True)
class Decimal:
    """A decimal number from ``low`` to ``high``, with at most ``places`` decimals (``0.9``,
    ``.9`` and ``0,9`` are the same value; the canonical form is ``0.9``)."""

    low: float
    high: float
    places: int = 2

    @property
    def allowed(self) -> str:
        return _("a number from {low} to {high}, at most {places} decimals").format(
            low=f"{self.low:g}", high=f"{self.high:g}", places=self.places
        )

    def parse(self, text: str) -> str:
        text = text.strip().replace(",", ".")
        digits = rf"[0-9]*(?:\.[0-9]{{1,{self.places}}})?"
        if not text or text == "." or not re.fullmatch(digits, text):
            raise ValueError
        value = float(text)
        if not self.low <= value <= self.high:
            raise ValueError
        return f"{value:.{self.places}f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Parameters:
    """FSRS's 21 parameters, as ``casecards optimize`` writes them, or ``default``."""

    @property
    def allowed(self) -> str:
        return _("default (the fsrs package's), or 21 numbers separated by commas")

    def parse(self, text: str) -> str:
        text = text.strip().lower()
        if text == "default":
            return text
        values = parse_parameters(text.replace(" ", ""))  # ValueError: not allowed
        return "default" if values == DEFAULT_PARAMETERS else format_parameters(values)


def _parameters(text: str) -> tuple[float, ...]:
    return DEFAULT_PARAMETERS if text == "default" else parse_parameters(text)


#: The types of values a setting may have.
Values = Choice | Whole | Decimal | Parameters


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its name, where it is kept, the type of its values, its default (None:
    unset, and then ``unset`` says what is followed instead) and its help text.
    ``per_deck``: ``NAME.DECK-ID`` sets it for one deck (its default: ``NAME``'s value)."""

    name: str
    home: Home
    values: Values
    default: str | None
    about: str  # an English msgid, marked N_: ``help`` is it translated
    per_deck: bool = False
    unset: str = ""  # what an unset key without a default follows (a msgid, as ``about``)

    @property
    def help(self) -> str:
        """What the setting does, in the active language."""
        return _(self.about)

    @property
    def unset_shown(self) -> str:
        return _(self.unset) if self.unset else ""

    @property
    def allowed(self) -> str:
        """The values allowed, for a person to read."""
        return self.values.allowed

    def check(self, text: str) -> str:
        """``text`` in its canonical form; ValueError if it is not allowed."""
        return self.values.parse(text)

    @property
    def default_shown(self) -> str:
        return self.unset_shown if self.default is None else self.default


KEYS: Final = (
    Key(
        "lang",
        Home.CONFIG,
        Choice(LANGS),
        None,
        N_("language of the screens and messages; unset: the locale's (LANG, LC_MESSAGES)"),
        unset=N_("(locale)"),
    ),
    Key(
        "theme",
        Home.CONFIG,
        Choice(THEMES),
        DEFAULT_THEME,
        N_("colours of the trainer (the palette's Theme command sets it too)"),
    ),
    Key(
        "new-per-day",
        Home.STORE,
        Whole(0, MAX_NEW_PER_DAY),
        str(NEW_PER_DAY),
        N_("new cards per deck per study day; new-per-day.DECK-ID for one deck"),
        per_deck=True,
    ),
    Key(
        "leech-threshold",
        Home.STORE,
        Whole(1, MAX_LEECH_THRESHOLD),
        str(LEECH_THRESHOLD),
        N_("lapses (failed answers on a review card) that make a card a leech"),
    ),
    Key(
        "leech-action",
        Home.STORE,
        Choice(tuple(a.value for a in LeechAction)),
        LeechAction.TAG.value,
        N_(
            "what becomes of a leech: tag (marked, #leech in Browse) or suspend (marked and"
            " suspended)"
        ),
    ),
    Key(
        "scheduler",
        Home.STORE,
        Choice(tuple(k.value for k in SchedulerKind)),
        SchedulerKind.SM2.value,
        N_(
            "sm2: exact SM-2, six grades; fsrs: FSRS with Anki's four grades, fitted to your"
            " answers by casecards optimize (switching keeps every answer; each card's state is"
            " computed from its own history)"
        ),
    ),
    Key(
        "desired-retention",
        Home.STORE,
        Decimal(0.7, 0.99),
        "0.9",
        N_("under FSRS, the share of reviews you aim to recall: higher means more reviews"),
    ),
    Key(
        "fsrs-parameters",
        Home.STORE,
        Parameters(),
        "default",
        N_("FSRS's 21 parameters: casecards optimize fits them to your answers"),
    ),
)
_BY_NAME: Final = {key.name: key for key in KEYS}


def _valid(name: str, value: str) -> bool:
    try:
        key, _deck = parse_name(name)
        key.check(value)
    except (SettingError, ValueError):
        return False
    return True


def parse_name(name: str) -> tuple[Key, str | None]:
    """The key ``name`` names, and its deck (``new-per-day.otm-01-cas``) or None.

    Raises:
        SettingError: If there is no such setting, naming the settings there are.
    """
    base, dot, deck = name.strip().partition(".")
    key = _BY_NAME.get(base)
    if key is not None and not dot:
        return key, None
    if key is not None and key.per_deck and re.fullmatch(DECK_ID, deck):
        return key, deck
    if key is not None and key.per_deck:
        raise SettingError(
            _(
                "{name}: {deck} is not a deck id (lowercase letters, digits and hyphens, e.g."
                " {example})"
            ).format(
                name=printable(name), deck=repr(printable(deck)), example=f"{key.name}.otm-01-cas"
            )
        )
    names = [n for k in KEYS for n in (k.name, f"{k.name}.DECK-ID")[: 1 + k.per_deck]]
    close = difflib.get_close_matches(base, list(_BY_NAME), n=1)
    hint = _(" (did you mean {name}?)").format(name=close[0]) if close else ""
    raise SettingError(
        _("no setting {name}{hint}; the settings: {names}").format(
            name=repr(printable(name)), hint=hint, names=", ".join(names)
        )
    )


def check_value(key: Key, value: str, name: str | None = None) -> str:
    """``value`` in its canonical form.

    Raises:
        SettingError: If ``key`` does not allow it, listing what it allows.
    """
    try:
        return key.check(value)
    except ValueError:
        raise SettingError(
            _("{name}: {value} is not allowed; allowed: {allowed}").format(
                name=name or key.name, value=repr(printable(value)), allowed=key.allowed
            )
        ) from None


# -- the settings, wherever they are kept ---------------------------------------------------


class SettingsStore(Protocol):
    """What ``Settings`` needs of the store (``casecards.store.Store`` is one)."""

    def stored_settings(self) -> dict[str, str]: ...

    def set_setting(self, name: str, value: str) -> None: ...

    def unset_setting(self, name: str) -> bool: ...

    def deck_names(self) -> dict[str, str]: ...


@dataclass(frozen=True, slots=True)
class Entry:
    """One setting as it stands: ``value`` is the one in effect (``default`` unless
    ``is_set``; None: unset, with no default, see ``Key.unset``); a per-deck entry's default
    is the ``new-per-day`` in effect. ``problem``: what is wrong with the value found in the
    config file (then the default is used)."""

    name: str
    key: Key
    deck: str | None
    value: str | None
    default: str | None
    is_set: bool
    problem: str | None = None

    @property
    def shown(self) -> str:
        """The value, for a person to read."""
        return self.key.unset_shown if self.value is None else self.value

    @property
    def default_shown(self) -> str:
        return self.key.unset_shown if self.default is None else self.default


class Settings:
    """Every setting, read from and written to its home: the config file at ``config``, and
    ``store`` (None: no store yet; its settings are then the defaults, and cannot be set)."""

    def __init__(self, config: Path, store: SettingsStore | None) -> None:
        self.config = config
        self.store = store

    def entries(self, decks: Iterable[str] = ()) -> tuple[Entry, ...]:
        """Every setting, in ``KEYS`` order; after ``new-per-day``, one entry per deck that
        has a value of its own and per deck in ``decks``, by deck id."""
        stored = self._stored()
        config = read_config(self.config)
        out: list[Entry] = []
        for key in KEYS:
            out.append(self._entry(key, None, stored, config))
            if key.per_deck:
                prefix = f"{key.name}."
                named = {n.removeprefix(prefix) for n in stored if n.startswith(prefix)}
                out += [self._entry(key, d, stored, config) for d in sorted(named | set(decks))]
        return tuple(out)

    def get(self, name: str) -> Entry:
        key, deck = parse_name(name)
        return self._entry(key, deck, self._stored(), read_config(self.config))

    def set(self, name: str, value: str) -> Entry:
        """Set a setting; return it as it now stands.

        Raises:
            SettingError: If the name or the value is not allowed, the deck is not in the
                store, or there is no store for a store setting.
        """
        key, deck = parse_name(name)
        name = key.name if deck is None else f"{key.name}.{deck}"
        canonical = check_value(key, value, name)
        if key.home is Home.CONFIG:
            config = read_config(self.config)
            write_config(self.config, {**config, name: canonical})
        else:
            store = self._store()
            if deck is not None:
                decks = store.deck_names()
                if deck not in decks:
                    known = ", ".join(sorted(decks)) or _("none yet")
                    raise SettingError(
                        _(
                            "{name}: no deck {deck} in the store (its decks: {known}); a deck"
                            " joins the store the first time the trainer opens it"
                        ).format(name=name, deck=repr(deck), known=known)
                    )
            store.set_setting(name, canonical)
        return self.get(name)

    def unset(self, name: str) -> Entry:
        """Put a setting back to its default; return it as it now stands."""
        key, deck = parse_name(name)
        name = key.name if deck is None else f"{key.name}.{deck}"
        if key.home is Home.CONFIG:
            config = read_config(self.config)
            if name in config:
                write_config(self.config, {k: v for k, v in config.items() if k != name})
        elif self.store is not None:
            self.store.unset_setting(name)
        return self.get(name)

    def _store(self) -> SettingsStore:
        if self.store is None:
            raise SettingError(_("no progress store to keep this setting in"))
        return self.store

    def _stored(self) -> dict[str, str]:
        return {} if self.store is None else self.store.stored_settings()

    @staticmethod
    def _entry(
        key: Key, deck: str | None, stored: Mapping[str, str], config: Mapping[str, object]
    ) -> Entry:
        name = key.name if deck is None else f"{key.name}.{deck}"
        default = key.default
        if deck is not None:  # the global value in effect
            default = Settings._entry(key, None, stored, config).value
        found: object = (stored if key.home is Home.STORE else config).get(name)
        if found is None:
            return Entry(name, key, deck, default, default, False)
        try:
            if not isinstance(found, str):
                raise ValueError
            value = key.check(found)
        except ValueError:
            shown = found if isinstance(found, str) else repr(found)
            problem = _("{value} is not allowed ({allowed}): the default is used").format(
                value=repr(printable(shown)), allowed=key.allowed
            )
            return Entry(name, key, deck, default, default, False, problem)
        return Entry(name, key, deck, value, default, True)


# -- the config file: flat TOML -------------------------------------------------------------


def read_config(path: Path) -> dict[str, object]:
    """The config file's keys and values; empty if there is no file.

    Raises:
        SettingError: If the file is not TOML, saying where and how to start afresh.
        OSError: If it cannot be read (the CLI says which path and why).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as error:
        raise SettingError(
            _("{path} is not UTF-8 text ({reason}); fix or delete it").format(
                path=path, reason=error.reason
            )
        ) from None
    try:
        return dict(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise SettingError(
            _(
                "{path} is not a valid TOML file ({error}); fix it, or delete it to start afresh"
            ).format(path=path, error=error)
        ) from None


_HEADER: Final = (
    "# casecards settings of this computer (casecards config lists them all).\n"
    "# Written by casecards config and the trainer's settings screen.\n"
)


def write_config(path: Path, values: Mapping[str, object]) -> None:
    """Write ``values`` as a flat TOML file, atomically (a crash leaves the old file or the
    new one, never half of one). Keys casecards does not know are kept as they were.

    Raises:
        SettingError: If a value is not one flat TOML can hold (a table, a list, a date:
            a file edited by hand), before anything is written.
    """
    lines = [_HEADER]
    for name, value in values.items():
        lines.append(f"{_toml_key(path, name)} = {_toml_value(path, name, value)}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write("".join(lines))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _toml_key(path: Path, name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def _toml_value(path: Path, name: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    raise SettingError(
        _(
            "cannot rewrite {path}: {name} holds a {type}, and casecards writes only flat"
            " key = value files; edit that line by hand"
        ).format(path=path, name=repr(printable(name)), type=type(value).__name__)
    )


def _toml_string(text: str) -> str:
    """A TOML basic string: backslash, quote and control characters escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
