"""The language a person reads: gettext catalogs, the choice of language, and the few dates
and numbers the screens and the command line show.

English is the source language: every msgid is the English text, so English needs no catalog
and a string missing from a catalog reads in English rather than not at all. French is
``locale/fr/LC_MESSAGES/casecards.mo``, compiled from the ``.po`` beside it (``scripts/i18n``;
a test fails when the two differ).

Strings are translated when they are shown, never when a module is imported: the language
is chosen after the imports (``--lang`` is read from the command line). A string that must
live in a class attribute (a binding's description, a screen's title) is marked with
``N_`` for the extractor and passed through ``_`` where it is shown.

The choice, first found wins: ``--lang`` on the command line, then the ``lang`` setting,
then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set, as POSIX reads
them: ``fr_*`` is French), else English. :func:`choose` is that rule, in one place.
"""

from __future__ import annotations

import enum
import gettext
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Final

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "Language",
    "_",
    "activate",
    "active",
    "choose",
    "day_count",
    "decimal",
    "integer",
    "long_date",
    "month_abbreviation",
    "ngettext",
    "npgettext",
    "percent",
    "pgettext",
    "short_date",
]

DOMAIN: Final = "casecards"
LOCALE_DIR: Final = Path(__file__).parent / "locale"

#: French typography: U+00A0 inside « » and between a number and its unit, U+202F before
#: ; : ? ! and % and as the thousands separator (as CLDR writes French numbers).
NBSP: Final = "\u00a0"
NNBSP: Final = "\u202f"


class Language(enum.StrEnum):
    EN = "en"
    FR = "fr"


_LOCALE_VARIABLES: Final = ("LC_ALL", "LC_MESSAGES", "LANG")
#: What the ``lang`` setting holds when the person has not chosen: the locale decides.
UNSET: Final = "unset"

_state: dict[str, object] = {}


def _translations() -> gettext.NullTranslations:
    found = _state.get("translations")
    if isinstance(found, gettext.NullTranslations):
        return found
    return activate(Language.EN)


def activate(language: Language | str) -> gettext.NullTranslations:
    """Speak ``language`` from now on, in the whole process (the CLI and the trainer have one
    person and one language). English needs no catalog; a missing French catalog (a broken
    install) is an error, not a silent English."""
    chosen = Language(language)
    translations: gettext.NullTranslations
    if chosen is Language.EN:
        translations = gettext.NullTranslations()
    else:
        translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen.value])
    _state["translations"] = translations
    _state["language"] = chosen
    return translations


def active() -> Language:
    """The language spoken now (English until :func:`activate` says otherwise)."""
    language = _state.get("language")
    return language if isinstance(language, Language) else Language.EN


def choose(
    *, cli: str | None = None, setting: str | None = None, environ: Mapping[str, str]
) -> Language:
    """The language to speak: ``cli`` (``--lang``), else ``setting`` (the ``lang`` setting;
    ``None`` or ``"unset"`` when not chosen), else the locale of ``environ``, else English.

    A ``cli`` or ``setting`` that is not a language raises ``ValueError``: the command line
    and the settings check their values before they get here.
    """
    for value in (cli, setting):
        if value and value != UNSET:
            return Language(value)
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:  # the first one set decides, even when it is not French (LC_ALL=C)
            return Language.FR if value.lower().startswith("fr") else Language.EN
    return Language.EN


def _(message: str) -> str:
    """``message`` (English) in the active language."""
    return _translations().gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalog without translating it: for class attributes, which
    are set at import, before the language is chosen. Translate with ``_`` where shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n``: in French 0 and 1 take the singular ("0 carte", "1 carte")."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` where one English word has two French ones: ``context`` tells which."""
    return _translations().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations().npgettext(context, singular, plural, n)


# Dates and numbers. A small table of the formats shown (CLDR's, for fr and en), rather than
# a locale library at run time: the trainer shows a day and month, whole numbers, percents,
# one decimal and day counts, nothing more.

_MONTHS: Final[dict[Language, tuple[str, ...]]] = {
    Language.EN: (
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ),
    Language.FR: (
        *("janv.", "févr.", "mars", "avr.", "mai", "juin"),
        *("juil.", "août", "sept.", "oct.", "nov.", "déc."),
    ),
}


def short_date(day: date) -> str:
    """A day of the year, as a calendar shows it: ``Dec 2``, ``2 déc.``"""
    language = active()
    month = _MONTHS[language][day.month - 1]
    if language is Language.FR:
        return f"{day.day}{NBSP}{month}"
    return f"{month} {day.day}"


def long_date(day: date) -> str:
    """A day with its year: ``Dec 2, 2026``, ``2 déc. 2026``."""
    if active() is Language.FR:
        return f"{short_date(day)}{NBSP}{day.year}"
    return f"{short_date(day)}, {day.year}"


def month_abbreviation(month: int) -> str:
    """The short name of ``month`` (1-12): ``Dec``, ``déc.``"""
    return _MONTHS[active()][month - 1]


def integer(n: int) -> str:
    """``12,345`` in English, ``12 345`` in French (a narrow no-break space)."""
    text = f"{n:,}"
    return text.replace(",", NNBSP) if active() is Language.FR else text


def decimal(x: float, digits: int = 1) -> str:
    """``2.5`` in English, ``2,5`` in French."""
    text = f"{x:,.{digits}f}"
    if active() is Language.FR:
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def percent(share: float, digits: int = 0) -> str:
    """A share (0.25) as a percent: ``25%`` in English, ``25 %`` in French."""
    number = decimal(share * 100, digits)
    return f"{number}{NNBSP}%" if active() is Language.FR else f"{number}%"


def day_count(days: int) -> str:
    """A number of days, short: ``6 d`` in English, ``6 j`` (jours) in French."""
    if active() is Language.FR:
        return f"{integer(days)}{NBSP}j"
    return f"{integer(days)} d"
