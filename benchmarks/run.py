"""casecards at scale: ``./scripts/bench [--quick]`` (this file is what it runs).

For 1,000, 10,000 and 50,000 notes with 20 answers per note of history (a million answers at
50,000 notes, over two years; see ``generate.py``), each figure measured in fresh processes
(``measure.py``) and reported as a median:

  cold start       parse, validate and sync every deck into a new store (no deck cache yet),
                   against PyYAML's C loader on the same files;
  warm start       unchanged decks: process start to the first card painted in the trainer;
  engine answer    grade -> stored -> next card chosen (``Session``), against Anki's v3
                   scheduler (``answer_card`` + ``get_queued_cards``) on the same notes,
                   imported into Anki's own library from our .apkg;
  app answer       grade key -> next card painted in the headless app;
  image answer     on the bundled decks, at 120x40 and 80x24: grade key -> next image card
                   painted with its picture scaled to the room it has (once per run);
  statistics       statistics key -> screen painted over the whole history;
  export           ``export_apkg`` against bare genanki given the finished notes and pictures;
  peak memory      the largest ``ru_maxrss`` of the processes above;
  largest deck     the largest deck files ``check`` accepts (``largest.py``: the most
                   values, the most cards, the most repeated text), each through ``check``,
                   the trainer's load, Browse's index and the export.

Prints a table with the targets (checked at the largest size), how each figure grows with the
collection, and writes ``bench/results.json``. ``--quick``: 1,000 and 10,000 notes, fewer
runs (under two minutes once the collections are generated). ``--src DIR`` measures another
checkout's ``src`` (e.g. the code before a change) with this harness.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate
import largest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (1_000, 10_000, 50_000)
QUICK_SIZES = (1_000, 10_000)
REVIEWS_PER_NOTE = 20


@dataclass(frozen=True)
class Target:
    metric: str
    label: str
    limit: float
    unit: str


TARGETS = (
    Target("warm_s", "warm start to first card", 1.0, "s"),
    Target("warm_growth", "warm start, largest / 1k", 1.3, "x"),
    Target("cold_ratio", "cold start / bare PyYAML C loader", 1.5, "x"),
    Target("engine_ms", "one answer in the engine", 2.0, "ms"),
    Target("app_ms", "grade key -> next card painted", 30.0, "ms"),
    Target("image_ms", "grade key -> next image card painted", 60.0, "ms"),
    Target("stats_ms", "statistics screen", 300.0, "ms"),
    Target("stats_growth", "statistics screen, largest / 1k", 1.3, "x"),
    Target("export_ratio", "export / bare genanki", 1.3, "x"),
    Target("peak_mb", "peak memory (any process)", 250.0, "MB"),
    Target("anki_loop_ratio", "review loop / Anki's", 1.0, "x"),
    Target("largest_s", "largest deck file, slowest path", 10.0, "s"),
    Target("largest_peak_mb", "largest deck file, peak memory", 250.0, "MB"),
)
LARGEST_PATHS = ("check", "load", "index", "export")


@dataclass
class Runner:
    src: Path | None
    work: Path

    def child(self, *args: str, cache: Path | None = None) -> dict[str, Any]:
        env = dict(os.environ)
        if self.src is not None:
            env["PYTHONPATH"] = str(self.src)
        env["CASECARDS_BENCH_CACHE"] = str(cache or self.work / "no-cache")
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), *args],
            env=env,
            cwd=HERE,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"measure.py {' '.join(args)} failed:\n{done.stderr}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def store_copy(self, collection: generate.Collection) -> str:
        copy = self.work / "store.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(collection.store, copy)
        return str(copy)


def measure_size(runner: Runner, notes: int, runs: int, answers: int) -> dict[str, Any]:
    data = ROOT / "bench" / "data"
    print(f"-- {notes:,} notes: generating (cached in {data.relative_to(ROOT)})", flush=True)
    coll = generate.collection(data, notes, notes * REVIEWS_PER_NOTE)
    where = str(coll.folder)
    out: dict[str, Any] = {
        "notes": notes,
        "cards": coll.cards,
        "reviews": coll.reviews,
        "files": coll.files,
    }
    peaks: dict[str, float] = {}

    def record(name: str, results: list[dict[str, Any]]) -> None:
        peaks[name] = max(r["peak_mb"] for r in results)

    print(f"   cold start x{runs}", flush=True)
    colds, bares = [], []
    for _ in range(runs):
        cache = runner.work / f"cache-cold-{time.monotonic_ns()}"
        new_db = runner.work / "cold.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{new_db}{suffix}").unlink(missing_ok=True)
        colds.append(runner.child("cold", where, str(new_db), cache=cache))
        shutil.rmtree(cache, ignore_errors=True)
        bares.append(runner.child("bare-yaml", where))
    record("cold", colds)
    out["cold_s"] = _median(colds, "seconds")
    out["cold_load_s"] = _median(colds, "load")
    out["cold_sync_s"] = _median(colds, "sync")
    out["bare_yaml_s"] = _median(bares, "seconds")
    out["cold_ratio"] = out["cold_s"] / out["bare_yaml_s"]

    print(f"   warm start x{runs}", flush=True)
    cache = runner.work / f"cache-{notes}"
    runner.child("cold", where, runner.store_copy(coll), cache=cache)  # fills the deck cache
    warms = []
    for _ in range(runs):
        db = runner.store_copy(coll)
        warms.append(runner.child("warm", where, db, repr(time.time()), cache=cache))
    record("warm", warms)
    out["warm_s"] = _median(warms, "seconds")
    out["warm_load_s"] = _median(warms, "load")

    print(f"   engine, app, statistics ({answers} answers)", flush=True)
    engine = runner.child("engine", where, runner.store_copy(coll), str(answers), cache=cache)
    record("engine", [engine])
    out["engine_ms"] = _ms(engine["answers"])
    out["engine_p90_ms"] = _ms(engine["answers"], 0.9)
    out["session_ms"] = engine["session"] * 1000
    app = runner.child("app", where, runner.store_copy(coll), str(answers // 5), cache=cache)
    record("app", [app])
    out["app_ms"] = _ms(app["answers"])
    out["app_p90_ms"] = _ms(app["answers"], 0.9)
    stats = runner.child("stats", where, runner.store_copy(coll), str(runs + 2), cache=cache)
    record("stats", [stats])
    out["stats_ms"] = _ms(stats["opens"])
    out["overview_ms"] = _ms(stats["overview"])

    print(f"   export x{runs}, Anki", flush=True)
    ours, bare = [], []
    apkg = runner.work / "casecards.apkg"
    for _ in range(runs):
        ours.append(runner.child("export", where, "casecards", str(apkg)))
        bare.append(runner.child("export", where, "genanki", str(runner.work / "bare.apkg")))
    record("export", ours)
    out["export_s"] = _median(ours, "seconds")
    out["genanki_s"] = _median(bare, "seconds")
    out["export_ratio"] = out["export_s"] / out["genanki_s"]
    anki = runner.child("anki", str(apkg), str(answers))
    out["anki_import_s"] = anki["import"]
    out["anki_ms"] = _ms(anki["answers"])
    out["anki_peak_mb"] = anki["peak_mb"]
    out["anki_loop_ratio"] = out["engine_ms"] / out["anki_ms"]
    out["anki_import_ratio"] = out["cold_s"] / out["anki_import_s"]
    out["peaks_mb"] = peaks
    out["peak_mb"] = max(peaks.values())
    return out


#: Terminal sizes of the image figure: the picture is scaled to each.
IMAGE_SIZES = ("120x40", "80x24")


def measure_images(runner: Runner) -> dict[str, Any]:
    """Grade key -> next image card painted, picture included, on the bundled decks (their
    pictures are the real ones; every image card once, at each size)."""
    print("-- bundled decks: grade key -> next image card painted", flush=True)
    out: dict[str, Any] = {}
    for size in IMAGE_SIZES:
        db = runner.work / "images.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        result = runner.child("image", str(ROOT), str(db), "1000", size, cache=runner.work / "c")
        out[f"image_{size}_ms"] = _ms(result["answers"])
        out[f"image_{size}_p90_ms"] = _ms(result["answers"], 0.9)
        out[f"image_{size}_card_ms"] = _ms(result["cards"])
        out[f"image_{size}_n"] = len(result["answers"])
        out[f"image_{size}_peak_mb"] = result["peak_mb"]
    out["image_ms"] = max(out[f"image_{size}_ms"] for size in IMAGE_SIZES)
    return out


def measure_largest(runner: Runner) -> dict[str, Any]:
    """Each path through each of the largest files accepted, once, in a fresh process."""
    data = ROOT / "bench" / "data" / "largest"
    out: dict[str, Any] = {}
    for shape in largest.SHAPES:
        folder = data / shape
        print(f"-- largest deck file accepted: {shape}", flush=True)
        largest.write(folder, shape)
        for path in LARGEST_PATHS:
            work = runner.work / f"largest-{shape}-{path}"
            work.mkdir()
            result = runner.child("largest", str(folder), path, str(work))
            shutil.rmtree(work, ignore_errors=True)
            out[f"{shape}/{path}"] = {"seconds": result["seconds"], "peak_mb": result["peak_mb"]}
    return out


def _median(results: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in results))


def _ms(seconds: list[float], quantile: float = 0.5) -> float:
    if not seconds:
        return float("nan")
    if quantile == 0.5:
        return statistics.median(seconds) * 1000
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(len(ordered) * quantile))] * 1000


# -- report -------------------------------------------------------------------------------------

ROWS: tuple[tuple[str, str, Callable[[float], str]], ...] = (
    ("cold_s", "cold start (s)", lambda v: f"{v:.2f}"),
    ("bare_yaml_s", "  bare PyYAML C loader (s)", lambda v: f"{v:.2f}"),
    ("cold_ratio", "  cold / bare (x)", lambda v: f"{v:.2f}"),
    ("anki_import_s", "  Anki import of our .apkg (s)", lambda v: f"{v:.2f}"),
    ("warm_s", "warm start to first card (s)", lambda v: f"{v:.3f}"),
    ("warm_load_s", "  of which loading the decks (s)", lambda v: f"{v:.3f}"),
    ("session_ms", "session start, 20 new a deck (ms)", lambda v: f"{v:.1f}"),
    ("engine_ms", "engine answer, median (ms)", lambda v: f"{v:.2f}"),
    ("engine_p90_ms", "  p90 (ms)", lambda v: f"{v:.2f}"),
    ("anki_ms", "  Anki answer, median (ms)", lambda v: f"{v:.2f}"),
    ("anki_loop_ratio", "  casecards / Anki (x)", lambda v: f"{v:.2f}"),
    ("app_ms", "grade key -> painted, median (ms)", lambda v: f"{v:.1f}"),
    ("app_p90_ms", "  p90 (ms)", lambda v: f"{v:.1f}"),
    ("stats_ms", "statistics screen (ms)", lambda v: f"{v:.0f}"),
    ("overview_ms", "  statistics.overview alone (ms)", lambda v: f"{v:.0f}"),
    ("export_s", "export (s)", lambda v: f"{v:.2f}"),
    ("genanki_s", "  bare genanki (s)", lambda v: f"{v:.2f}"),
    ("export_ratio", "  export / genanki (x)", lambda v: f"{v:.2f}"),
    ("peak_mb", "peak memory, casecards (MB)", lambda v: f"{v:.0f}"),
    ("anki_peak_mb", "  Anki import + loop (MB)", lambda v: f"{v:.0f}"),
)


def verdicts(
    sizes: dict[int, dict[str, Any]],
    images: dict[str, Any],
    limits: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    biggest = sizes[max(sizes)]
    smallest = sizes[min(sizes)]
    values = dict(
        biggest,
        warm_growth=biggest["warm_s"] / smallest["warm_s"],
        stats_growth=biggest["stats_ms"] / smallest["stats_ms"],
        **images,
    )
    values["peak_mb"] = max(
        biggest["peak_mb"], *(images[f"image_{size}_peak_mb"] for size in IMAGE_SIZES)
    )
    if limits:
        values["largest_s"] = max(r["seconds"] for r in limits.values())
        values["largest_peak_mb"] = max(r["peak_mb"] for r in limits.values())
    return [
        {
            "target": t.label,
            "metric": t.metric,
            "value": values[t.metric],
            "limit": t.limit,
            "unit": t.unit,
            "notes": biggest["notes"],
            "pass": values[t.metric] <= t.limit,
        }
        for t in TARGETS
        if t.metric in values
    ]


def print_report(
    sizes: dict[int, dict[str, Any]],
    images: dict[str, Any],
    checks: list[dict[str, Any]],
    limits: dict[str, Any],
) -> None:
    counts = sorted(sizes)
    head = f"{'':<36}" + "".join(f"{n:>12,}" for n in counts)
    print("\n" + head + f"{'growth':>10}")
    described = "".join(
        f"{sizes[n]['cards']:>6,}c {sizes[n]['reviews'] // 1000:>3}kr" for n in counts
    )
    print(f"{'(notes; cards, reviews)':<36}{described}")
    for key, label, fmt in ROWS:
        cells = "".join(f"{fmt(sizes[n][key]):>12}" for n in counts)
        first, last = sizes[counts[0]][key], sizes[counts[-1]][key]
        growth = f"{last / first:>9.1f}x" if first else ""
        print(f"{label:<36}{cells}{growth}")
    work = counts[-1] / counts[0]
    print(f"(the work grows {work:.0f}x in notes and in reviews from the first to the last column)")
    print("\nbundled decks, every image card (picture scaled, region marked, painted):")
    for size in IMAGE_SIZES:
        median, p90 = images[f"image_{size}_ms"], images[f"image_{size}_p90_ms"]
        card, n = images[f"image_{size}_card_ms"], images[f"image_{size}_n"]
        print(
            f"  {size:<7} grade key -> image card painted, median {median:5.1f} ms  p90"
            f" {p90:5.1f} ms  (the card without its picture {card:.1f} ms; {n} answers)"
        )
    if limits:
        heading = "".join(f"{p:>14}" for p in LARGEST_PATHS)
        print(f"\n{'largest deck file accepted (s, MB)':<36}{heading}")
        for shape in largest.SHAPES:
            figures = [limits[f"{shape}/{p}"] for p in LARGEST_PATHS]
            cells = "".join(f"{r['seconds']:>8.2f} {r['peak_mb']:>5.0f}" for r in figures)
            print(f"  {shape:<34}{cells}")
    print(f"\ntargets at {counts[-1]:,} notes:")
    for check in checks:
        verdict = "pass" if check["pass"] else "FAIL"
        print(
            f"  {verdict}  {check['target']:<36} {check['value']:8.2f} {check['unit']:<2}"
            f" (<= {check['limit']:g} {check['unit']})"
        )


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory_gb = round(int(memory) / 2**20, 1)
    except OSError:
        memory_gb = 0.0
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k notes, fewer runs")
    parser.add_argument("--runs", type=int, help="processes per start-up figure (5; quick 3)")
    parser.add_argument("--sizes", help="comma-separated note counts (1000,10000,50000)")
    parser.add_argument("--src", type=Path, help="measure this src folder instead")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--no-largest", action="store_true", help="skip the largest deck files accepted"
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None
    sizes = sizes or (QUICK_SIZES if args.quick else SIZES)
    runs = args.runs or (3 if args.quick else 5)
    answers = 100 if args.quick else 300
    started = time.perf_counter()
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="casecards-bench-") as work:
        runner = Runner(args.src.resolve() if args.src else None, Path(work))
        images = measure_images(runner)
        for notes in sizes:
            results[notes] = measure_size(runner, notes, runs, answers)
            partial = {"partial": True, "sizes": {str(n): r for n, r in results.items()}}
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(partial, indent=2) + "\n")
        limits = {} if args.no_largest else measure_largest(runner)
    checks = verdicts(results, images, limits)
    print_report(results, images, checks, limits)
    report = {
        "machine": machine(),
        "quick": args.quick,
        "runs": runs,
        "src": str(args.src) if args.src else "src",
        "seconds": round(time.perf_counter() - started, 1),
        "sizes": {str(n): r for n, r in results.items()},
        "images": images,
        "largest": limits,
        "targets": checks,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n{report['seconds']:.0f} s; written to {args.out}")
    return 0 if all(c["pass"] for c in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
