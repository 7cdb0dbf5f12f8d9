"""argparse's own words that a person reads, listed for the catalog: argparse translates
them with the gettext functions ``casecards.cli.parser.speak_argparse`` points it at, and
its msgids are these, as argparse writes them (Python 3.11 to 3.13). Never imported; read
by the extractor only."""

from __future__ import annotations

from casecards.i18n import N_, ngettext

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
)
PLURALS = (ngettext("expected %s argument", "expected %s arguments", 0),)
