"""End to end in a real terminal: tmux runs `casecards drill`, keys go in, the pane comes out."""

from __future__ import annotations

import shutil
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


class Pane:
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def text(self) -> str:
        run = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout

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
            subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode
            == 0
        )


@pytest.fixture
def pane(deck_dir: Path, tmp_path: Path) -> Iterator[Pane]:
    name = f"casecards-{uuid.uuid4().hex[:8]}"
    command = f"{CASECARDS} drill --deck demo --decks {deck_dir} --db {tmp_path / 'store.db'}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True
    )
    yield Pane(name)
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_drill_in_a_real_terminal(pane: Pane, tmp_path: Path) -> None:
    pane.wait_for("Âge du patient")
    pane.keys("Space")
    pane.wait_for("37 ans")
    assert "0 Blackout" in pane.text() and "5 Perfect" in pane.text()  # the grade keys
    pane.keys("4")
    pane.wait_for("Décrite par […] en 1947.")
    pane.keys("Space")
    pane.wait_for("Décrite par Ravault en 1947.")
    pane.keys("1")
    pane.wait_for("1 re-drill")
    pane.keys("q")
    deadline = time.monotonic() + 10
    while pane.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    with Store.open(tmp_path / "store.db") as store:
        assert [(r.card_id, r.grade) for r in store.reviews()] == [
            ("demo/age/main", 4),
            ("demo/ravault/c1", 1),
        ]
