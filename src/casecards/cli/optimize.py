"""``casecards optimize``: fit FSRS's parameters to your review log and keep them only if
they predict your held-out reviews better than the defaults (``casecards.optimize``)."""

from __future__ import annotations

import argparse
import sys

from casecards import i18n, paths
from casecards.cli import args as where
from casecards.cli.store import daily_backup, refuse_empty
from casecards.fsrs_scheduler import format_parameters
from casecards.i18n import _
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
            _(
                "{reviews} reviews on a later day than the card's previous answer: fitted on"
                " {trained} (four cards in five), judged on the {held} of the other cards"
            ).format(
                reviews=i18n.integer(result.reviews),
                trained=i18n.integer(result.trained_on),
                held=i18n.integer(result.held_out),
            )
        )
        loss, rmse = _("log loss"), _("RMSE (bins)")
        rows = ((_("default parameters"), result.default), (_("fitted"), result.fitted))
        width = max(20, *(len(name) for name, _evaluation in rows))
        print(f"{'':{width}} {loss:>9} {rmse:>12}")
        for name, evaluation in rows:
            log_loss, bins = (
                i18n.decimal(evaluation.log_loss, 4),
                i18n.decimal(evaluation.rmse_bins, 4),
            )
            print(f"{name:{width}} {log_loss:>9} {bins:>12}")
        if not result.better:
            print(_("not kept: the fitted parameters predict no better than the defaults"))
            return 0
        settings = Settings(paths.default_config(), store)
        settings.set("fsrs-parameters", format_parameters(result.parameters))
        print(_("kept: fsrs-parameters set (config --unset fsrs-parameters: back to the defaults)"))
        if store.study_settings().scheduler is not SchedulerKind.FSRS:
            print(
                _(
                    "the scheduler is sm2: FSRS uses them once you switch "
                    "(casecards config scheduler fsrs)"
                ),
                file=sys.stderr,
            )
    return 0
