"""The language: how it is chosen, the French catalog (complete, compiled, typeset), the lint
that finds text shown to a person but not translated, and dates and numbers per language."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import i18n_tools  # scripts/, on the path from conftest
from casecards import i18n
from casecards.i18n import Language, _, ngettext, pgettext

# Modules not swept yet: their text is still English. Empty since the deck messages were
# translated; a module listed here while the lint finds nothing in it fails the test below,
# so the list cannot fall out of step.
NOT_SWEPT: set[str] = set()


@pytest.mark.parametrize(
    ("cli", "setting", "environ", "expected"),
    [
        ("fr", "en", {"LANG": "en_US.UTF-8"}, Language.FR),  # --lang first
        ("en", "fr", {"LANG": "fr_FR.UTF-8"}, Language.EN),
        (None, "fr", {"LANG": "en_US.UTF-8"}, Language.FR),  # then the setting
        (None, "en", {"LC_ALL": "fr_FR.UTF-8"}, Language.EN),
        (None, "unset", {"LANG": "fr_CA.UTF-8"}, Language.FR),  # then the locale
        (None, None, {"LANG": "fr_FR.UTF-8"}, Language.FR),
        (None, None, {"LC_MESSAGES": "fr_BE.UTF-8", "LANG": "en_GB"}, Language.FR),
        (None, None, {"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, Language.EN),  # LC_ALL wins
        (None, None, {"LC_ALL": "", "LANG": "fr_FR.UTF-8"}, Language.FR),  # set but empty
        (None, None, {"LANG": "de_DE.UTF-8"}, Language.EN),  # neither: English
        (None, None, {}, Language.EN),
    ],
)
def test_the_language_is_chosen_cli_then_setting_then_locale(
    cli: str | None, setting: str | None, environ: dict[str, str], expected: Language
) -> None:
    assert i18n.choose(cli=cli, setting=setting, environ=environ) is expected


def test_a_value_that_is_no_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.choose(cli="de", environ={})


def test_french_speaks_french_and_english_gives_the_msgid_back() -> None:
    i18n.activate("fr")
    assert _("Quit") == "Quitter"
    assert _("Easy") == "Facile"
    assert _("a string no catalog has") == "a string no catalog has"
    assert pgettext("a backup", "one") == "l’une d’elles"
    i18n.activate("en")
    assert _("Quit") == "Quit"
    assert pgettext("a backup", "one") == "one"


@pytest.mark.parametrize(("n", "french", "english"), [(0, "0 carte", "0 cards"), (1, "1 carte", "1 card"), (2, "2 cartes", "2 cards"), (21, "21 cartes", "21 cards")])  # fmt: skip
def test_plurals_follow_each_language(n: int, french: str, english: str) -> None:
    """French takes the singular for 0 and 1 (the catalog's Plural-Forms: n > 1)."""
    assert ngettext("{n} card", "{n} cards", n).format(n=n) == english
    i18n.activate("fr")
    assert ngettext("{n} card", "{n} cards", n).format(n=n) == french


def test_dates_and_numbers_per_language() -> None:
    day = date(2026, 12, 2)
    shown = (i18n.short_date(day), i18n.percent(0.25), i18n.decimal(2.5), i18n.day_count(6))
    assert shown == ("Dec 2", "25%", "2.5", "6 d")
    assert (i18n.integer(12345), i18n.percent(0.125, 1)) == ("12,345", "12.5%")
    i18n.activate("fr")
    shown = (i18n.short_date(day), i18n.percent(0.25), i18n.decimal(2.5), i18n.day_count(6))
    assert shown == ("2\u00a0déc.", "25\u202f%", "2,5", "6\u00a0j")
    assert (i18n.integer(12345), i18n.percent(0.125, 1)) == ("12\u202f345", "12,5\u202f%")
    assert i18n.short_date(date(2026, 2, 1)) == "1\u00a0févr."


def test_every_string_of_the_code_is_in_french_none_fuzzy_and_the_mo_is_the_po_compiled() -> None:
    """Fails on a string added to the code without its French (``scripts/i18n update``,
    translate, ``scripts/i18n compile``), and on a ``.mo`` left behind its ``.po``."""
    assert i18n_tools.problems("fr") == []


_FIELDS = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)[sdr]|(%[sdr])")


def _texts(value: object) -> list[str]:
    """A catalog entry's msgid or msgstr as a list: one string, or the plural forms."""
    if isinstance(value, tuple | list):
        return [str(v) for v in value]
    return [str(value or "")]


def _french() -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of the French catalog, plural forms paired with their msgid."""
    pairs = []
    for message in i18n_tools.read("fr"):
        if not message.id:
            continue
        ids = _texts(message.id)
        pairs += [(ids[min(i, len(ids) - 1)], s) for i, s in enumerate(_texts(message.string))]
    return pairs


def test_each_translation_keeps_the_fields_of_its_msgid() -> None:
    """A field renamed or lost in French would raise, or show "{db}", on screen."""
    wrong = [
        (msgid, msgstr)
        for msgid, msgstr in _french()
        if sorted(_FIELDS.findall(msgid)) != sorted(_FIELDS.findall(msgstr))
    ]
    assert wrong == []


def test_french_typography_no_break_spaces_before_and_inside() -> None:
    """As the decks write it: U+00A0 before ":" and inside « », U+202F before ; ? !; never a
    plain space there, which would let a line start with the sign."""
    wrong = [msgstr for _msgid, msgstr in _french() if re.search(r" [;:?!»]|« ", msgstr)]
    assert wrong == []


def test_the_lint_finds_text_shown_but_not_translated(tmp_path: Path) -> None:
    module = tmp_path / "shown.py"
    module.write_text(
        "from casecards.i18n import _\n"
        "print('Deck checked')\n"  # flagged
        "print(f'{count} problems found')\n"  # flagged
        "print(_('Deck checked'))\n"
        "print(f'{path}:{line}')\n"  # no words: not text
        "print('casecards: ' + _('warning'))\n"  # the program's name is not text
        "raise CasecardsError(f'cannot read {path}')\n"  # flagged
        "raise ValueError('not for a person')\n"
        "parser.add_argument('--x', help='what x does')\n"  # flagged
        "self.notify(_('Saved'), title='Saved')\n"  # flagged: the title
        "Binding('q', 'quit', 'Quit')\n",  # extracted as it is, translated where shown
        encoding="utf-8",
    )
    found = i18n_tools.unwrapped(module, errors={"CasecardsError"})
    assert [line.split(":")[1] for line in found] == ["2", "3", "7", "9", "10"]


def test_the_lint_reads_rich_text_built_in_the_trainer(tmp_path: Path) -> None:
    module = tmp_path / "screen.py"
    module.write_text(
        "from casecards.i18n import _\n"
        "Text('Nothing left')\n"  # flagged
        "text.append(f' · {n} re-drill', style='bold')\n"  # flagged
        "Text.assemble(('Due', 'bold'), ' · ')\n"  # flagged: the first part
        "Text(_('Nothing left'))\n"
        "text.append('✓ ', style='bold green')\n"  # a sign, not text
        "text.append(f'  {typed}')\n",
        encoding="utf-8",
    )
    found = i18n_tools.unwrapped(module, errors=set(), tui=True)
    assert [line.split(":")[1] for line in found] == ["2", "3", "4"]
    assert i18n_tools.unwrapped(module, errors=set(), tui=False) == []  # the core: not read


def test_the_lint_reads_a_deck_s_problems(tmp_path: Path) -> None:
    module = tmp_path / "loader.py"
    module.write_text(
        "from casecards.i18n import _\n"
        "Problem(path, 1, 2, f'unknown key {key}')\n"  # flagged
        "Problem(path, 1, 2, _('unknown key {key}'), 'did you mean it?')\n"  # flagged: the hint
        "Problem(path, 0, 0, message=_('empty'), hint='add a note')\n"  # flagged: the hint
        "raise MediaError(f'image {name} not found')\n",  # flagged
        encoding="utf-8",
    )
    found = i18n_tools.unwrapped(module, errors=set())
    assert [line.split(":")[1] for line in found] == ["2", "3", "4", "5"]


def test_every_swept_module_passes_text_through_the_catalog() -> None:
    errors = i18n_tools._error_classes()
    found = [
        problem
        for path in sorted(i18n_tools.PACKAGE.rglob("*.py"))
        if path.relative_to(i18n_tools.ROOT).as_posix() not in NOT_SWEPT
        for problem in i18n_tools.unwrapped(path, errors)
    ]
    assert found == []


def test_a_module_not_swept_is_listed_only_while_it_has_english_text() -> None:
    swept = [module for module in NOT_SWEPT if not i18n_tools.unwrapped(i18n_tools.ROOT / module)]
    assert swept == [], f"swept: unlist {swept}"


def test_the_command_line_speaks_the_locale_and_lang_overrides_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from casecards.cli import main

    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert main(["check"]) == 0
    assert "ok\u00a0: 9 paquets, " in capsys.readouterr().err
    assert main(["--lang", "en", "check"]) == 0
    assert "ok: 9 decks, " in capsys.readouterr().err
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert main(["check", "--lang=fr"]) == 0  # after the command too
    assert "ok\u00a0: 9 paquets, " in capsys.readouterr().err


def test_french_check_of_a_broken_deck_and_french_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from casecards.cli import main

    broken = tmp_path / "decks" / "broken.yaml"
    broken.parent.mkdir()
    broken.write_text("deck: {id: x, name: X, lang: fr}\nnotes: []\nlangue: fr\n", "utf-8")
    assert main(["--lang", "fr", "check", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "2 problèmes dans 1 fichier" in err, err
    assert main(["--lang", "fr", "backup", "list", "--db", str(tmp_path / "none.db")]) == 1
    assert "pas encore de base de progression" in capsys.readouterr().err


def test_french_help_including_argparse_own_words(capsys: pytest.CaptureFixture[str]) -> None:
    from casecards.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", "fr", "doctor", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation\u00a0: casecards doctor")
    assert "afficher cette aide et quitter" in out and "exemple\u00a0:" in out
    assert max(len(line) for line in out.splitlines()) <= 80  # wrapped (D24)
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "stats", "--bogus"])
    assert "erreur\u00a0: arguments non reconnus\u00a0: --bogus" in capsys.readouterr().err


# A deck with the problems an author meets most: a misspelt key, a missing image, a box of
# three numbers; and a media folder with one image, the one a did-you-mean can propose.
_BROKEN = """\
deck: {id: demo, name: Demo, lang: fr}
notes:
  - id: one
    type: basic
    frnt: Question
    back: Answer
    source: Case 1
  - id: two
    type: image
    image: knee-mri.png
    prompt: What?
    answer: A knee
    source: Case 2
  - id: three
    type: image
    image: knee.png
    prompt: What?
    answer: A knee
    source: Case 3
    regions:
      - {id: r1, box: [1, 2, 3], answer: x}
"""


def _broken_deck(tmp_path: Path) -> Path:
    from PIL import Image

    deck = tmp_path / "decks" / "broken.yaml"
    deck.parent.mkdir()
    deck.write_text(_BROKEN, encoding="utf-8")
    (tmp_path / "media").mkdir()
    Image.new("RGB", (40, 30), "white").save(tmp_path / "media" / "knee.png")
    return deck


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    from casecards.cli import main

    assert main(list(argv)) == 1
    return capsys.readouterr().out.splitlines()


def test_check_tells_a_deck_s_problems_in_french_at_the_same_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = _broken_deck(tmp_path)
    english = _check(capsys, "--lang", "en", "check", str(deck))
    french = _check(capsys, "--lang", "fr", "check", str(deck))
    where = [f"{deck}:{place}: " for place in ("5:5", "10:12", "21:23")]
    assert [line.partition(" ")[0] for line in english] == [w.strip() for w in where]
    assert [line.partition(" ")[0] for line in french] == [w.strip() for w in where]
    assert english[0] == (
        f"{where[0]}note 'one': unknown field 'frnt' in basic note (did you mean 'front'?)"
    )
    assert french == [
        f"{where[0]}note «\u00a0one\u00a0»\u00a0: champ inconnu «\u00a0frnt\u00a0» (note basic) "
        "(vouliez-vous dire «\u00a0front\u00a0»\u202f?)",
        f"{where[1]}note «\u00a0two\u00a0»\u00a0: image «\u00a0knee-mri.png\u00a0» introuvable "
        f"dans {tmp_path / 'media'} (vouliez-vous dire «\u00a0knee.png\u00a0»\u202f?)",
        f"{where[2]}note «\u00a0three\u00a0»\u00a0: il faut exactement 4 éléments (nombre), "
        "il y en a 3",
    ]


def test_a_language_never_reads_problems_kept_from_another(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trainer's way in (through the deck cache, the broken notes skipped): English, then
    French, then English again, with one cache folder, each in its language."""
    from casecards.deck import DeckCache, load_entries

    deck = _broken_deck(tmp_path)
    cache = DeckCache(tmp_path / "cache")
    told: dict[str, list[list[str]]] = {}
    for language in ("en", "fr", "en"):
        i18n.activate(language)
        entries, problems = load_entries([deck], tmp_path / "media", cache, partial=True)
        assert entries == () or not entries[0].complete
        told.setdefault(language, []).append([p.message for p in problems])
    assert told["en"][0] == told["en"][1]
    assert told["en"][0][0] == "note 'one': unknown field 'frnt' in basic note"
    assert (
        told["fr"][0][0]
        == "note «\u00a0one\u00a0»\u00a0: champ inconnu «\u00a0frnt\u00a0» (note basic)"
    )
    valid = tmp_path / "decks" / "broken.yaml"
    valid.write_text(
        "deck: {id: demo, name: Demo, lang: fr}\n"
        "notes:\n  - {id: one, type: basic, front: Q, back: A, source: S}\n",
        encoding="utf-8",
    )
    for language in ("en", "fr"):
        i18n.activate(language)
        load_entries([deck], tmp_path / "media", cache)
    # A valid deck is kept once per language: the language is part of the key.
    assert len(list((tmp_path / "cache").glob("*.deck"))) == 2
