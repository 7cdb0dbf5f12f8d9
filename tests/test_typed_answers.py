"""What a teacher accepts, typed into the bundled decks' items: a table of typed answers.

Each row is an expected item (a modality sign, or a differential answer with its aliases),
written from ``decks/otm-*.yaml`` and marked with ``[optional parts]`` where an author would,
a typed item, and whether a teacher accepts it. Acceptable rows are what students write:
accents, case and hyphens dropped, typos, number words, small words left out, the optional part
left out. Unacceptable ones are a different finding: the other side, the other vertebra,
hyper for hypo, another modality, or too little of the item to be it.

At least 95 % of the acceptable rows must match, and none of the unacceptable ones: a missed
acceptable answer costs a student a click (the grade is only suggested), a matched wrong one
teaches them a false fact. The test prints the figures and names every row that fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from casecards.deck.model import Answer
from casecards.grading import match_items, match_signs, split_items
from casecards.scheduler import Grade

# --- the bundled items, with the optional parts an author would mark ------------------------------

# otm-06 signes-imagerie: radiographie standard et scanner.
OSTEOPENIE = "Ostéopénie sévère de la tête fémorale et du col[, parfois du cotyle]"
ESTOMPAGE = "Estompage de la lame sous-chondrale"
CLARTE = "Clarté[ sous la plaque] sous-chondrale"
INTERLIGNE = "Interligne[ articulaire] normal"
# Scintigraphie osseuse et SPECT-CT.
HYPERFIXATION = "Hyperfixation aux 3 phases"
FIXATION = (
    "[Fixation traduisant ]perméabilité capillaire accrue, hyperhémie et hyperactivité "
    "ostéoblastique"
)
# IRM.
OEDEME = "Œdème médullaire (aspect caractéristique)"
HYPERVASCULARISATION = "Hypervascularisation[ de la plaque] sous-chondrale"
MICROFRACTURES = "Microfractures[ trabéculaires]"
EPANCHEMENT = "Épanchement articulaire et synovite"
CONTRASTE = "Prise de contraste capsulaire et péri-articulaire"
# otm-06 principes-modalites.
DIPHOSPHONATES = "Diphosphonates fixés sur l’hydroxyapatite"
URINAIRE = "Élimination urinaire[ : reins et vessie visibles]"
PLANAIRES = "Images planaires corps entier[, vues antérieure et postérieure]"
TOMO = "Tomoscintigraphie fusionnée avec un scanner"
LOCALISE = "Localise[ anatomiquement] un foyer (corps vertébral ou arc postérieur)"
SEQUENCES = (
    "Œdème médullaire en hyposignal T1, hypersignal T2[ avec saturation de la graisse ou STIR]"
)
NAF = "Traceur : fluorure de sodium marqué au fluor 18"
RESOLUTION = "Meilleure résolution spatiale que la scintigraphie planaire"
# otm-01 / otm-02: the lesions of the case, as a list would ask them.
COTE = "Cal de la 9e côte gauche"
L1 = "Fracture de L1"
HUMERUS = "Fracture par insuffisance osseuse de la tête humérale droite"
SACRUM = "Fracture par insuffisance osseuse de l’aileron sacré gauche"

# Differential answers (otm-01 hypotheses-discutees, otm-02 pied-fio, otm-07, otm-08, otm-09).
FIO = Answer(
    "fractures par insuffisance osseuse sur ostéoporose (masculine précoce)",
    ("fractures par insuffisance osseuse", "FIO", "ostéoporose", "fractures de fragilité"),
)
OTM = Answer(
    "œdème médullaire migratoire (ostéoporose transitoire migratrice régionale)",
    (
        "œdème médullaire migratoire",
        "ostéoporose transitoire migratrice",
        "ostéoporose migratoire régionale",
        "ostéoporose transitoire",
    ),
)
SDRC = Answer("algodystrophie (SDRC de type 1)", ("algodystrophie", "SDRC 1", "SDRC type 1"))
NECROSE = Answer(
    "ostéonécrose épiphysaire (aseptique)",
    ("ostéonécrose", "nécrose aseptique", "ostéonécrose aseptique"),
)
TALUS = Answer("talus", ("astragale",))
CALCANEUM = Answer("calcanéum", ("calcanéus", "calcaneum"))
NAVICULAIRE = Answer("naviculaire", ("os naviculaire", "scaphoïde tarsien"))
METATARSIEN = Answer("[base du ]3e métatarsien", ())
CUNEIFORMES = Answer("cunéiformes", ("cunéiforme", "os cunéiformes"))
CUBOIDE = Answer("cuboïde", ("os cuboïde",))
HANCHE = Answer(
    "ostéoporose transitoire de hanche", ("OT de hanche", "ostéoporose transitoire de la hanche")
)
SYSTEMIQUE = Answer("ostéoporose systémique", ("ostéoporose",))
FISSURE = Answer(
    "fissure osseuse d’algodystrophie (SDRC 1)",
    ("fissure", "fissure osseuse", "algodystrophie", "SDRC 1"),
)
LISERE = Answer(
    "liséré de nécrose (ostéonécrose)", ("nécrose", "ostéonécrose", "liséré de nécrose")
)
OEDEME_OSSEUX = Answer("œdème médullaire", ("œdème osseux",))


@dataclass(frozen=True, slots=True)
class Row:
    expected: Answer | str
    typed: str
    ok: bool
    why: str = ""

    @property
    def answer(self) -> Answer:
        return self.expected if isinstance(self.expected, Answer) else Answer(self.expected, ())

    def matches(self) -> bool:
        return match_items([self.typed], [self.answer]).recalled == 1

    def __str__(self) -> str:
        verdict = "acceptable" if self.ok else "unacceptable"
        why = f" ({self.why})" if self.why else ""
        return f"{verdict}: {self.typed!r} for {self.answer.text!r}{why}"


def yes(expected: Answer | str, typed: str, why: str = "") -> Row:
    return Row(expected, typed, True, why)


def no(expected: Answer | str, typed: str, why: str = "") -> Row:
    return Row(expected, typed, False, why)


TABLE: list[Row] = [
    # --- acceptable: what a teacher accepts ---------------------------------------------------
    # D6, as the new user typed them.
    yes(OSTEOPENIE, "osteopenie severe de la tete femorale et du col", "optional part left out"),
    yes(OSTEOPENIE, "Ostéopénie sévère de la tête fémorale et du col, parfois du cotyle"),
    yes(OSTEOPENIE, "osteopénie sévère tête fémorale et col", "small words left out"),
    yes(OSTEOPENIE, "ostéopénie sévère de la tête fémorale et du col parfois du cotyle"),
    yes(OSTEOPENIE, "osteopenie severe de la tete femoral et du col", "one typo"),
    yes(HYPERFIXATION, "hyperfixation aux trois phases", "D6: trois = 3"),
    yes(HYPERFIXATION, "hyperfixation 3 phases", "D6: aux left out"),
    yes(HYPERFIXATION, "Hyperfixation aux 3 phases"),
    yes(HYPERFIXATION, "hyper-fixation aux 3 phases"),
    yes(HYPERFIXATION, "hyperfixation a 3 phases"),
    yes(HYPERFIXATION, "hyperfixaton aux trois phases", "typo and number word"),
    yes(HYPERFIXATION, "hyperfixation aux 3 temps", "deck 01's own words: no alias for it"),
    yes(CLARTE, "clarte sous la plaque souschondralle", "D6: worked already"),
    yes(CLARTE, "clarté sous plaque sous-chondrale"),
    yes(ESTOMPAGE, "estompage de la lame sous chondrale"),
    yes(ESTOMPAGE, "estompage lame sous-chondrale"),
    yes(ESTOMPAGE, "Estompage de la lame souschondrale"),
    yes(INTERLIGNE, "interligne articulaire normal"),
    yes(INTERLIGNE, "interligne articulaire normale", "agreement slip"),
    yes(INTERLIGNE, "l'interligne articulaire normal"),
    yes(INTERLIGNE, "interligne normal", "the optional word left out"),
    yes(FIXATION, "perméabilité capillaire accrue, hyperhémie et hyperactivité ostéoblastique"),
    yes(
        FIXATION,
        "fixation traduisant permeabilite capillaire accrue hyperhemie et hyperactivite "
        "osteoblastique",
    ),
    yes(FIXATION, "permeabilite capilaire accrue hyperhemie hyperactivite osteoblastique"),
    yes(OEDEME, "oedeme medullaire"),
    yes(OEDEME, "œdème médullaire"),
    yes(OEDEME, "oedème médulaire"),
    yes(OEDEME, "l'oedeme medullaire"),
    yes(OEDEME, "œdème médullaire (aspect caractéristique)"),
    yes(HYPERVASCULARISATION, "hypervascularisation de la plaque sous chondrale"),
    yes(HYPERVASCULARISATION, "hypervascularisation plaque sous-chondrale"),
    yes(HYPERVASCULARISATION, "hypervascularisation de la plaque sous-chondral"),
    yes(MICROFRACTURES, "microfractures trabeculaires"),
    yes(MICROFRACTURES, "micro-fractures trabéculaires"),
    yes(MICROFRACTURES, "microfracture trabeculaire", "singular"),
    yes(MICROFRACTURES, "des microfractures trabéculaires"),
    yes(MICROFRACTURES, "microfractures", "the optional word left out"),
    yes(EPANCHEMENT, "epanchement articulaire et synovite"),
    yes(EPANCHEMENT, "épanchement articulaire + synovite"),
    yes(EPANCHEMENT, "epanchement articulaire synovite", "et left out"),
    yes(CONTRASTE, "prise de contraste capsulaire et periarticulaire"),
    yes(CONTRASTE, "prise de contraste capsulaire et péri articulaire"),
    yes(CONTRASTE, "prise contraste capsulaire et péri-articulaire"),
    yes(DIPHOSPHONATES, "diphosphonates fixes sur l'hydroxyapatite"),
    yes(DIPHOSPHONATES, "diphosphonates fixés sur hydroxyapatite"),
    yes(DIPHOSPHONATES, "diphosphonate fixé sur l'hydroxyapatite"),
    yes(URINAIRE, "elimination urinaire"),
    yes(URINAIRE, "élimination urinaire : reins et vessie visibles"),
    yes(URINAIRE, "elimination urinaire, reins et vessie visibles"),
    yes(PLANAIRES, "images planaires corps entier"),
    yes(PLANAIRES, "images planaires du corps entier"),
    yes(PLANAIRES, "images planaires corps entier vues antérieure et postérieure"),
    yes(TOMO, "tomoscintigraphie fusionnee avec un scanner"),
    yes(TOMO, "tomoscintigraphie fusionnée avec scanner"),
    yes(LOCALISE, "localise un foyer"),
    yes(LOCALISE, "localise anatomiquement un foyer"),
    yes(LOCALISE, "localise anatomiquement un foyer (corps vertébral ou arc postérieur)"),
    yes(SEQUENCES, "oedeme medullaire en hyposignal T1 hypersignal T2"),
    yes(
        SEQUENCES,
        "œdème médullaire hyposignal T1 hypersignal T2 avec saturation de la graisse ou STIR",
    ),
    yes(SEQUENCES, "oedeme medullaire en hyposignal t1 hypersignal t2"),
    yes(NAF, "traceur fluorure de sodium marque au fluor 18"),
    yes(NAF, "traceur : fluorure de sodium marqué au fluor dix-huit"),
    yes(RESOLUTION, "meilleure resolution spatiale que la scintigraphie planaire"),
    yes(RESOLUTION, "meilleure résolution spatiale que scintigraphie planaire"),
    yes(COTE, "cal de la neuvième côte gauche", "ordinal in words"),
    yes(COTE, "cal 9e cote gauche"),
    yes(COTE, "cal de la 9ème côte gauche"),
    yes(L1, "fracture L1", "D6: de left out"),
    yes(L1, "fracture de L1"),
    yes(L1, "fracture de l1"),
    yes(L1, "fracture de la L1"),
    yes(HUMERUS, "fracture par insuffisance osseuse de la tete humerale droite"),
    yes(HUMERUS, "fracture d'insuffisance osseuse de la tête humérale droite", "d' for par"),
    yes(SACRUM, "fracture par insuffisance osseuse de l'aileron sacre gauche"),
    yes(SACRUM, "fracture par insuffisance osseuse aileron sacré gauche"),
    yes(FIO, "fractures par insuffisance osseuse"),
    yes(FIO, "fracture par insuffisance osseuse", "singular"),
    yes(FIO, "FIO"),
    yes(FIO, "fio"),
    yes(FIO, "fractures d'insuffisance osseuse"),
    yes(FIO, "fractures de fragilite"),
    yes(FIO, "fractures par insuffisance osseuse sur ostéoporose"),
    yes(OTM, "ostéoporose transitoire migratrice"),
    yes(OTM, "osteoporose transitoire"),
    yes(OTM, "oedeme medullaire migratoire"),
    yes(OTM, "l'ostéoporose transitoire migratrice régionale", "the name in parentheses"),
    yes(SDRC, "algodystrophie"),
    yes(SDRC, "algodistrophie"),
    yes(SDRC, "SDRC 1"),
    yes(SDRC, "sdrc de type 1"),
    yes(SDRC, "SDRC type I", "roman numeral"),
    yes(SDRC, "sdrc type un", "a last 'un' is a count"),
    yes(SDRC, "SDRC de type I"),
    yes(NECROSE, "osteonecrose"),
    yes(NECROSE, "ostéonécrose épiphysaire"),
    yes(NECROSE, "necrose aseptique"),
    yes(NECROSE, "ostéonécrose aseptique"),
    yes(TALUS, "talus"),
    yes(TALUS, "astragale"),
    yes(CALCANEUM, "calcaneum"),
    yes(CALCANEUM, "calcanéus"),
    yes(NAVICULAIRE, "naviculaire"),
    yes(NAVICULAIRE, "os naviculaire"),
    yes(NAVICULAIRE, "scaphoide tarsien"),
    yes(METATARSIEN, "base du 3e métatarsien"),
    yes(METATARSIEN, "3e metatarsien"),
    yes(METATARSIEN, "troisième métatarsien"),
    yes(METATARSIEN, "base du troisieme metatarsien"),
    yes(METATARSIEN, "3ème métatarsien"),
    yes(CUNEIFORMES, "cuneiformes"),
    yes(CUNEIFORMES, "les cunéiformes"),
    yes(CUBOIDE, "cuboide"),
    yes(CUBOIDE, "l'os cuboïde"),
    yes(HANCHE, "ostéoporose transitoire de la hanche"),
    yes(HANCHE, "osteoporose transitoire hanche"),
    yes(HANCHE, "OT de hanche"),
    yes(HANCHE, "ostéoporose transitoire de hanche"),
    yes(SYSTEMIQUE, "osteoporose systemique"),
    yes(FISSURE, "fissure osseuse d'algodystrophie"),
    yes(FISSURE, "fissure osseuse"),
    yes(LISERE, "liseré de nécrose"),
    yes(LISERE, "lisere de necrose"),
    yes(OEDEME_OSSEUX, "oedeme osseux"),
    yes(EPANCHEMENT, "synovite et épanchement articulaire", "the two findings swapped"),
    # --- unacceptable: another finding, or too little of it -----------------------------------
    no(OSTEOPENIE, "osteopenie", "one word of a ten-word sign"),
    no(OSTEOPENIE, "ostéopénie sévère", "the site is the sign"),
    no(OSTEOPENIE, "ostéopénie du cotyle", "only the optional part's site"),
    no(OSTEOPENIE, "osteopenie severe de la tete humerale et du col", "another bone"),
    no(OSTEOPENIE, "ostéocondensation de la tête fémorale et du col", "the opposite finding"),
    no(HYPERFIXATION, "hypofixation aux 3 phases", "hypo for hyper"),
    no(HYPERFIXATION, "hyperfixation aux deux phases", "two phases, not three"),
    no(HYPERFIXATION, "hyperfixation au temps tardif", "one phase"),
    no(HYPERFIXATION, "hyperfixation", "the number of phases is the sign"),
    no(FIXATION, "hyperhemie", "D6: one word of three findings"),
    no(FIXATION, "fixation traduisant", "only the optional part"),
    no(FIXATION, "permeabilite capillaire accrue", "one finding of three"),
    no(
        FIXATION,
        "permeabilite capillaire accrue hyperhemie et hyperactivite osteoclastique",
        "osteoclastic for osteoblastic",
    ),
    no(
        FIXATION,
        "permeabilite capillaire diminuee hyperhemie et hyperactivite osteoblastique",
        "decreased for increased",
    ),
    no(CLARTE, "clarté sur la plaque sous-chondrale", "sur is not sous"),
    no(ESTOMPAGE, "estompage de la lame sus-chondrale", "sus for sous"),
    no(INTERLIGNE, "interligne", "too little"),
    no(INTERLIGNE, "interligne articulaire anormal", "the negation"),
    no(INTERLIGNE, "interligne articulaire pincé", "the opposite finding, in other words"),
    no(NECROSE, "nécrose septique", "septic for aseptic"),
    no(OEDEME, "oedeme", "oedema, where?"),
    no(HYPERVASCULARISATION, "hypovascularisation de la plaque sous-chondrale", "hypo for hyper"),
    no(MICROFRACTURES, "macrofractures trabéculaires", "macro for micro"),
    no(MICROFRACTURES, "fractures", "too little"),
    no(EPANCHEMENT, "synovite", "one finding of two"),
    no(EPANCHEMENT, "epanchement articulaire", "one finding of two"),
    no(CONTRASTE, "prise de contraste", "where?"),
    no(CONTRASTE, "prise de contraste capsulaire et intra-articulaire", "intra for péri"),
    no(URINAIRE, "élimination biliaire", "the other route"),
    no(URINAIRE, "reins et vessie visibles", "only the optional part"),
    no(PLANAIRES, "images tomographiques corps entier", "tomographic for planar"),
    no(TOMO, "tomoscintigraphie fusionnée avec une IRM", "another modality"),
    no(SEQUENCES, "oedeme medullaire en hypersignal T1 hyposignal T2", "signals swapped"),
    no(SEQUENCES, "oedeme medullaire en hyposignal T2 hypersignal T1", "sequences swapped"),
    no(SEQUENCES, "oedeme medullaire", "the signal is the sign"),
    no(NAF, "traceur fluorure de sodium marqué au fluor 19", "another isotope"),
    no(NAF, "traceur diphosphonates marqués au technétium", "the other tracer"),
    no(RESOLUTION, "moins bonne résolution spatiale que la scintigraphie planaire", "the opposite"),
    no(RESOLUTION, "meilleure résolution temporelle que la scintigraphie planaire", "temporal"),
    no(COTE, "cal de la 9e côte droite", "the other side"),
    no(COTE, "cal de la 8e côte gauche", "the other rib"),
    no(COTE, "cal de la dixième côte gauche", "the other rib, in words"),
    no(L1, "fracture de L5", "L5 is not L1"),
    no(L1, "fracture de L2", "L2 is not L1"),
    no(L1, "fracture de T1", "T1 is not L1"),
    no(L1, "fracture", "where?"),
    no(HUMERUS, "fracture par insuffisance osseuse de la tête humérale gauche", "other side"),
    no(HUMERUS, "fracture par insuffisance osseuse de la tête fémorale droite", "other bone"),
    no(SACRUM, "fracture par insuffisance osseuse de l'aileron sacré droit", "other side"),
    no(FIO, "fractures de fatigue", "fatigue is not insufficiency"),
    no(FIO, "FIA", "an acronym is exact"),
    no(FIO, "fractures", "too little"),
    no(OTM, "ostéoporose", "generic: an alias of another answer, not of this one"),
    no(OTM, "osteoporose systemique", "the other entity"),
    no(OTM, "oedeme", "too little"),
    no(SDRC, "SDRC 2", "type 2 is another disease"),
    no(SDRC, "SDRC type 2", "type 2 is another disease"),
    no(SDRC, "SDRC", "which type?"),
    no(SDRC, "SDRC type II", "type 2 in roman numerals"),
    no(NECROSE, "osteochondrite", "another disease"),
    no(NECROSE, "ostéoporose", "another disease"),
    no(TALUS, "tibia", "another bone"),
    no(CALCANEUM, "cuboide", "another bone"),
    no(NAVICULAIRE, "scaphoïde carpien", "the hand's scaphoid"),
    no(METATARSIEN, "base du 2e métatarsien", "another metatarsal"),
    no(METATARSIEN, "base du 5e métatarsien", "another metatarsal"),
    no(METATARSIEN, "métatarsien", "which one?"),
    no(METATARSIEN, "base du troisième métacarpien", "the hand"),
    no(CUBOIDE, "cunéiforme", "another bone"),
    no(HANCHE, "ostéoporose transitoire du genou", "another joint"),
    no(HANCHE, "OT du genou", "another joint"),
    no(SYSTEMIQUE, "ostéoporose transitoire", "the other entity"),
    no(FISSURE, "fissure osseuse de nécrose", "the other cause"),
    no(LISERE, "liseré de fissure", "the other cause"),
    no(OEDEME_OSSEUX, "oedeme des parties molles", "soft tissue"),
]

ACCEPTABLE = [row for row in TABLE if row.ok]
UNACCEPTABLE = [row for row in TABLE if not row.ok]


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 80
    assert len(ACCEPTABLE) >= 40 and len(UNACCEPTABLE) >= 40
    assert len({(row.answer, row.typed) for row in TABLE}) == len(TABLE), "a row is repeated"


def test_typed_answers_are_graded_as_a_teacher_would() -> None:
    missed = [row for row in ACCEPTABLE if not row.matches()]
    wrongly = [row for row in UNACCEPTABLE if row.matches()]
    rate = 1 - len(missed) / len(ACCEPTABLE)
    report = "\n".join(
        [
            f"acceptable: {len(ACCEPTABLE) - len(missed)}/{len(ACCEPTABLE)} match ({rate:.1%})",
            f"unacceptable: {len(wrongly)}/{len(UNACCEPTABLE)} match",
            *(f"  missed   {row}" for row in missed),
            *(f"  MATCHED  {row}" for row in wrongly),
        ]
    )
    print(report)
    assert rate >= 0.95 and not wrongly, report


# --- whole cards: the new user's D6 session, and one typed item for one expected item -------------

RX_TDM = [OSTEOPENIE, ESTOMPAGE, CLARTE, INTERLIGNE]
SCINTI = [HYPERFIXATION, FIXATION]
IRM = [OEDEME, HYPERVASCULARISATION, MICROFRACTURES, EPANCHEMENT, CONTRASTE]


@pytest.mark.parametrize(
    ("signs", "typed", "recalled", "extras", "grade"),
    [
        # D6, capture 28: 2/4 and a failing suggestion; the sign marked, 4/4.
        (
            RX_TDM,
            "osteopenie severe de la tete femorale et du col\nestompage de la lame sous chondrale\n"
            "clarte sous la plaque souschondralle\ninterligne articulaire normal",
            4,
            0,
            Grade.PERFECT,
        ),
        # The whole sign typed, its comma and all: one item, not two.
        (
            RX_TDM,
            "Ostéopénie sévère de la tête fémorale et du col, parfois du cotyle",
            1,
            0,
            Grade.WRONG_REMEMBERED,
        ),
        # D6, capture 30: 0/2; the same typing now recalls the three phases.
        (SCINTI, "hyperfixation aux trois phases\nhyperhemie", 1, 1, Grade.WRONG_SEEMED_EASY),
        (
            SCINTI,
            "hyperfixation 3 phases; permeabilite capillaire accrue, hyperhemie et "
            "hyperactivite osteoblastique",
            2,  # the sign's own comma splits it in two typed items, read back as one
            0,
            Grade.PERFECT,
        ),
        (
            SCINTI,
            "hyperfixation 3 phases; permeabilite capillaire accrue hyperhemie et "
            "hyperactivite osteoblastique",
            2,
            0,
            Grade.PERFECT,
        ),
        (
            IRM,
            "oedeme medullaire, hypervascularisation sous-chondrale, microfractures "
            "trabeculaires, epanchement articulaire et synovite, prise de contraste "
            "capsulaire et periarticulaire",
            5,  # "de la plaque" is marked optional in the deck
            0,
            Grade.PERFECT,
        ),
    ],
)
def test_modality_cards(
    signs: list[str], typed: str, recalled: int, extras: int, grade: Grade
) -> None:
    result = match_signs(split_items(typed), signs)
    assert result.recalled == recalled, result
    assert len(result.extras) == extras, result
    assert result.suggested_grade is grade


def test_one_typed_item_recalls_one_expected_item_however_much_it_covers() -> None:
    # Typed once, two expected items of which it says half each: neither is recalled.
    result = match_signs(["estompage et clarte sous-chondrales"], [ESTOMPAGE, CLARTE])
    assert result.recalled == 0 and result.extras == ("estompage et clarte sous-chondrales",)
    # Typed once, two items it matches whole (their other words optional): it recalls one,
    # and typing it again recalls the other.
    signs = ["IRM[ de la hanche]", "IRM[ du pied]"]
    assert match_signs(["IRM"], signs).recalled == 1
    assert match_signs(["IRM", "irm"], signs).recalled == 2


def test_a_short_generic_item_does_not_recall_a_long_one() -> None:
    for typed in ("osteopenie", "hyperfixation", "oedeme", "fracture", "epanchement"):
        result = match_signs([typed], [*RX_TDM, *SCINTI, *IRM])
        assert result.recalled == 0, (typed, result)
