"""The author's commands: ``new`` (a deck to start from), ``preview`` (a deck's cards as the
trainer shows them, without the store) and ``regions`` (a box drawn on a picture)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from casecards import paths
from casecards.authoring import write_new_deck

if TYPE_CHECKING:
    from casecards.deck import Deck

from casecards.i18n import _

#: Where ``new`` writes when not told: decks/ in the current folder (never the bundled decks).
NEW_DECKS = Path("decks")


def new(args: argparse.Namespace) -> int:
    decks_dir: Path = getattr(args, "decks", None) or NEW_DECKS
    media_dir: Path = getattr(args, "media", None) or paths.media_beside(decks_dir)
    written = write_new_deck(args.deck_id, decks_dir, media_dir)
    print(_("wrote {path}: one example note of each type").format(path=written.deck))
    if written.schema is not None:
        print(
            _("wrote {path}: editors with the YAML language server check as you type").format(
                path=written.schema
            )
        )
    if written.picture is not None:
        print(_("wrote {path}: the picture of the image example").format(path=written.picture))
    folder = decks_dir.as_posix()
    print(
        _("next: casecards check {folder} · casecards preview {deck}").format(
            folder=folder, deck=written.deck.as_posix()
        ),
        file=sys.stderr,
    )
    return 0


def preview(args: argparse.Namespace) -> int:
    """Plain text when the output is not a terminal (or with --plain), else the trainer's
    screens; ``--watch`` again whenever the deck file changes. Never opens the store."""
    from casecards.preview import preview_cards, render_text

    target: Path = args.path
    media_dir = _media_for(args, target)
    if args.plain or not sys.stdout.isatty():
        if not args.watch:
            decks = _load(target, media_dir)
            cards = [(deck, preview_cards(deck, args.note)) for deck in _with_note(decks, args)]
            print("\n".join(render_text(deck, shown, media_dir) for deck, shown in cards), end="")
            return 0
        return _watch_text(args, target, media_dir)
    import textual_image.widget  # noqa: F401  (asks the terminal what it draws, first)

    from casecards.tui.preview import run_preview

    boxes = run_preview(target, media_dir, args.note, watch=args.watch)
    for box in boxes:
        print(box)
    return 0


def _media_for(args: argparse.Namespace, target: Path) -> Path:
    if getattr(args, "media", None):
        return Path(args.media)
    return paths.media_beside(target if target.is_dir() else target.parent)


def _load(target: Path, media_dir: Path) -> tuple[Deck, ...]:
    """The decks at ``target`` (a file or a folder), strictly: DeckError with every problem."""
    from casecards.deck import load_decks
    from casecards.errors import DeckError

    result = load_decks([target], media_dir)
    if result.problems:
        raise DeckError(list(result.problems))
    return result.decks


def _with_note(decks: tuple[Deck, ...], args: argparse.Namespace) -> tuple[Deck, ...]:
    """The decks to preview: all of them, or the one holding ``--note``."""
    if args.note is None:
        return decks
    holding = tuple(d for d in decks if any(n.id == args.note for n in d.notes))
    if not holding:
        from casecards.errors import CasecardsError

        raise CasecardsError(_("no note '{note}' in {path}").format(note=args.note, path=args.path))
    return holding


def _watch_text(args: argparse.Namespace, target: Path, media_dir: Path) -> int:
    """Print the cards, then again each time a deck file or the media folder changes, until
    ctrl+c. A deck with problems prints them instead, and is watched until it is fixed."""
    import time

    from casecards.errors import CasecardsError
    from casecards.preview import file_stamps, preview_cards, render_text

    seen: object = None
    while True:
        stamp = file_stamps(target, media_dir)
        if stamp != seen:
            seen = stamp
            try:
                decks = _with_note(_load(target, media_dir), args)
                text = "\n".join(
                    render_text(d, preview_cards(d, args.note), media_dir) for d in decks
                )
                print(text, end="", flush=True)
            except CasecardsError as error:
                print(f"casecards: {error}", file=sys.stderr, flush=True)
            watching = _("watching {path} (ctrl+c to stop)").format(path=target)
            print(f"{'═' * 72}\n{watching}", file=sys.stderr, flush=True)
        time.sleep(WATCH_SECONDS)


#: How often --watch looks at the files (a stat of each: cheap).
WATCH_SECONDS = 0.3


def regions(args: argparse.Namespace) -> int:
    """The region picker on IMAGE; prints ``box: [x, y, w, h]`` (exit 1 if cancelled)."""
    from PIL import Image, UnidentifiedImageError

    from casecards.errors import CasecardsError

    image: Path = args.image
    if not image.is_file():
        raise CasecardsError(_("{path}: no such image file").format(path=image))
    try:
        with Image.open(image) as opened:
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise CasecardsError(
            _("{path} is not an image Pillow can open ({error})").format(path=image, error=error)
        ) from None
    if not sys.stdout.isatty() and not sys.stdin.isatty():
        raise CasecardsError(_("casecards regions draws with the mouse: run it in a terminal"))
    import textual_image.widget  # noqa: F401  (asks the terminal what it draws, first)

    from casecards.tui.regions import RegionsApp, box_line

    box = RegionsApp(image).run()
    if box is None:
        print(_("no box drawn"), file=sys.stderr)
        return 1
    print(box_line(box))
    return 0
