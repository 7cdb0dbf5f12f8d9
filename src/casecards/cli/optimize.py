"""``casecards optimize``: fit FSRS's parameters to your review log and keep them only if
they predict your held-out reviews better than the defaults (``casecards.optimize``)."""

from __future__ import annotations

import argparse
import sys

from casecards import paths
from casecards.cli import args as where
from casecards.cli.store import daily_backup, refuse_empty
from casecards.fsrs_scheduler import format_parameters
from casecards.optimize import fit
from casecards.settings import SchedulerKind, Settings
from casecards.store import Store
from casecards.store.files import no_store


def optimize(args: argparse.Namespace) -> int:
    db = where.db_path(args)
    if not db.exists():
        raise no_store(db)
    refuse_empty(db)
    daily_backup(db)
    with Store.open(db) as store:
        log = [(r.card_id, r.day, r.grade) for r in store.reviews()]
        result = fit(log)  # NotEnoughReviews: the CLI prints its message, nothing changed
        print(
            f"{result.reviews:,} reviews on a later day than the card's previous answer: "
            f"fitted on {result.trained_on:,} (four cards in five), judged on the "
            f"{result.held_out:,} of the other cards"
        )
        print(f"{'':20} {'log loss':>9} {'RMSE (bins)':>12}")
        rows = (("default parameters", result.default), ("fitted", result.fitted))
        for name, evaluation in rows:
            print(f"{name:20} {evaluation.log_loss:>9.4f} {evaluation.rmse_bins:>12.4f}")
        if not result.better:
            print("not kept: the fitted parameters predict no better than the defaults")
            return 0
        settings = Settings(paths.default_config(), store)
        settings.set("fsrs-parameters", format_parameters(result.parameters))
        print("kept: fsrs-parameters set (config --unset fsrs-parameters: back to the defaults)")
        if store.study_settings().scheduler is not SchedulerKind.FSRS:
            print(
                "the scheduler is sm2: FSRS uses them once you switch "
                "(casecards config scheduler fsrs)",
                file=sys.stderr,
            )
    return 0
