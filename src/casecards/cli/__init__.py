"""The ``casecards`` command: a thin layer over the library, one module per group of commands.

``parser`` holds the grammar; ``args`` what every command shares; ``decks`` the commands on
deck files (check, schema, export); ``study`` stats and the trainer; ``store`` the commands on
the progress store (backup, doctor). A command's module is imported when that command runs,
and imports what it uses then, so that ``check`` and ``export`` start without the store and
only ``drill`` loads Textual (tests pin both).
"""

from __future__ import annotations

import argparse
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
        return run(args)
    except CasecardsError as error:
        print(f"casecards: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
