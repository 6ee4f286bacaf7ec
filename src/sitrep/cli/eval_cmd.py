"""``sitrep eval``: score sitrep against gold events in ACLED form.

Exit codes: 0 figures printed (and every pinned minimum held); 1 some figure
is below its minimum in ``--baseline``; 2 the gold or the baseline could not
be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from sitrep.api import Sitrep
from sitrep.classifier import default_classifier
from sitrep.errors import ExitCode, SitrepError, fatal_exit_code
from sitrep.evaluate import ALL, SPLITS, EvalReport, GoldError, check_baseline, evaluate
from sitrep.evaluate_snippets import (
    SnippetScores,
    confusion_table,
    evaluate_pipeline_snippets,
    evaluate_snippets,
)

#: Exit code when a figure falls below its pinned minimum.
REGRESSION = 1

_err = Console(stderr=True, soft_wrap=True)


def _value(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render_report(report: EvalReport, splits: list[str], console: Console) -> None:
    """Print the figures of ``splits`` side by side, then the confusions."""
    table = Table(
        title=f"sitrep eval {report.gold}", caption=f"min confidence {report.min_confidence}"
    )
    table.add_column("figure")
    shown = [report.splits[s] for s in splits if s in report.splits]
    for name in splits:
        table.add_column(name, justify="right")
    for label, attribute in (
        ("documents", "documents"),
        ("gold events", "gold_events"),
        ("predicted events", "predicted_events"),
        ("matched pairs", "matched"),
    ):
        table.add_row(label, *(str(getattr(s, attribute)) for s in shown))
    table.add_section()
    for name in shown[0].figures if shown else ():
        cells = []
        for s in shown:
            n = s.counts.get(name)
            cells.append(_value(s.figures[name]) + (f" (n={n})" if n is not None else ""))
        table.add_row(name, *cells)
    console.print(table)
    for name, s in zip(splits, shown, strict=True):
        if not s.confusions:
            continue
        confusions = Table(title=f"most confused sub-event types ({name}, type-blind pairs)")
        for column in ("gold", "predicted", "pairs"):
            confusions.add_column(column)
        for gold, predicted, count in s.confusions:
            confusions.add_row(gold, predicted, str(count))
        console.print(confusions)


def load_baseline(path: Path) -> dict[str, Any]:
    """The minimums of a baseline file (``{"heldout": {...}, "dev": {...}}``)."""
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the baseline: {exc}") from None
    if not isinstance(baseline, dict):
        raise GoldError(f"{path}: a baseline is an object of splits")
    return baseline


def render_snippet_scores(name: str, result: SnippetScores, console: Console) -> None:
    """Print snippet classification figures, per-class F1 and the confusions."""
    table = Table(title=f"sitrep eval --classify {name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for label, value in result.as_dict().items():
        if isinstance(value, (int, float)):
            table.add_row(label, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    per_class = Table(title="per sub-event type")
    for column in ("sub_event_type", "precision", "recall", "F1", "n"):
        per_class.add_column(column, justify="left" if column == "sub_event_type" else "right")
    for label, (p, r, f, n) in sorted(result.per_class.items()):
        per_class.add_row(label, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(n))
    console.print(per_class)
    confusions = Table(title="most frequent confusions (gold -> predicted)")
    for column in ("gold", "predicted", "count"):
        confusions.add_column(column)
    for gold, predicted, count in confusion_table(result):
        confusions.add_row(gold, predicted, str(count))
    console.print(confusions)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--classify",
    is_flag=True,
    help="GOLD is labelled snippets (JSONL, eval/GUIDELINES.md section 11): score the "
    "event classifier's sentence decisions (weighted/macro F1, non-event false positives).",
)
@click.option(
    "--split",
    type=click.Choice([*SPLITS, ALL]),
    default=ALL,
    show_default=True,
    help="Which documents to report: dev (tuned on), heldout (never tuned on), or all.",
)
@click.option(
    "--pipeline",
    "whole_pipeline",
    is_flag=True,
    help="With --classify: score the whole pipeline (each snippet a document, its most "
    "confident event's type) instead of the classifier alone.",
)
@click.option(
    "--context",
    type=click.Choice(["snippet", "article"]),
    default="snippet",
    show_default=True,
    help="With --classify: snippets read on their own, or sentences of whole articles "
    "(the classifier is calibrated to each one's share of events).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--min-confidence",
    type=float,
    default=0.0,
    show_default=True,
    help="Drop less confident predicted events before scoring.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON of minimum figures per split; exit 1 naming each figure below its minimum.",
)
def eval_command(
    gold: Path,
    classify: bool,
    split: str,
    whole_pipeline: bool,
    context: str,
    as_json: bool,
    min_confidence: float,
    baseline: Path | None,
) -> None:
    """Score sitrep against GOLD: a folder with documents.jsonl and events.csv,
    or an ACLED CSV export whose notes are the documents; with --classify, a
    JSONL file of labelled snippets."""
    if classify:
        try:
            result = (
                evaluate_pipeline_snippets(gold, Sitrep())
                if whole_pipeline
                else evaluate_snippets(gold, default_classifier(), context=context)
            )
        except SitrepError as exc:
            _err.print(f"sitrep: {exc}", highlight=False, markup=False)
            sys.exit(fatal_exit_code(exc.code))
        if as_json:
            click.echo(json.dumps(result.as_dict(), indent=2))
        else:
            render_snippet_scores(str(gold), result, Console(file=sys.stdout, width=160))
        return
    try:
        minimums = load_baseline(baseline) if baseline is not None else None
        report = evaluate(gold, Sitrep(), min_confidence=min_confidence)
    except GoldError as exc:
        _err.print(f"sitrep: {exc}", highlight=False, markup=False)
        sys.exit(ExitCode.USAGE)
    for doc_id, reason in report.rejected.items():
        _err.print(f"sitrep: rejected {doc_id}: {reason}", highlight=False, markup=False)
    if as_json:
        click.echo(json.dumps(report.to_dict([split]), indent=2))
    else:
        render_report(report, [split], Console(file=sys.stdout, width=160))
    if minimums is not None:
        failures = check_baseline(report, minimums)
        for failure in failures:
            _err.print(f"sitrep: below minimum: {failure}", highlight=False, markup=False)
        if failures:
            sys.exit(REGRESSION)
