"""The JSON Schema and the validator describe the same format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from casecards.deck import json_schema

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = jsonschema.Draft202012Validator(json_schema())

GOOD: dict[str, Any] = yaml.safe_load(
    """
deck: {id: demo, name: "Démo::Un", lang: fr, description: "d"}
notes:
  - {id: b, type: basic, source: s, front: f, back: b, tags: [histoire, modalite::irm], facts: [F1]}
  - {id: c, type: cloze, source: s, text: "{{c1::x}}", explanation: e}
  - id: i
    type: image
    source: s
    image: a.png
    prompt: p
    answer: a
    regions: [{id: r, box: [0, 0, 1, 1], answer: a, prompt: q}]
  - {id: d, type: differential, source: s, prompt: p, answers: ["a[ b]", {text: b, aliases: ["c[s]"]}]}
  - {id: t, type: timeline, source: s, prompt: p, events: [{when: "1", text: a}, {text: b}]}
  - id: m
    type: modality_signs
    source: s
    subject: x
    modalities: [{modality: IRM, id: irm, timing: t, signs: ["a[, b]", "\\\\[18F\\\\]NaF"]}]
"""
)


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_schema_accepts_every_note_type() -> None:
    assert list(VALIDATOR.iter_errors(GOOD)) == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["notes"][0].update(explantion="x"),
        lambda d: d["notes"][0].update(type="basix"),
        lambda d: d["notes"][0].pop("back"),
        lambda d: d["notes"][0].update(id="Bad Id"),
        lambda d: d["notes"][2]["regions"][0].update(box=[0, 0, 1]),
        lambda d: d["notes"][3].update(answers=[]),
        lambda d: d["notes"][4].update(events=[{"text": "a"}]),
        lambda d: d["notes"][0].update(answers=["a"]),
        # Optional parts: unclosed, closing nothing, nested, empty, the whole item.
        lambda d: d["notes"][3].update(answers=["a [b"]),
        lambda d: d["notes"][3]["answers"][1].update(aliases=["c]"]),
        lambda d: d["notes"][3]["answers"][1].update(text="a [b [c]]"),
        lambda d: d["notes"][5]["modalities"][0].update(signs=["a [ ]"]),
        lambda d: d["notes"][5]["modalities"][0].update(signs=["[a]"]),
        lambda d: d.update(notes=[]),
        lambda d: d["deck"].pop("lang"),
        lambda d: d.update(extra=1),
    ],
)
def test_schema_refuses_what_the_validator_refuses(mutate: Any) -> None:
    deck = yaml.safe_load(yaml.safe_dump(GOOD))
    mutate(deck)
    assert list(VALIDATOR.iter_errors(deck)) != []


def test_bundled_decks_declare_and_satisfy_the_schema() -> None:
    files = sorted((ROOT / "decks").glob("*.yaml"))
    assert files, "no bundled decks"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./casecards-deck.schema.json", path
        errors = list(VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], (path.name, [e.message for e in errors[:3]])
