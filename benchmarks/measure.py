"""One measurement, in the process it runs in: ``python benchmarks/measure.py WHAT ARGS…``.

``run.py`` starts each in a fresh process, so start-up costs are real and ``ru_maxrss`` is the
peak memory of that measurement alone. Each prints one JSON object as its last line:
seconds (or lists of seconds) and ``peak_mb``. Every store is a copy of the collection's
pristine one (``run.py`` copies it), and every clock is the fixed ``generate.NOW``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import generate

#: The grades the loops give, in turn: mostly passes, some hard, one failure in seven.
GRADES = (4, 5, 3, 4, 2, 4, 5)
#: The grades of the image loop: 4 and above, which SM-2 does not re-drill the same day,
#: so each image card is shown once.
PASSES = (4, 5)
#: New cards per deck a day in the answer loops: enough that the due reviews (first) and then
#: new cards never run out, even in the smallest collection.
NEW_PER_DAY = 1000


def _peak_mb() -> float:
    """This process's peak resident memory. Not ``ru_maxrss``: Linux carries it over an
    exec, so a child would report its parent's peak if that was higher."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _folders(collection: str) -> tuple[Path, Path]:
    root = Path(collection)
    return root / "decks", root / "media"


def load_library(collection: str) -> Any:
    """``Library.load`` as the trainer calls it: through the deck cache when there is one
    (in ``$CASECARDS_BENCH_CACHE``), so a measurement of the code before the cache still runs."""
    from casecards.library import Library

    decks, media = _folders(collection)
    if "cache" in inspect.signature(Library.load).parameters:
        from casecards.deck.cache import DeckCache

        cache = DeckCache(Path(os.environ["CASECARDS_BENCH_CACHE"]))
        return Library.load(decks, media, cache=cache)
    return Library.load(decks, media)


def deck_ids(library: Any) -> list[str]:
    return [dc.deck_id for dc in library.deck_cards]


# -- start-up -----------------------------------------------------------------------------------


def bare_yaml(collection: str) -> dict[str, Any]:
    """PyYAML's C loader on the same files, results kept: the least a parse can cost."""
    import yaml

    decks, _ = _folders(collection)
    files = sorted(decks.rglob("*.yaml"))
    started = time.perf_counter()
    documents = [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files]
    seconds = time.perf_counter() - started
    assert len(documents) == len(files)
    return {"seconds": seconds}


def cold(collection: str, db: str) -> dict[str, Any]:
    """Parse, validate and sync every deck into a new store (an empty deck cache)."""
    from casecards.store import Store

    started = time.perf_counter()
    library = load_library(collection)
    loaded = time.perf_counter()
    with Store.open(Path(db)) as store:
        library.sync(store, generate.NOW)
    done = time.perf_counter()
    return {"seconds": done - started, "load": loaded - started, "sync": done - loaded}


def warm(collection: str, db: str, spawned: str) -> dict[str, Any]:
    """Process start (``spawned``, the parent's clock just before it started this process)
    to the first card painted, as ``casecards drill --deck …`` with every deck."""
    library = load_library(collection)
    loaded = time.time()
    import textual_image.widget  # noqa: F401  (as cmd_drill: before Textual takes the terminal)

    from casecards.tui.app import CasecardsApp
    from casecards.tui.screens.study import StudyScreen

    app = CasecardsApp(library, Path(db), deck_ids=deck_ids(library), clock=lambda: generate.NOW)
    painted: list[float] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)):
            while not painted:
                screen = app.screen
                if isinstance(screen, StudyScreen) and screen.painted_at:
                    painted.append(time.time() - (time.perf_counter() - screen.painted_at))
                await asyncio.sleep(0.001)

    asyncio.run(main())
    return {"seconds": painted[0] - float(spawned), "load": loaded - float(spawned)}


# -- answering ----------------------------------------------------------------------------------


def engine(collection: str, db: str, answers: str) -> dict[str, Any]:
    """Seconds per answer in the engine: grade -> stored -> next card chosen."""
    from casecards.session import Session
    from casecards.store import Store

    library = load_library(collection)
    timings: list[float] = []
    with Store.open(Path(db)) as store:
        library.sync(store, generate.NOW)
        # The start a student sees: the default daily limit of new cards per deck.
        starts = []
        for _ in range(5):
            started = time.perf_counter()
            Session(store, now=generate.NOW)
            starts.append(time.perf_counter() - started)
        built = statistics.median(starts)
        session = Session(store, now=generate.NOW, new_per_day=NEW_PER_DAY)
        for k in range(int(answers)):
            item = session.next_card()
            if item is None:
                break
            now = generate.NOW + timedelta(seconds=10 * k)
            started = time.perf_counter()
            session.answer(item.card_id, GRADES[k % len(GRADES)], now=now, duration_ms=5000)
            session.next_card()
            timings.append(time.perf_counter() - started)
    return {"answers": timings, "session": built}


def app_answer(collection: str, db: str, answers: str) -> dict[str, Any]:
    """Seconds from a grade key to the next card painted, in the headless app (the grade
    action the key is bound to; the clock stops at the study screen's after-paint callback)."""
    from casecards.store import Store
    from casecards.tui.app import CasecardsApp
    from casecards.tui.screens.study import Phase, StudyScreen

    library = load_library(collection)
    # The trainer follows the store's new-per-day setting (casecards config new-per-day).
    with Store.open(Path(db)) as store:
        store.set_setting("new-per-day", str(NEW_PER_DAY))
    app = CasecardsApp(library, Path(db), deck_ids=deck_ids(library), clock=lambda: generate.NOW)
    timings: list[float] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _first_card(app, StudyScreen)
            await _settle(app, pilot)
            for k in range(int(answers)):
                screen.action_reveal()
                await _settle(app, pilot)
                if screen.phase is not Phase.ANSWER:
                    break
                started = time.perf_counter()
                screen.action_grade(GRADES[k % len(GRADES)])  # what the key runs
                while screen.painted_at < started and screen.phase is not Phase.DONE:
                    if time.perf_counter() - started > 10:
                        raise RuntimeError(f"answer {k}: no card painted in 10 s")
                    await asyncio.sleep(0.0002)
                if screen.painted_at < started:
                    break  # the session is over
                timings.append(screen.painted_at - started)
                await _settle(app, pilot)

    asyncio.run(main())
    return {"answers": timings}


def image_answer(collection: str, db: str, answers: str, size: str = "120x40") -> dict[str, Any]:
    """Seconds from a grade key to the next image card painted with its picture: scaled to
    the room the card leaves, region marked, drawn (the picture's own after-paint callback).
    Every card but the image ones is suspended first, so each answer leads to an image card,
    and the grades are 4 or 5, so each is shown once and each picture is scaled anew (a source
    image is decoded once and kept, as in the trainer). Also, for comparison, the card
    painted without its picture (the study screen's ``painted_at``, the "app" figure)."""
    from casecards.cards import CardKind
    from casecards.store import Store
    from casecards.tui.app import CasecardsApp
    from casecards.tui.screens.study import Phase, StudyScreen
    from casecards.tui.widgets.picture import Picture

    library = load_library(collection)
    with Store.open(Path(db)) as store:
        library.sync(store, generate.NOW)
        for card in library.cards:
            if card.kind not in (CardKind.IMAGE, CardKind.IMAGE_REGION):
                store.set_suspended(card.id, True)
        store.set_setting("new-per-day", str(NEW_PER_DAY))  # every image card, today
    app = CasecardsApp(library, Path(db), deck_ids=deck_ids(library), clock=lambda: generate.NOW)
    width, height = (int(n) for n in size.split("x"))
    pictures: list[float] = []
    cards: list[float] = []

    async def painted(picture: Any, started: float) -> float:
        stamp: list[float] = []
        while time.perf_counter() - started < 10:
            if hasattr(picture, "painted_at"):  # this code: the picture says when
                shown = picture.shown
                if (
                    picture.painted_at > started
                    and shown is not None
                    and shown.cells == picture.wanted
                ):
                    return float(picture.painted_at) - started
            elif getattr(picture, "loaded", None) is not None and picture.query(".picture"):
                # The code before: decoded and mounted; the next paint shows it.
                if not stamp:
                    app.call_after_refresh(lambda: stamp.append(time.perf_counter()))
                    stamp.append(0.0)
                elif stamp[-1]:
                    return stamp[-1] - started
            await asyncio.sleep(0.0002)
        raise RuntimeError("no picture painted in 10 s")

    async def main() -> None:
        async with app.run_test(size=(width, height)) as pilot:
            screen = await _first_card(app, StudyScreen)
            await _settle(app, pilot)
            for k in range(int(answers)):
                screen.action_reveal()
                await _settle(app, pilot)
                if screen.phase is not Phase.ANSWER:
                    break
                started = time.perf_counter()
                # Passing grades only: no card comes back, each picture is drawn once.
                screen.action_grade(PASSES[k % len(PASSES)])  # what the key runs
                while screen.painted_at < started and screen.phase is not Phase.DONE:
                    if time.perf_counter() - started > 10:
                        raise RuntimeError(f"answer {k}: no card painted in 10 s")
                    await asyncio.sleep(0.0002)
                if screen.painted_at < started:
                    break  # the session is over
                cards.append(screen.painted_at - started)
                pictures.append(await painted(screen.view.query_one(Picture), started))
                await _settle(app, pilot)

    asyncio.run(main())
    return {"answers": pictures, "cards": cards}


async def _first_card(app: Any, screen_type: type) -> Any:
    while not (isinstance(app.screen, screen_type) and app.screen.painted_at):
        await asyncio.sleep(0.002)
    return app.screen


async def _settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    if hasattr(app, "library_ready"):  # the library is read in the background after start-up
        await app.library_ready()


def stats_screen(collection: str, db: str, opens: str) -> dict[str, Any]:
    """Seconds from the statistics key to the screen painted with the full history, and the
    headless ``statistics.overview`` alone."""
    from casecards import statistics
    from casecards.session import study_day
    from casecards.store import Store
    from casecards.tui.app import CasecardsApp
    from casecards.tui.screens.statistics import StatisticsScreen

    library = load_library(collection)
    with Store.open(Path(db)) as store:
        library.sync(store, generate.NOW)
        helper = []
        for _ in range(int(opens)):
            started = time.perf_counter()
            statistics.overview(store, library, study_day(generate.NOW))
            helper.append(time.perf_counter() - started)
    app = CasecardsApp(library, Path(db), clock=lambda: generate.NOW)
    timings: list[float] = []

    async def main() -> None:
        async with app.run_test(size=(120, 50)) as pilot:
            while not app.ready:
                await asyncio.sleep(0.005)
            await _settle(app, pilot)
            for _ in range(int(opens)):
                started = time.perf_counter()
                app.action_statistics()  # what the S key runs
                while not isinstance(app.screen, StatisticsScreen):
                    await asyncio.sleep(0.0005)
                screen = app.screen
                while screen.overview is None or not getattr(screen, "painted_at", 1.0):
                    await asyncio.sleep(0.0005)
                if hasattr(screen, "painted_at"):
                    timings.append(screen.painted_at - started)
                else:  # the code before painted_at: stop once the screen is idle
                    await pilot.pause()
                    timings.append(time.perf_counter() - started)
                screen.dismiss()
                await _settle(app, pilot)

    asyncio.run(main())
    return {"opens": timings, "overview": helper}


# -- export and Anki ----------------------------------------------------------------------------


def export(collection: str, side: str, out: str) -> dict[str, Any]:
    """``export_apkg`` (side "casecards") or bare genanki given the finished fields, GUIDs and
    media (side "genanki"): the same notes, the same pictures."""
    from bench_export import bare_genanki

    from casecards.deck import load_decks
    from casecards.export import build_package, export_apkg

    decks_dir, media = _folders(collection)
    decks = load_decks([decks_dir], media).decks
    run: Callable[[], object]
    if side == "casecards":
        run = lambda: export_apkg(decks, media, Path(out), now=generate.NOW)  # noqa: E731
    else:
        package = build_package(decks, media)
        files = Path(tempfile.mkdtemp())
        for item in package.media:
            (files / item.name).write_bytes(item.data)
        write = bare_genanki(package, [str(files / m.name) for m in package.media])
        run = lambda: write(Path(out))  # noqa: E731
    started = time.perf_counter()
    run()
    return {"seconds": time.perf_counter() - started, "bytes": Path(out).stat().st_size}


def anki(apkg: str, answers: str) -> dict[str, Any]:
    """The same notes imported into Anki's own library (headless, the import dialog's
    presets), then the same number of answers through its v3 scheduler."""
    from anki.collection import Collection, ImportAnkiPackageRequest

    # isort: split
    from anki.cards import Card  # after anki.collection: anki.cards alone is an import cycle
    from anki.scheduler.v3 import CardAnswer

    folder = Path(tempfile.mkdtemp())
    try:
        col = Collection(str(folder / "collection.anki2"))
        started = time.perf_counter()
        options = col._backend.get_import_anki_package_presets()
        col.import_anki_package(ImportAnkiPackageRequest(package_path=apkg, options=options))
        imported = time.perf_counter() - started
        # Study the whole collection, as the casecards loop does, without a daily cap in the
        # way (Anki's v3 caps children by the limits of the deck selected).
        top = col.decks.id_for_name("Bench")
        assert top is not None
        col.decks.select(top)
        config = col.decks.config_dict_for_deck_id(top)
        config["new"]["perDay"] = config["rev"]["perDay"] = 9999
        col.decks.update_config(config)
        ratings = {5: CardAnswer.EASY, 4: CardAnswer.GOOD, 3: CardAnswer.HARD}
        timings: list[float] = []
        queued = col.sched.get_queued_cards()
        for k in range(int(answers)):
            if not queued.cards:
                break
            shown = queued.cards[0]
            card = Card(col, backend_card=shown.card)
            card.start_timer()
            rating = ratings.get(GRADES[k % len(GRADES)], CardAnswer.AGAIN)
            started = time.perf_counter()
            answer = col.sched.build_answer(card=card, states=shown.states, rating=rating)
            col.sched.answer_card(answer)
            queued = col.sched.get_queued_cards()
            timings.append(time.perf_counter() - started)
        col.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"import": imported, "answers": timings}


# -- the largest deck file accepted ---------------------------------------------------------------


def largest(folder: str, path: str, work: str) -> dict[str, Any]:
    """One path of the product through the largest file of one shape (``largest.py``):
    ``check`` (the command), ``load`` (what the trainer does before its first screen: the
    library through an empty deck cache, the sync into a new store, every deck expanded),
    ``index`` (that load, then Browse's ``CardIndex.build``, timed alone) or ``export``
    (the command's work: load and validate, build, write the package)."""
    import contextlib
    import io

    decks, media = _folders(folder)
    scratch = Path(work)
    started = time.perf_counter()
    if path == "check":
        from casecards.cli import main as cli

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            status = cli(["check", str(decks), "--media", str(media)])
        assert status == 0, "the largest deck must be accepted"
    elif path in ("load", "index"):
        from casecards.deck.cache import DeckCache
        from casecards.library import Library
        from casecards.store import Store

        library = Library.load(decks, media, cache=DeckCache(scratch / "cache"))
        with Store.open(scratch / "largest.db") as store:
            library.sync(store, generate.NOW)
        library.warm()
        if path == "index":
            from casecards.search import CardIndex

            started = time.perf_counter()
            CardIndex.build(library)
    elif path == "export":
        from casecards.deck import load_decks
        from casecards.export import export_apkg

        loaded = load_decks([decks], media)
        export_apkg(loaded.decks, media, scratch / "largest.apkg", now=generate.NOW)
    else:
        raise ValueError(path)
    return {"seconds": time.perf_counter() - started}


COMMANDS: dict[str, Callable[..., dict[str, Any]]] = {
    "bare-yaml": bare_yaml,
    "cold": cold,
    "warm": warm,
    "engine": engine,
    "app": app_answer,
    "image": image_answer,
    "stats": stats_screen,
    "export": export,
    "anki": anki,
    "largest": largest,
}


def main(argv: list[str]) -> None:
    result = COMMANDS[argv[0]](*argv[1:])
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000 if seconds else float("nan")


if __name__ == "__main__":
    main(sys.argv[1:])
