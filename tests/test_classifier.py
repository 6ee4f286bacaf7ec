"""The learned event classifier, its encoder, its scores and its gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sitrep.api import Sitrep
from sitrep.classifier import NO_EVENT, EventClassifier, default_classifier, model_folder
from sitrep.cli import main as cli
from sitrep.errors import SitrepError
from sitrep.evaluate_snippets import check_classifier_baseline, scores
from sitrep.extract.learned import Signals, checked_gate, keeps

from .conftest import ROOT


@pytest.fixture(scope="module")
def classifier() -> EventClassifier:
    return default_classifier()


def test_scores_are_probabilities_in_input_order(classifier: EventClassifier) -> None:
    texts = [
        "Suspected jihadists killed 12 villagers in an attack on Tin-Akoff on Sunday.",
        "The central bank left interest rates unchanged on Thursday.",
    ]
    found = classifier.score(texts)
    assert len(found) == 2
    for score in found:
        assert 0.0 <= score.p_event <= 1.0
        assert abs(sum(score.distribution.values()) - 1.0) < 1e-4
        assert score.ranked()[0] == (score.sub_event_type, score.p_type)
    assert found[0].p_event > found[1].p_event
    assert classifier.score([]) == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # Written for this test, not in train/: one per event type.
        ("Rebels and government troops fought for hours near Kidal on Tuesday, "
         "leaving nine fighters dead.", "Armed clash"),
        ("A car bomb parked outside a police station exploded in Mogadishu on Monday, "
         "killing four people.", "Remote explosive/landmine/IED"),
        ("Gunmen on motorbikes stormed a village in Zamfara state and shot dead 15 "
         "residents, police said.", "Attack"),
        ("Hundreds of teachers marched peacefully through Nairobi on Friday to demand "
         "unpaid salaries.", "Peaceful protest"),
        ("Police arrested the opposition leader and 30 of his supporters at their "
         "headquarters in Kampala on Wednesday.", "Arrests"),
    ],
)  # fmt: skip
def test_plain_reports_get_their_type(
    classifier: EventClassifier, text: str, sub_event_type: str
) -> None:
    score = classifier.score([text])[0]
    assert score.p_event > 0.5
    assert score.sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "A gas cylinder exploded in a restaurant kitchen in Lagos, killing three cooks.",
        "The striker attacked down the left wing and scored twice in the second half.",
        "A magnitude 6.1 earthquake struck eastern Turkey overnight, killing eight people.",
    ],
)
def test_look_alike_non_events(classifier: EventClassifier, text: str) -> None:
    assert classifier.score([text])[0].p_event < 0.5


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "classifier"
    shutil.copytree(model_folder(), folder)
    with np.load(folder / "head.npz") as arrays:
        changed = {name: arrays[name] for name in arrays.files}
    changed["bias"] = changed["bias"] + 1.0
    np.savez_compressed(folder / "head.npz", **changed)
    with pytest.raises(SitrepError, match=r"\[E021\].*sha256"):
        EventClassifier.load(folder)


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SitrepError, match=r"\[E021\]"):
        EventClassifier.load(tmp_path)


def test_snippet_figures_by_hand() -> None:
    gold = ["Attack", "Attack", "Arrests", None, None]
    predicted = ["Attack", None, "Attack", "Arrests", None]
    result = scores(gold, predicted, ["Attack", "Arrests"])
    # Attack: P 1/2, R 1/2 -> F1 0.5 (n=2); Arrests: P 0/1, R 0/1 -> 0 (n=1).
    assert result.weighted_f1 == pytest.approx((0.5 * 2 + 0.0 * 1) / 3)
    assert result.macro_f1 == pytest.approx(0.25)
    assert result.non_event_fp_rate == pytest.approx(0.5)
    assert result.event_recall == pytest.approx(2 / 3)
    assert result.confusion[("Attack", NO_EVENT)] == 1


def _signals(**changes: object) -> Signals:
    base: dict[str, object] = dict(
        p_event=0.5, lexical=True, asserted=True, kept=True, model_only=False, dated=True,
        month_only=False, historical=False, lead=False, incident=False, cumulative=False,
    )  # fmt: skip
    base.update(changes)
    return Signals(**base)  # type: ignore[arg-type]


def test_gate_combines_the_model_and_the_rules() -> None:
    gate = {name: 0.0 for name in Signals.NAMES} | {"bias": 0.0, "threshold": 0.5}
    gate["logit_p_event"] = 1.0
    gate["asserted"] = 2.0
    gate["bias"] = -2.0
    assert keeps(_signals(p_event=0.5), gate)  # z = 0 + 2 - 2 = 0 -> 0.5
    assert not keeps(_signals(p_event=0.5, asserted=False), gate)
    assert keeps(_signals(p_event=0.95, asserted=False), gate)


def test_an_incomplete_gate_is_refused() -> None:
    with pytest.raises(SitrepError, match=r"\[E021\].*month_only"):
        checked_gate({name: 0.0 for name in Signals.NAMES if name != "month_only"})


def test_classifier_gate_holds(classifier: EventClassifier, sitrep: Sitrep) -> None:
    """The pinned minimums of the classifier (alone, and through the whole
    pipeline) on the independent test split and on the VOA test sentences
    (eval/classifier_baseline.json)."""
    baseline = json.loads((ROOT / "eval" / "classifier_baseline.json").read_text())
    results, failures = check_classifier_baseline(baseline, ROOT, classifier, sitrep)
    assert results
    assert not failures, "\n".join(failures)


def test_eval_classify_cli(tmp_path: Path) -> None:
    labelled = tmp_path / "snippets.jsonl"
    labelled.write_text(
        json.dumps({"id": "a", "text": "Militants shelled the town of Baidoa on Monday, "
                    "killing five.", "sub_event_type": "Shelling/artillery/missile attack"})
        + "\n"
        + json.dumps({"id": "b", "text": "The minister flew to Paris for talks.",
                      "sub_event_type": None})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = CliRunner().invoke(cli, ["eval", "--classify", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["n"] == 2 and figures["events"] == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--classify", str(bad)])
    assert result.exit_code == 2
    assert "E017" in result.output
