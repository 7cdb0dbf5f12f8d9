"""``casecards config``: read and set the settings, git-config style. Thin: the keys, their
values and where each is kept are ``casecards.settings``'; the trainer's settings screen goes
through the same ``Settings``.

Reading never writes: with no store yet, the store's settings are their defaults and no
file is created. Setting a store setting opens (and if need be creates and migrates) the
store, after the day's backup, as the trainer does; setting a display preference touches
the config file only.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path

from casecards import paths
from casecards.cli import args as where
from casecards.cli.store import daily_backup, refuse_empty
from casecards.i18n import _
from casecards.settings import Entry, Home, SettingError, Settings, parse_name
from casecards.store import Store


def config(args: argparse.Namespace) -> int:
    db = where.db_path(args)
    config_file = paths.default_config()
    if args.unset is not None and (args.key is not None or args.value is not None):
        raise SettingError(
            _("--unset takes the setting's name alone: casecards config --unset KEY")
        )
    name = args.unset if args.unset is not None else args.key
    writes = args.unset is not None or args.value is not None
    if name is not None and writes:
        key, _deck = parse_name(name)  # an unknown name is told before any file is opened
        writes_store = key.home is Home.STORE
    else:
        writes_store = False
    with ExitStack() as stack:
        store = _open(db, write=writes_store)
        if store is not None:
            stack.enter_context(store)
        settings = Settings(config_file, store)
        if name is None:
            _list(settings, db, config_file, store is not None)
        elif args.unset is not None:
            entry = settings.unset(name)
            back = _("{name} is back to its default: {value}")
            print(back.format(name=entry.name, value=entry.shown), file=sys.stderr)
        elif args.value is not None:
            before = settings.get(name).shown
            entry = settings.set(name, args.value)
            was = _("{name} = {value} (was {before}; {home})").format(
                name=entry.name, value=entry.shown, before=before, home=_home(entry)
            )
            print(was, file=sys.stderr)
        else:
            entry = settings.get(name)
            _warn(entry)
            if entry.value is None:  # git config's way: nothing printed, exit status 1
                unset = _("{name} is not set: {about}")
                print(unset.format(name=entry.name, about=entry.key.help), file=sys.stderr)
                return 1
            print(entry.value)
    return 0


def _open(db: Path, *, write: bool) -> Store | None:
    """The store to read (None if there is none yet) or to write (created if need be)."""
    if write:
        refuse_empty(db)
        if db.exists():
            daily_backup(db)  # before this casecards migrates it, as the trainer does
        return Store.open(db)
    if not db.exists():
        return None
    refuse_empty(db)
    return Store.open_read_only(db)


def _home(entry: Entry) -> str:
    if entry.key.home is Home.STORE:
        return _("kept in the store")
    return _("kept in the config file")


def _warn(entry: Entry) -> None:
    if entry.problem is not None:
        warning = _("casecards: warning: {name}: {problem}")
        print(warning.format(name=entry.name, problem=entry.problem), file=sys.stderr)


def _list(settings: Settings, db: Path, config_file: Path, has_store: bool) -> None:
    entries = settings.entries()
    rows = [(_("KEY"), _("VALUE"), _("DEFAULT"), _("KEPT IN"))]
    rows += [(e.name, e.shown, e.default_shown, e.key.home.label) for e in entries]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), end=""
        )
        print(f"  {row[3]}")
    for entry in entries:
        _warn(entry)
    written = "" if config_file.exists() else _(" (not written yet)")
    print("\n" + _("config file: {path}{written}").format(path=config_file, written=written))
    none = "" if has_store else _(" (none yet: its settings are the defaults)")
    print(_("store: {path}{none}").format(path=db, none=none))
    print(
        _("casecards config KEY VALUE sets one; casecards config --help lists the values allowed")
    )
