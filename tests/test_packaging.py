"""Installed from a wheel, away from the checkout, casecards still finds its bundled decks."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_and_finds_the_bundled_decks(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("casecards-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    decks = sorted(p.name for p in (ROOT / "decks").glob("*.yaml"))
    media = sorted(p.name for p in (ROOT / "media").iterdir() if p.is_file())
    assert (
        sorted(
            Path(n).name
            for n in names
            if n.startswith("casecards/_bundled/decks/") and n.endswith(".yaml")
        )
        == decks
    )
    assert sorted(Path(n).name for n in names if n.startswith("casecards/_bundled/media/")) == media
    # The French catalog, compiled: the trainer speaks French from the wheel (checked below).
    assert "casecards/locale/fr/LC_MESSAGES/casecards.mo" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import casecards, casecards.paths as p, sys\n"
        "from casecards.cli import main\n"
        "print(casecards.__file__); print(p.default_decks_dir())\n"
        "sys.exit(main(['--lang', 'fr', 'check']))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    module_file, decks_dir = run.stdout.splitlines()[:2]
    assert module_file.startswith(str(target))
    assert decks_dir == str(target / "casecards" / "_bundled" / "decks")
    assert "ok\u00a0: 9 paquets" in run.stderr, run.stderr
