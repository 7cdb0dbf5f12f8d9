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
from casecards.settings import Entry, Home, SettingError, Settings, parse_name
from casecards.store import Store


def config(args: argparse.Namespace) -> int:
    db = where.db_path(args)
    config_file = paths.default_config()
    if args.unset is not None and (args.key is not None or args.value is not None):
        raise SettingError("--unset takes the setting's name alone: casecards config --unset KEY")
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
            print(f"{entry.name} is back to its default: {entry.shown}", file=sys.stderr)
        elif args.value is not None:
            before = settings.get(name).shown
            entry = settings.set(name, args.value)
            print(f"{entry.name} = {entry.shown} (was {before}; {_home(entry)})", file=sys.stderr)
        else:
            entry = settings.get(name)
            _warn(entry)
            if entry.value is None:  # git config's way: nothing printed, exit status 1
                print(f"{entry.name} is not set: {entry.key.about}", file=sys.stderr)
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
    return "kept in the store" if entry.key.home is Home.STORE else "kept in the config file"


def _warn(entry: Entry) -> None:
    if entry.problem is not None:
        print(f"casecards: warning: {entry.name}: {entry.problem}", file=sys.stderr)


def _list(settings: Settings, db: Path, config_file: Path, has_store: bool) -> None:
    entries = settings.entries()
    rows = [("KEY", "VALUE", "DEFAULT", "KEPT IN")]
    rows += [(e.name, e.shown, e.default_shown, str(e.key.home)) for e in entries]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), end=""
        )
        print(f"  {row[3]}")
    for entry in entries:
        _warn(entry)
    print(f"\nconfig file: {config_file}{'' if config_file.exists() else ' (not written yet)'}")
    print(f"store: {db}{'' if has_store else ' (none yet: its settings are the defaults)'}")
    print("casecards config KEY VALUE sets one; casecards config --help lists the values allowed")
