"""Where things live: the bundled decks and media, the learner's store and config file."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DB_ENV = "CASECARDS_DB"
CONFIG_ENV = "CASECARDS_CONFIG"


def bundled_root() -> Path:
    """The folder holding the bundled ``decks/`` and ``media/``.

    An installed wheel carries them inside the package (``casecards/_bundled``); an editable
    install or a checkout uses the repository's top-level folders.
    """
    packaged = Path(str(resources.files("casecards"))) / "_bundled"
    if (packaged / "decks").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def default_decks_dir() -> Path:
    return bundled_root() / "decks"


def media_beside(decks_dir: Path) -> Path:
    """The media folder that goes with a decks folder: ``media/`` next to it."""
    return decks_dir.parent / "media"


def default_db() -> Path:
    """``$CASECARDS_DB`` if set, else ``casecards.db`` in the user data folder."""
    chosen = os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    # Imported here: check, schema and export never need it.
    from platformdirs import user_data_path

    return user_data_path("casecards", appauthor=False) / "casecards.db"


def default_config() -> Path:
    """``$CASECARDS_CONFIG`` if set, else ``config.toml`` in the user config folder (on
    Linux ``~/.config/casecards/``): the display preferences, not the progress."""
    chosen = os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("casecards", appauthor=False) / "config.toml"


SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether the file at ``path`` starts as an SQLite database does (its first 16 bytes).

    Raises:
        OSError: If the file cannot be opened (missing, a folder, not readable).
    """
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
