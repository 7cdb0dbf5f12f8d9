"""Textual's own words that casecards shows (its bindings, listed in Help and the footer),
for the catalog: the screens translate binding descriptions where they show them, and these
msgids are Textual's, as Textual 8 writes them. Never imported; read by the extractor."""

from __future__ import annotations

from casecards.i18n import N_

WORDS = (
    N_("Quit the app and return to the command prompt."),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
)
