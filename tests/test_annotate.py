"""Annotate stage: dictionary rulers before the NER fix what the small model
misses (EVENT-DATA-CONVENTIONS.md, known failure modes)."""

from __future__ import annotations

import pytest

from sitrep.api import Sitrep


@pytest.mark.parametrize(
    ("sentence", "text", "label"),
    [
        # examples/seed: "IS" is an actor, not the verb "is".
        ("IS fighters launched waves of attacks on the area.", "IS", "ACTOR"),
        ("Daesh claimed the attack on the checkpoint.", "Daesh", "ACTOR"),
        ("An activist group Deir Ezzor 24 has painted a grim picture.", "Deir Ezzor 24", "SOURCE"),
        (
            "Syria's Deir az-Zour has come under a renewed offensive by IS forces.",
            "Deir az-Zour",
            "GPE",
        ),
        ("Turkish-backed rebels advanced on al-Bab on Sunday.", "al-Bab", "GPE"),
        ("Clashes erupted in Deir ez-Zor overnight.", "Deir ez-Zor", "GPE"),
    ],
)
def test_dictionary_entities(sitrep: Sitrep, sentence: str, text: str, label: str) -> None:
    doc = sitrep.resources.nlp(sentence)
    assert (text, label) in {(e.text, e.label_) for e in doc.ents}


def test_is_the_verb_is_never_an_actor(sitrep: Sitrep) -> None:
    doc = sitrep.resources.nlp("The city is under siege and the situation is dire.")
    assert not [e for e in doc.ents if e.label_ == "ACTOR"]


def test_is_parses_as_a_name(sitrep: Sitrep) -> None:
    # examples/seed: "IS shelling has claimed the lives of 210 civilians": with the
    # acronym re-normed, the tagger reads IS as a noun, not an auxiliary verb.
    doc = sitrep.resources.nlp("IS shelling has claimed the lives of 210 civilians.")
    assert doc[0].pos_ in {"PROPN", "NOUN"}


def test_the_regime_resolves_with_the_country(sitrep: Sitrep) -> None:
    actor = sitrep.resources.actors.resolve("the regime", country="SY", on=None)
    assert actor is not None and actor.name.startswith("Military Forces of Syria")


def test_another_spacy_pipeline_can_be_named_and_a_missing_one_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from sitrep.actors import ActorDictionary
    from sitrep.annotate import build_pipeline
    from sitrep.cli import main
    from sitrep.errors import E, ExitCode, SitrepError

    with pytest.raises(SitrepError) as raised:
        build_pipeline("no_such_pipeline", ActorDictionary.load())
    assert raised.value.code is E.E013
    monkeypatch.setenv("SITREP_SPACY_MODEL", "no_such_pipeline")
    report = tmp_path / "r.txt"
    report.write_text("Clashes erupted in Deir ez-Zor on Sunday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(report)])
    assert result.exit_code == ExitCode.USAGE
    assert "E013" in result.output and "no_such_pipeline" in result.output


def test_phrase_ruler_keeps_case_where_the_pattern_asks_for_it() -> None:
    import spacy

    from sitrep.annotate.components import PhraseRuler

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("sitrep_phrase_ruler")
    assert isinstance(ruler, PhraseRuler)
    ruler.add_patterns(
        [
            {
                "label": "ACTOR",
                "pattern": [{"ORTH": "IS"}, {"LOWER": "group"}],
                "id": "Islamic State",
            },
            {"label": "ACTOR", "pattern": "syrian democratic forces", "id": "SDF"},
            {
                "label": "ACTOR",
                "pattern": [
                    {"ORTH": {"IN": ["US", "U.S."]}},
                    {"LOWER": "backed"},
                    {"LOWER": "syrian"},
                    {"LOWER": "democratic"},
                    {"LOWER": "forces"},
                ],
                "id": "SDF",
            },
        ]
    )
    doc = nlp(
        "The IS Group fled. This is group work. U.S. backed Syrian Democratic Forces advanced."
    )
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("IS Group", "Islamic State"),  # ORTH "IS", any case for "group"
        ("U.S. backed Syrian Democratic Forces", "SDF"),  # the longest match wins
    ]
