"""End to end in a real terminal: tmux runs `casecards drill`, keys go in, the pane comes out."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from casecards.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

CASECARDS = Path(sys.executable).with_name("casecards")
ANSWER_SHOWN = "0–5:"  # the hint line says which keys grade, once the answer is shown
FIRST_TWO = [("demo/age/main", 4), ("demo/ravault/c1", 1)]


class Pane:
    """The one pane of a tmux server of its own: its socket name is unique, so tests running
    side by side (pytest -n) and anyone's own tmux never meet, and no tmux.conf is read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tmux = ["tmux", "-L", name, "-f", os.devnull]

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def tmux_output(self, *command: str) -> str:
        run = subprocess.run([*self.tmux, *command], capture_output=True, text=True, check=True)
        return run.stdout

    def text(self) -> str:
        return self.tmux_output("capture-pane", "-p", "-t", self.name)

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        """The pane once it shows ``needle`` (polling: a terminal gives no other signal)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{self.text()}")

    def alive(self) -> bool:
        return (
            subprocess.run(
                [*self.tmux, "has-session", "-t", self.name], capture_output=True
            ).returncode
            == 0
        )


@pytest.fixture
def pane(deck_dir: Path, tmp_path: Path) -> Iterator[Pane]:
    name = f"casecards-{uuid.uuid4().hex[:8]}"
    command = f"{CASECARDS} drill --deck demo --decks {deck_dir} --db {tmp_path / 'store.db'}"
    pane = Pane(name)
    subprocess.run(
        [*pane.tmux, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True
    )
    socket = pane.tmux_output("display-message", "-p", "#{socket_path}").strip()
    yield pane
    subprocess.run([*pane.tmux, "kill-server"], capture_output=True)
    Path(socket).unlink(missing_ok=True)  # tmux leaves it behind


def test_drill_in_a_real_terminal(pane: Pane, tmp_path: Path) -> None:
    pane.wait_for("Âge du patient")
    pane.keys("Space")
    pane.wait_for("37 ans")
    pane.wait_for("5 Easy")  # the grade bar may be painted just after the answer
    assert "0 Blank" in pane.text()  # the grade keys
    pane.keys("4")
    pane.wait_for("Décrite par […] en 1947.")
    pane.keys("Space")
    pane.wait_for("Décrite par Ravault en 1947.")
    pane.keys("1")
    pane.wait_for("1 re-drill")
    # An image card, then a region card, each shown and graded; then a typed card, whose
    # field has the keys: ctrl+z still takes back the answer before it (issue 14, D2).
    pane.wait_for("Quelle vue ?")
    pane.keys("Space")
    pane.wait_for(ANSWER_SHOWN)
    pane.keys("5")
    pane.wait_for("Que montre la zone encadrée")
    pane.keys("Space")
    pane.wait_for(ANSWER_SHOWN)
    pane.keys("4")
    pane.wait_for("Hypothèses ?")
    pane.keys("l", "u", "p", "u")  # typed: u goes into the field, undoing nothing
    pane.wait_for("lupu")
    assert answers(tmp_path) == [*FIRST_TWO, ("demo/scan/main", 5), ("demo/scan/region-cote", 4)]
    pane.keys("C-z")
    pane.wait_for("Que montre la zone encadrée")  # the region card is back
    assert answers(tmp_path) == [*FIRST_TWO, ("demo/scan/main", 5)]
    pane.keys("q")
    deadline = time.monotonic() + 10
    while pane.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert answers(tmp_path) == [*FIRST_TWO, ("demo/scan/main", 5)]


def answers(tmp_path: Path) -> list[tuple[str, int]]:
    """The store's log, read while the trainer runs (another connection: WAL lets it)."""
    with Store.open(tmp_path / "store.db") as store:
        return [(r.card_id, r.grade) for r in store.reviews()]


def test_an_image_card_in_a_real_terminal(pane: Pane) -> None:
    """tmux draws pictures in half-blocks: at 80x24 the picture sits beside the question,
    and after Space the answer and its source are on screen, with no PageDown."""
    pane.wait_for("Âge du patient")
    pane.keys("Space")
    pane.wait_for("37 ans")
    pane.keys("4")
    pane.wait_for("Décrite par")
    pane.keys("Space")
    pane.wait_for("Ravault en 1947")
    pane.keys("4")
    pane.wait_for("Quelle vue ?")
    screen = pane.wait_for("▀")  # drawn on a thread, a moment after the card
    picture = [line for line in screen.splitlines() if "▀" in line]
    assert len(picture) >= 10  # 11 of the 17 rows: the 120x80 image is as wide as it may be
    assert any("▀" in line and "Quelle vue ?" in line for line in picture)  # side by side
    pane.keys("Space")
    screen = pane.wait_for("Postérieure")
    assert "Source\u00a0: diapositive 3" in screen  # the deck's French
    pane.keys("4")
    pane.wait_for("Que montre la zone encadrée")
    pane.keys("f")
    pane.wait_for("Esc, f or q: close")
    pane.keys("q")  # not Esc: a key sent right after it would read as Alt+key
    pane.wait_for("Que montre la zone encadrée")
    pane.keys("Space")
    screen = pane.wait_for("9e côte gauche")
    assert "Source\u00a0: diapositive 3" in screen  # the deck's French


# -- e: edit the note in the editor the terminal is handed to --------------------------------

FAKE_EDITOR = """\
#!{python}
import sys, time
from pathlib import Path
print("editing", sys.argv[1:], flush=True)  # on the terminal the trainer handed over
time.sleep(0.5)
deck = Path(sys.argv[-1])
text = deck.read_text(encoding="utf-8")
deck.write_text(text.replace("Âge du patient ?", "Âge exact du patient ?"), encoding="utf-8")
"""


@pytest.fixture
def editing_pane(deck_dir: Path, tmp_path: Path) -> Iterator[Pane]:
    script = tmp_path / "fake-editor"
    script.write_text(FAKE_EDITOR.format(python=sys.executable), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    name = f"casecards-{uuid.uuid4().hex[:8]}"
    command = (
        f"env -u VISUAL EDITOR={script} {CASECARDS} drill --deck demo --decks {deck_dir} "
        f"--db {tmp_path / 'store.db'}"
    )
    pane = Pane(name)
    subprocess.run(
        [*pane.tmux, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
        check=True,
        env={**os.environ, "CASECARDS_CACHE": str(tmp_path / "cache")},
    )
    socket = pane.tmux_output("display-message", "-p", "#{socket_path}").strip()
    yield pane
    subprocess.run([*pane.tmux, "kill-server"], capture_output=True)
    Path(socket).unlink(missing_ok=True)


def test_e_edits_the_note_in_a_real_terminal(editing_pane: Pane, deck_dir: Path) -> None:
    pane = editing_pane
    pane.wait_for("Âge du patient ?")
    pane.keys("e")
    screen = pane.wait_for("editing")  # the editor has the terminal
    assert f"+6', '{deck_dir / 'demo.yaml'}" in screen.replace("\n", "")
    pane.wait_for("Âge exact du patient ?")  # the trainer is back, with the new text
    pane.keys("Space")
    pane.wait_for("37 ans")
    pane.keys("q")
