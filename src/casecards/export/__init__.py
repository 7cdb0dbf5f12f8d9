"""Export to Anki: validated decks become one .apkg that imports cleanly and updates in place.

Nothing here needs the store or Textual. genanki is touched only in ``export.anki``.
"""

from casecards.export.build import RegionMode, build_package
from casecards.export.exporter import ExportSummary, export_apkg, select_decks
from casecards.export.package import (
    AnkiDeck,
    AnkiNote,
    ExportError,
    MediaFile,
    Package,
    Progress,
)
from casecards.export.progress import TerminalProgress

__all__ = [
    "AnkiDeck",
    "AnkiNote",
    "ExportError",
    "ExportSummary",
    "MediaFile",
    "Package",
    "Progress",
    "RegionMode",
    "TerminalProgress",
    "build_package",
    "export_apkg",
    "select_decks",
]
