"""The ``casecards`` command: a thin layer over the library, one module per group of commands.

``parser`` holds the grammar; ``args`` what every command shares; ``decks`` the commands on
deck files (check, schema, export); ``study`` stats and the trainer; ``store`` the commands on
the progress store (backup, doctor). A command's module is imported when that command runs,
and imports what it uses then, so that ``check`` and ``export`` start without the store and
only ``drill`` loads Textual (tests pin both).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from casecards import i18n
from casecards.cli.parser import build_parser, parse, read_lang
from casecards.errors import CasecardsError
from casecards.i18n import _

__all__ = ["build_parser", "lang_setting", "main"]


def lang_setting() -> str | None:
    """The ``lang`` setting (``fr``, ``en``, or ``None`` when not chosen, or when the config
    file cannot be read: ``casecards config`` says what is wrong with it): the one place
    where the settings are asked for the language."""
    from casecards import paths
    from casecards.settings import Display

    return Display.read(paths.default_config()).lang


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    cli = read_lang(argv)
    setting = None if cli else lang_setting()  # --lang wins: no config file read then
    i18n.activate(i18n.choose(cli=cli, setting=setting, environ=os.environ))
    args = parse(argv)
    module, name = args.runs.split(".")
    run: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(f"casecards.cli.{module}"), name
    )
    try:
        try:
            return run(args)
        except OSError as error:  # a path the system refuses, wherever met: no traceback
            raise CasecardsError(os_error_message(error)) from error
    except CasecardsError as error:
        print(f"casecards: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def os_error_message(error: OSError) -> str:
    """An ``OSError`` said for the person who gave the path: which one, and why."""
    reason = {
        errno.ENAMETOOLONG: _("a name in this path is too long for the file system"),
        errno.ENOSPC: _("the disk is full"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("operation not permitted (is it read-only?)"),
        errno.EROFS: _("the file system is read-only"),
    }.get(error.errno or 0, (error.strerror or str(error)).lower())
    if not error.filename:
        return reason
    return _("cannot use {path}: {reason}").format(path=error.filename, reason=reason)
