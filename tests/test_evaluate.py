"""Evaluation against gold: the matching rules, the figures, loading gold in
both shapes, ``sitrep eval`` and the accuracy gate (``tools/evaluate.py``)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep.api import Sitrep
from sitrep.cli import main
from sitrep.evaluate import (
    FIGURES,
    EvalReport,
    GoldError,
    GoldEvent,
    Scores,
    _assign,
    baseline_from,
    check_baseline,
    label_f1,
    load_gold,
    match,
    score,
    scores,
)
from sitrep.records import Event

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "eval"
DEIR = (35.3359, 40.1408)  # Deir ez-Zor city
DAY = dt.date(2017, 1, 14)
SYRIA = "Military Forces of Syria (2000-)"


def gold(**values: Any) -> GoldEvent:
    fields: dict[str, Any] = {
        "doc_id": "d1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "event_date": DAY,
        "actor1": "Islamic State",
        "actor2": SYRIA,
        "admin1": "Deir ez-Zor",
        "latitude": DEIR[0],
        "longitude": DEIR[1],
        "fatalities": 0,
    }
    fields.update(values)
    return GoldEvent(**fields)


def predicted(**values: Any) -> Event:
    fields: dict[str, Any] = {
        "event_id": "e1",
        "doc_ids": ["cleanhash"],
        "event_date": DAY,
        "time_precision": 1,
        "date_start": DAY,
        "date_end": DAY,
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Islamic State",
        "assoc_actor_1": None,
        "inter1": 2,
        "actor2": SYRIA,
        "assoc_actor_2": None,
        "inter2": 1,
        "interaction": 12,
        "civilian_targeting": "",
        "iso": 760,
        "country": "Syria",
        "admin1": "Deir ez-Zor",
        "admin2": None,
        "location": "Deir ez-Zor",
        "latitude": DEIR[0],
        "longitude": DEIR[1],
        "geo_precision": 1,
        "where_prec": 2,
        "fatalities": 0,
        "fatalities_low": 0,
        "fatalities_best": 0,
        "fatalities_high": 0,
        "injuries": 0,
        "source": "test",
        "notes": "",
        "attribution": None,
        "evidence": [],
        "confidence": 0.8,
    }
    fields.update(values)
    return Event(**fields)


# ---------------------------------------------------------------- matching


def test_same_document_type_date_and_place_match() -> None:
    g, p = gold(), predicted()
    pairs = match([g], {"d1": [p]})
    assert len(pairs) == 1
    assert pairs[0].gold is g
    assert pairs[0].predicted is p


def test_thirty_km_apart_do_not_match() -> None:
    far = predicted(latitude=DEIR[0] + 0.27)  # ~30 km north
    near = predicted(latitude=DEIR[0] + 0.18)  # ~20 km north
    assert match([gold()], {"d1": [far]}) == []
    assert len(match([gold()], {"d1": [near]})) == 1


def test_another_document_does_not_match() -> None:
    assert match([gold()], {"d2": [predicted()]}) == []


def test_dates_must_be_within_a_day_when_both_are_given() -> None:
    assert len(match([gold()], {"d1": [predicted(event_date=DAY + dt.timedelta(1))]})) == 1
    assert match([gold()], {"d1": [predicted(event_date=DAY + dt.timedelta(2))]}) == []
    assert len(match([gold(event_date=None)], {"d1": [predicted()]})) == 1
    assert len(match([gold()], {"d1": [predicted(event_date=None)]})) == 1


def test_an_unlocated_side_is_not_checked_for_distance() -> None:
    assert len(match([gold(latitude=None, longitude=None)], {"d1": [predicted()]})) == 1
    assert len(match([gold()], {"d1": [predicted(latitude=None, longitude=None)]})) == 1


def test_event_types_must_agree_except_in_the_type_blind_assignment() -> None:
    clash = predicted(event_type="Battles", sub_event_type="Armed clash")
    assert match([gold()], {"d1": [clash]}) == []
    assert score(gold(), clash) is None
    assert len(match([gold()], {"d1": [clash]}, same_type=False)) == 1


def test_one_gold_event_pairs_with_one_prediction() -> None:
    twice = [predicted(event_id="a"), predicted(event_id="b")]
    assert len(match([gold()], {"d1": twice})) == 1
    assert len(match([gold(), gold()], {"d1": [predicted()]})) == 1


def test_the_best_fitting_prediction_is_chosen() -> None:
    wrong = predicted(event_id="wrong", sub_event_type="Air/drone strike", actor1=SYRIA)
    right = predicted(event_id="right")
    (pair,) = match([gold()], {"d1": [wrong, right]})
    assert pair.predicted.event_id == "right"


def test_assignment_maximises_pairs_before_scores() -> None:
    # Gold A fits p1 best but also fits p2; gold B fits only p1. Greedy would
    # give p1 to A and leave B unmatched; the assignment pairs both.
    a = gold(actor2=None)
    b = gold(sub_event_type="Air/drone strike", event_date=DAY + dt.timedelta(3))
    p1 = predicted(event_id="p1", actor2=None, event_date=None)
    p2 = predicted(event_id="p2", sub_event_type="Remote explosive/landmine/IED", actor1=None)
    pairs = match([a, b], {"d1": [p1, p2]})
    assert {(p.gold.sub_event_type, p.predicted.event_id) for p in pairs} == {
        ("Shelling/artillery/missile attack", "p2"),
        ("Air/drone strike", "p1"),
    }


def test_assignment_is_optimal_on_random_weights() -> None:
    rng = random.Random(7)
    for _ in range(200):
        rows, cols = rng.randint(1, 4), rng.randint(1, 4)
        weights: list[list[float | None]] = [
            [None if rng.random() < 0.4 else round(rng.random() * 5, 2) for _ in range(cols)]
            for _ in range(rows)
        ]

        def value(pairs: list[tuple[int, int]], w: list[list[float | None]] = weights) -> Any:
            return (len(pairs), round(sum(w[r][c] or 0.0 for r, c in pairs), 6))

        best = (0, 0.0)
        for k in range(min(rows, cols) + 1):
            for chosen_rows in itertools.combinations(range(rows), k):
                for chosen_cols in itertools.permutations(range(cols), k):
                    pairs = list(zip(chosen_rows, chosen_cols, strict=True))
                    if all(weights[r][c] is not None for r, c in pairs):
                        best = max(best, value(pairs))
        assigned = _assign(weights)
        assert all(weights[r][c] is not None for r, c in assigned)
        assert len({r for r, _ in assigned}) == len({c for _, c in assigned}) == len(assigned)
        assert value(assigned) == best, weights


# ----------------------------------------------------------------- figures


def test_detection_and_field_figures() -> None:
    golds = [
        gold(),
        gold(sub_event_type="Air/drone strike", actor1=SYRIA, actor2="Islamic State"),
        gold(doc_id="d2", event_type="Battles", sub_event_type="Armed clash", fatalities=5),
        gold(doc_id="d2", event_type="Violence against civilians", sub_event_type="Attack"),
    ]
    preds = {
        "d1": [
            predicted(fatalities=1),  # pairs with the shelling, fatalities off by 1
            predicted(event_type="Protests", sub_event_type="Peaceful protest"),  # spurious
        ],
        "d2": [
            predicted(  # the Battles event, actors swapped, elsewhere in the 25 km
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1=SYRIA,
                actor2="Islamic State",
                latitude=DEIR[0] + 0.1,
                admin1="Deir-ez-Zor",
                fatalities=5,
                event_date=DAY + dt.timedelta(1),
            )
        ],
    }
    s = scores(golds, preds, documents=2, seconds=4.0)
    f = s.figures
    assert (s.gold_events, s.predicted_events, s.matched) == (4, 3, 2)
    assert f["event_precision"] == pytest.approx(2 / 3)
    assert f["event_recall"] == pytest.approx(2 / 4)
    assert f["event_f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert f["sub_event_type_accuracy"] == 1.0
    assert f["actor1_match"] == pytest.approx(0.5)
    assert f["actor1_match_either_order"] == 1.0
    assert f["actor2_match_either_order"] == 1.0
    assert f["fatalities_exact"] == pytest.approx(0.5)
    assert f["fatalities_within_1"] == 1.0
    assert f["date_exact"] == pytest.approx(0.5)
    assert f["location_within_25km"] == 1.0
    assert f["admin1_match"] == 1.0  # "Deir-ez-Zor" == "Deir ez-Zor"
    assert f["docs_per_second"] == pytest.approx(0.5)
    assert list(f) == list(FIGURES)
    assert s.counts["fatalities_exact"] == 2


def test_admin1_matches_gold_in_either_spelling() -> None:
    # sitrep writes the ACLED-style (OCHA COD-AB) name, GeoNames' beside it;
    # the team's gold uses GeoNames' spelling, an ACLED export COD's.
    idleb = {"admin1": "Idleb", "admin1_geonames": "Idlib"}
    for gold_name, expected in (("Idlib", 1.0), ("Idleb", 1.0), ("Hama", 0.0)):
        s = scores([gold(admin1=gold_name)], {"d1": [predicted(**idleb)]})
        assert s.figures["admin1_match"] == expected, gold_name


def test_event_type_accuracy_and_confusions_come_from_type_blind_pairs() -> None:
    golds = [gold(event_type="Battles", sub_event_type="Armed clash")]
    preds = {"d1": [predicted()]}  # shelling where gold says armed clash
    s = scores(golds, preds)
    assert s.matched == 0
    assert s.figures["event_type_accuracy"] == 0.0
    assert s.figures["event_f1_any_type"] == 1.0
    assert s.confusions == [("Armed clash", "Shelling/artillery/missile attack", 1)]
    assert s.figures["sub_event_type_accuracy"] is None  # no strict pairs to measure


def test_label_f1_weighted_and_macro() -> None:
    pairs = [("a", "a"), ("a", "a"), ("a", "b"), ("b", "b")]
    weighted, macro = label_f1(pairs)
    f1_a = 2 * 1.0 * (2 / 3) / (1.0 + 2 / 3)  # precision 2/2, recall 2/3
    f1_b = 2 * 0.5 * 1.0 / 1.5  # precision 1/2, recall 1/1
    assert weighted == pytest.approx((3 * f1_a + f1_b) / 4)
    assert macro == pytest.approx((f1_a + f1_b) / 2)
    assert label_f1([]) == (None, None)


def test_empty_prediction_scores_zero_not_error() -> None:
    s = scores([gold()], {"d1": []}, documents=1, seconds=0.1)
    assert s.figures["event_recall"] == 0.0
    assert s.figures["event_precision"] is None
    assert s.figures["event_f1"] is None


# ----------------------------------------------------------------- loading


def test_load_the_gold_folder_and_its_events_csv() -> None:
    gold_set = load_gold(FIXTURE)
    assert len(gold_set.documents) == 4
    assert len(gold_set.events) == 8
    assert {d.split for d in gold_set.documents} == {"dev", "heldout"}
    assert len(gold_set.split("heldout").events) == 3
    assert gold_set.split("all") is gold_set
    same = load_gold(FIXTURE / "events.csv")
    assert [e.doc_id for e in same.events] == [e.doc_id for e in gold_set.events]
    first = gold_set.events[0]
    assert first.event_date == DAY
    assert first.latitude == pytest.approx(DEIR[0])
    assert gold_set.events[4].latitude is None  # an unlocated gold event


def test_load_an_acled_export_with_notes_as_documents() -> None:
    gold_set = load_gold(FIXTURE / "acled.csv")
    assert [d.doc_id for d in gold_set.documents] == ["SOM90001", "SYR90002"]
    first = gold_set.documents[0]
    assert first.published == dt.date(2025, 3, 11)  # "11 March 2025"
    assert first.text.startswith("On 11 March 2025, Al Shabaab")
    assert first.split == "heldout"
    assert gold_set.events[0].actor2 == "Military Forces of Somalia (2022-)"


def test_bad_gold_is_named(tmp_path: Path) -> None:
    (tmp_path / "documents.jsonl").write_text(
        json.dumps({"doc_id": "a", "text": "Rebels attacked.", "split": "dev"}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "events.csv").write_text(
        "doc_id,event_date,event_type,sub_event_type\nb,2020-01-01,Battles,Armed clash\n",
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match="unknown doc_id 'b'"):
        load_gold(tmp_path)
    (tmp_path / "events.csv").write_text(
        "doc_id,event_date,event_type,sub_event_type\na,yesterday,Battles,Armed clash\n",
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match=r"events\.csv:2: not a date"):
        load_gold(tmp_path)
    (tmp_path / "documents.jsonl").write_text(
        json.dumps({"doc_id": "a", "text": "x", "split": "test"}) + "\n", encoding="utf-8"
    )
    with pytest.raises(GoldError, match="split must be one of"):
        load_gold(tmp_path)
    with pytest.raises(GoldError, match="no such file"):
        load_gold(tmp_path / "missing")


# ----------------------------------------------------------------- baseline


def _report(**figures: float | None) -> EvalReport:
    values: dict[str, float | None] = dict.fromkeys(FIGURES, 0.5)
    values.update(figures)
    split = Scores(1, 1, 1, 1, values, {}, [])
    return EvalReport("g", 0.0, {"dev": split, "heldout": split, "all": split})


def test_check_baseline_names_each_figure_below_its_minimum() -> None:
    report = _report(event_f1=0.4, admin1_match=None)
    baseline = {
        "_comment": "minimums",
        "heldout": {"event_f1": 0.45, "event_recall": 0.5, "admin1_match": 0.1},
        "dev": {"event_f1": 0.3, "no_such_figure": 0.1},
    }
    failures = check_baseline(report, baseline)
    assert failures == [
        "heldout.event_f1: 0.400 is below its minimum 0.45",
        "heldout.admin1_match: not measured (minimum 0.1)",
        "dev.no_such_figure: not a figure",
    ]
    assert check_baseline(report, {"heldout": {"event_f1": 0.4}}) == []


def test_baseline_from_rounds_down_less_a_margin() -> None:
    pinned = baseline_from(_report(event_f1=0.7272, event_recall=0.01, docs_per_second=9.0))
    assert set(pinned) == {"heldout", "dev"}
    assert pinned["heldout"]["event_f1"] == 0.70
    assert pinned["heldout"]["event_recall"] == 0.0
    assert "docs_per_second" not in pinned["heldout"]


# --------------------------------------------------------- command line, gate


@pytest.fixture
def loaded(sitrep: Sitrep, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reuse the session's loaded resources instead of loading them per command.
    resources = sitrep.resources
    monkeypatch.setattr("sitrep.api.Sitrep.resources", property(lambda self: resources))


@pytest.mark.usefixtures("loaded")
def test_eval_command_on_the_fixture_gold(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(FIXTURE), "--json", "--split", "heldout"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report["splits"]) == ["heldout"]
    heldout = report["splits"]["heldout"]
    assert (heldout["documents"], heldout["gold_events"]) == (2, 3)
    assert 0.0 <= heldout["event_f1"] <= 1.0
    assert heldout["docs_per_second"] > 0

    table = runner.invoke(main, ["eval", str(FIXTURE)])
    assert table.exit_code == 0, table.output
    assert "event_f1" in table.stdout
    assert "location_within_25km" in table.stdout

    strict = tmp_path / "baseline.json"
    strict.write_text(json.dumps({"heldout": {"event_f1": 1.01, "date_exact": 0.0}}))
    failed = runner.invoke(main, ["eval", str(FIXTURE), "--baseline", str(strict)])
    assert failed.exit_code == 1
    assert "heldout.event_f1" in failed.stderr
    assert "date_exact" not in failed.stderr

    lenient = tmp_path / "lenient.json"
    lenient.write_text(json.dumps({"heldout": {"event_f1": 0.0}, "dev": {"event_f1": 0.0}}))
    passed = runner.invoke(main, ["eval", str(FIXTURE), "--baseline", str(lenient)])
    assert passed.exit_code == 0, passed.stderr


@pytest.mark.usefixtures("loaded")
def test_eval_command_reads_an_acled_export_and_drops_low_confidence() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(FIXTURE / "acled.csv"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["splits"]["all"]["gold_events"] == 2
    none = runner.invoke(
        main, ["eval", str(FIXTURE / "acled.csv"), "--json", "--min-confidence", "1.01"]
    )
    all_split = json.loads(none.stdout)["splits"]["all"]
    assert all_split["predicted_events"] == 0
    assert all_split["event_recall"] == 0.0


def test_eval_command_bad_gold_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "documents.jsonl").write_text("{broken\n", encoding="utf-8")
    (tmp_path / "events.csv").write_text("doc_id,event_date,event_type,sub_event_type\n")
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "documents.jsonl:1: not JSON" in result.stderr


def _gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_gate", ROOT / "tools" / "evaluate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("loaded")
def test_the_gate_pins_then_fails_on_regression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gate = _gate()
    baseline = tmp_path / "baseline.json"
    common = ["--gold", str(FIXTURE), "--baseline", str(baseline)]
    assert gate.main(common) == 0
    assert "--write-baseline" in capsys.readouterr().err  # says how to pin
    assert gate.main([*common, "--write-baseline"]) == 0
    pinned = json.loads(baseline.read_text())
    assert set(pinned) == {"heldout", "dev"}
    assert "docs_per_second" not in pinned["heldout"]
    assert gate.main(common) == 0  # the figures just pinned hold
    pinned["heldout"]["event_f1"] = 1.01
    baseline.write_text(json.dumps(pinned))
    assert gate.main(common) == 1
    assert "heldout.event_f1" in capsys.readouterr().err
