"""Export cost against bare genanki: the issue's budget is 1.3x for 50,000 notes.

Usage: ``.venv/bin/python benchmarks/bench_export.py [--notes N] [--runs R]``

Both sides write the same notes to an .apkg: the same fields, tags and GUIDs, no media.

* casecards: ``export_apkg`` from validated ``Deck`` values (what the CLI holds after
  ``load_decks``): the markup becomes HTML, ids become GUIDs, timelines are shuffled, and the
  package is written and renamed into place. Loading YAML is ``check``'s cost, not export's,
  and is left out.
* bare genanki: ``Model``, ``Note``, ``Deck`` and ``Package.write_to_file`` given the finished
  field HTML and GUIDs (computed beforehand, untimed): the least any genanki export can cost.

The synthetic notes mix basic (45%), cloze (25%), differential (15%) and timeline (15%)
notes in French, about one field in four with markup (bold, italic, bullet lists), in ten
sub-decks. Each side runs ``--runs`` times, taking turns; the medians of wall-clock time and
of CPU time (steadier on a busy machine) are compared. Exit status 1 when either ratio is
over ``--budget``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import genanki

from casecards.deck.format import NoteType
from casecards.deck.model import (
    Answer,
    Basic,
    Cloze,
    ClozeDeletion,
    Deck,
    Differential,
    Event,
    Note,
    Timeline,
)
from casecards.export import Package, build_package, export_apkg
from casecards.export.notetypes import Kind

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
DECKS = 10


def _note(i: int) -> Note:
    marked = i % 4 == 0
    source = f"diapositive {i % 97} « Imagerie »"
    explanation = (
        f"L'**œdème** médullaire régresse en *{i % 12 + 2} mois*.\n- IRM\n- scintigraphie"
        if marked
        else f"Point {i} : l'évolution est spontanément favorable."
    )
    tags = ("bench", f"modalite::{('irm', 'scinti', 'radio')[i % 3]}")
    kind = i % 20
    body: Basic | Cloze | Differential | Timeline
    if kind < 9:
        note_type = NoteType.BASIC
        front = f"Quel est le signe **clé** n° {i} ?" if marked else f"Question {i} : âge ?"
        body = Basic(front, f"Réponse {i} : hyperfixation de la tête fémorale")
    elif kind < 14:
        note_type = NoteType.CLOZE
        text = f"La {{{{c1::scintigraphie}}}} précède l'{{{{c2::IRM::examen}}}} (cas {i})."
        body = Cloze(text, (ClozeDeletion(1, "scintigraphie", ""), ClozeDeletion(2, "IRM", "")))
    elif kind < 17:
        note_type = NoteType.DIFFERENTIAL
        answers = (Answer("Algodystrophie", ()), Answer("Ostéonécrose", ("ONA",)))
        body = Differential(f"Diagnostics différentiels ({i}) ?", answers)
    else:
        note_type = NoteType.TIMELINE
        events = (Event("J0", "Douleur"), Event("J10", "Scintigraphie"), Event(None, "IRM"))
        body = Timeline(f"Remettre dans l'ordre ({i})", events)
    return Note(f"n{i}", note_type, source, body, tags, explanation)


def synthetic_decks(count: int) -> tuple[Deck, ...]:
    per_deck = -(-count // DECKS)
    decks = []
    for d in range(DECKS):
        notes = tuple(_note(i) for i in range(d * per_deck, min(count, (d + 1) * per_deck)))
        if notes:
            decks.append(Deck(f"bench-{d}", f"Bench::Deck {d}", "fr", notes, f"bench-{d}", ""))
    return tuple(decks)


def bare_genanki(package: Package, media: Sequence[str] = ()) -> Callable[[Path], None]:
    """A function writing ``package``'s notes with genanki alone, fields given finished, with
    the ``media`` files (paths to the package's pictures, already written)."""

    def run(out: Path) -> None:
        models = {}
        for spec in package.note_types:
            models[spec.key] = genanki.Model(
                spec.id,
                spec.name,
                fields=[{"name": name} for name in spec.fields],
                templates=[
                    {"name": t.name, "qfmt": t.front, "afmt": t.back} for t in spec.templates
                ],
                css=spec.css,
                model_type=genanki.Model.CLOZE
                if spec.kind is Kind.CLOZE
                else genanki.Model.FRONT_BACK,
            )
        decks = []
        for deck in package.decks:
            target = genanki.Deck(deck.id, deck.name, deck.description)
            for note in deck.notes:
                target.add_note(
                    genanki.Note(
                        model=models[note.note_type.key],
                        fields=list(note.fields),
                        tags=note.tags,
                        guid=note.guid,
                    )
                )
            decks.append(target)
        genanki.Package(decks, media_files=list(media)).write_to_file(
            str(out), timestamp=NOW.timestamp()
        )

    return run


def median_seconds(
    runs: int, sides: dict[str, Callable[[], object]]
) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds of each side, the sides taking turns."""
    wall: dict[str, list[float]] = {name: [] for name in sides}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(runs):
        for name, side in sides.items():
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            side()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in sides}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=50_000, help="synthetic notes (50,000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each side (5)")
    parser.add_argument("--budget", type=float, default=1.3, help="allowed ratio (1.3)")
    args = parser.parse_args(argv)

    decks = synthetic_decks(args.notes)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        media = folder / "media"
        media.mkdir()
        package = build_package(decks, media)  # the finished fields bare genanki is given
        bare = bare_genanki(package)
        results = median_seconds(
            args.runs,
            {
                "casecards export": lambda: export_apkg(
                    decks, media, folder / "casecards.apkg", now=NOW
                ),
                "bare genanki": lambda: bare(folder / "genanki.apkg"),
            },
        )
        sizes = {p.name: p.stat().st_size for p in folder.glob("*.apkg")}

    ours, bare_times = results["casecards export"], results["bare genanki"]
    ratio, cpu_ratio = ours[0] / bare_times[0], ours[1] / bare_times[1]
    print(f"{package.note_count:,} notes, {package.card_count:,} cards, median of {args.runs} runs")
    print(f"  {'':<17} {'wall':>8} {'cpu':>8}")
    for name, (seconds, cpu_seconds) in results.items():
        print(f"  {name:<17} {seconds:7.2f}s {cpu_seconds:7.2f}s")
    print(f"  {'ratio':<17} {ratio:7.2f}x {cpu_ratio:7.2f}x  (budget {args.budget}x)")
    print(
        f"  package size      casecards {sizes['casecards.apkg'] / 1e6:.1f} MB (deflated), "
        f"genanki {sizes['genanki.apkg'] / 1e6:.1f} MB (stored)"
    )
    return 0 if max(ratio, cpu_ratio) <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
