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
import sys
from collections.abc import Callable, Sequence

from casecards.cli.parser import build_parser, parse
from casecards.errors import CasecardsError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
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
        errno.ENAMETOOLONG: "a name in this path is too long for the file system",
        errno.ENOSPC: "the disk is full",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted (is it read-only?)",
        errno.EROFS: "the file system is read-only",
    }.get(error.errno or 0, (error.strerror or str(error)).lower())
    return f"cannot use {error.filename}: {reason}" if error.filename else reason
