"""The report figures against direct counts: the window's edges, the subtree, the level and the
chain of texts (a record concerning the board's plan under 80-KH/TU under Directive 27 counts for
Directive 27; one concerning Regulation 11 does not)."""

import datetime

import pytest

from accounts.models import Role, Scope
from baove import figures
from conftest import _person
from programme import services, stats
from programme.models import ActivityKind, Basis, DisseminationForm, DocumentKind, Medium

from .conftest import make_plan

pytestmark = pytest.mark.django_db

D = datetime.date
FROM, TO = D(2019, 1, 10), D(2023, 12, 31)
BEFORE, AFTER, MIDDLE = D(2019, 1, 9), D(2024, 1, 1), D(2021, 6, 1)


def window(unit, level=None):
    return {"unit": unit, "date_from": FROM, "date_to": TO, "level": level}


@pytest.fixture
def actor(units):
    """Who records for a unit: the province's or the other province's reporting officer."""
    province = _person("baocaotinh", "R HB", units.province, Role.REPORTING, Scope.SUBTREE)
    other = _person("baocaolc", "R LC", units.other, Role.REPORTING, Scope.SUBTREE)
    return lambda unit: other if unit.code == "TU-LC" else province


@pytest.fixture
def chain(units, actor, d27, r11):
    """Directive 27 → the province's 80-KH/TU → the committee's plan; Regulation 11 → 52-KH/TU."""
    provincial = make_plan(actor(units.province), units.province, issued_on=D(2019, 3, 1), implements=d27)
    board = make_plan(
        actor(units.committee), units.committee, number="36/KH-UBND", issued_on=D(2019, 4, 1), implements=provincial
    )
    regulation = make_plan(
        actor(units.province), units.province, number="52-KH/TU", issued_on=D(2019, 5, 1), implements=r11
    )
    other = make_plan(actor(units.other), units.other, number="16-KH/TU", issued_on=D(2019, 5, 1), implements=d27)
    return {"d27": d27, "r11": r11, "provincial": provincial, "board": board, "regulation": regulation, "other": other}


def disseminate(actor, unit, day, texts, *, sessions=1, participants=10, materials=5, committee=None):
    return services.dissemination_save(
        actor=actor(unit),
        unit=unit,
        held_on=day,
        form=DisseminationForm.CONFERENCE,
        title="Hội nghị quán triệt",
        sessions=sessions,
        participants=participants,
        materials=materials,
        concerning=texts,
        organised_by_committee=committee,
    )


def test_dissemination(units, actor, chain):
    c = chain
    disseminate(actor, units.committee, FROM, [c["board"]], sessions=2, participants=40, materials=30, committee=True)
    disseminate(actor, units.commune, TO, [c["d27"], c["provincial"]], sessions=3, participants=60, materials=7)
    disseminate(
        actor, units.finance, MIDDLE, [c["provincial"]], sessions=1, participants=5, materials=1, committee=False
    )
    disseminate(actor, units.committee, BEFORE, [c["board"]], sessions=100, participants=100, materials=100)
    disseminate(actor, units.committee, AFTER, [c["board"]], sessions=100, participants=100, materials=100)
    disseminate(actor, units.committee, MIDDLE, [c["regulation"]], sessions=4, participants=8, materials=9)
    disseminate(actor, units.other, MIDDLE, [c["other"]], sessions=100, participants=100, materials=100, committee=True)

    # The commune is a Party committee: organised by the committee unless said otherwise.
    assert stats.d27_dissemination_sessions(**window(units.province)) == 2 + 3
    assert stats.d27_dissemination_sessions_all(**window(units.province)) == 2 + 3 + 1
    assert stats.d27_dissemination_participants(**window(units.province)) == 40 + 60 + 5
    assert stats.d27_dissemination_materials(**window(units.province)) == 30 + 7 + 1
    assert stats.d27_dissemination_participants(**window(units.committee)) == 40 + 5
    assert stats.d27_dissemination_participants(**window(units.province, "commune")) == 60
    assert stats.d27_dissemination_participants(**window(units.province, "province")) == 45
    assert stats.d27_dissemination_participants(**window(units.other)) == 100
    assert stats.r11_dissemination_sessions(**window(units.province)) == 4
    assert stats.r11_dissemination_participants(**window(units.province)) == 8
    assert stats.r11_dissemination_materials(**window(units.province)) == 9
    assert stats.r11_dissemination_sessions(**window(units.commune)) == 0
    assert stats.d27_dissemination_participants(unit=units.committee, date_from=FROM, date_to=FROM) == 40


def test_a_record_linked_to_two_texts_of_one_chain_counts_once(units, actor, chain):
    disseminate(actor, units.committee, MIDDLE, [chain["d27"], chain["provincial"], chain["board"]], participants=7)
    assert stats.d27_dissemination_participants(**window(units.province)) == 7


def document(actor, unit, day, implements, **extra):
    values = {"kind": DocumentKind.OFFICIAL_LETTER, "title": "Văn bản chỉ đạo", "issuer": unit}
    values.update(extra)
    return services.document_create(
        actor=actor(unit),
        unit=unit,
        number=f"{day:%d%m%Y}-{unit.code}-{extra.get('kind', 'x')}",
        issued_on=day,
        implements=implements,
        **values,
    )


def test_documents(units, actor, chain):
    c = chain
    # The chain plans: provincial (province, Party, 2019) and board (committee, Party, 2019) count already.
    document(actor, units.commune, FROM, c["board"])
    document(actor, units.committee, TO, c["provincial"], is_party=False, is_legal_normative=True)
    document(actor, units.committee, MIDDLE, c["provincial"], kind=DocumentKind.REPORT)
    document(actor, units.committee, BEFORE, c["provincial"])
    document(actor, units.committee, AFTER, c["provincial"], is_legal_normative=True)
    document(actor, units.finance, MIDDLE, c["regulation"])
    document(actor, units.commune, MIDDLE, c["regulation"], kind=DocumentKind.REPORT)
    document(actor, units.other, MIDDLE, c["other"])

    assert stats.d27_documents_leadership(**window(units.province)) == 3  # provincial, board, commune's letter
    assert stats.d27_documents_legal_normative(**window(units.province)) == 1
    assert stats.d27_documents_leadership(**window(units.province, "commune")) == 1
    assert stats.d27_documents_leadership(**window(units.committee)) == 1
    assert stats.d27_documents_leadership(**window(units.other)) == 2
    assert stats.r11_documents(**window(units.province)) == 2  # 52-KH/TU and the finance letter
    rows = stats.r11_documents_list(**window(units.province))
    assert [row.number_date for row in rows] == ["52-KH/TU, 01/05/2019", f"{MIDDLE:%d%m%Y}-STC-HB-x, {MIDDLE:%d/%m/%Y}"]
    assert rows[0].issuer == units.province.name and rows[0].summary == "Kế hoạch thực hiện Chỉ thị số 27-CT/TW"
    assert list(stats.documents_concerning("27-CT/TW", **window(units.commune))) == list(
        stats.documents_implementing(c["d27"]).filter(unit=units.commune, issued_on=FROM)
    )


def inspect(actor, unit, day, texts, **extra):
    values = {
        "activity_kind": ActivityKind.INSPECTION,
        "basis": Basis.PLANNED,
        "title": "Kiểm tra",
        "concerning": texts,
    }
    values.update(extra)
    return services.inspection_save(actor=actor(unit), unit=unit, started_on=day, **values)


def test_inspections_of_directive_27(units, actor, chain):
    c = chain
    inspect(actor, units.inspection, FROM, [c["provincial"]])  # inspection commission: the committee's
    inspect(actor, units.commune, TO, [c["board"]])  # a Party committee
    inspect(actor, units.committee, MIDDLE, [c["d27"]], activity_kind=ActivityKind.SUPERVISION)  # People's Committee
    inspect(actor, units.finance, MIDDLE, [c["d27"]], body_kind="trade_union")
    inspect(actor, units.inspection, BEFORE, [c["d27"]])
    inspect(actor, units.finance, AFTER, [c["d27"]])
    inspect(actor, units.inspection, MIDDLE, [c["regulation"]])
    inspect(actor, units.other, MIDDLE, [c["other"]])

    assert stats.d27_inspections_committee(**window(units.province)) == 2
    assert stats.d27_inspections_subordinate(**window(units.province)) == 2
    assert stats.d27_inspections_committee(**window(units.province, "commune")) == 1
    assert stats.d27_inspections_subordinate(**window(units.committee)) == 2
    assert stats.d27_inspections_committee(**window(units.other)) == 1


def test_inspections_of_heads_under_regulation_11(units, actor, chain):
    reg = chain["regulation"]
    inspect(actor, units.inspection, FROM, [reg], units_covered=[units.commune, units.committee], heads_disciplined=1)
    inspect(
        actor,
        units.inspection,
        TO,
        [chain["r11"]],
        basis=Basis.AD_HOC,
        units_covered=[units.commune],
        other_units_count=2,
        heads_not_disciplined=2,
    )
    inspect(
        actor,
        units.commune,
        MIDDLE,
        [reg],
        activity_kind=ActivityKind.SUPERVISION,
        units_covered=[units.commune, units.finance],
        heads_not_disciplined=1,
    )
    inspect(actor, units.inspection, MIDDLE, [reg], activity_kind=ActivityKind.STATE_INSPECTION, heads_disciplined=5)
    inspect(actor, units.inspection, BEFORE, [reg], heads_disciplined=5, units_covered=[units.finance])
    inspect(actor, units.inspection, AFTER, [reg], heads_disciplined=5)
    inspect(actor, units.inspection, MIDDLE, [chain["provincial"]], heads_disciplined=5)  # Directive 27

    w = window(units.province)
    assert stats.r11_inspections_planned(**w) == 2
    assert stats.r11_inspections_ad_hoc(**w) == 1
    assert stats.r11_units_inspected(**w) == 2 + 2  # commune and committee once each, plus two outside bodies
    assert stats.r11_units_supervised(**w) == 2
    assert stats.r11_heads_disciplined(**w) == 1
    assert stats.r11_heads_not_disciplined(**w) == 3
    assert stats.r11_inspections_planned(**window(units.province, "commune")) == 1
    assert stats.r11_heads_not_disciplined(**window(units.province, "province")) == 2


def test_propaganda(units, actor, chain):
    def publish(unit, day, texts, count):
        services.propaganda_save(
            actor=actor(unit),
            unit=unit,
            published_on=day,
            medium=Medium.PRESS,
            title="Bài viết",
            count=count,
            concerning=texts,
        )

    publish(units.committee, FROM, [chain["board"]], 3)
    publish(units.commune, TO, [chain["d27"]], 2)
    publish(units.committee, BEFORE, [chain["board"]], 50)
    publish(units.committee, AFTER, [chain["board"]], 50)
    publish(units.committee, MIDDLE, [chain["regulation"]], 50)
    publish(units.other, MIDDLE, [chain["other"]], 50)
    assert stats.d27_propaganda_items(**window(units.province)) == 5
    assert stats.d27_propaganda_items(**window(units.province, "commune")) == 2


def test_moving_a_plan_in_the_chain_moves_its_records(units, actor, chain):
    disseminate(actor, units.committee, MIDDLE, [chain["board"]], participants=11)
    assert stats.d27_dissemination_participants(**window(units.province)) == 11
    board = chain["board"]
    services.document_update(
        actor=actor(units.committee),
        document=board,
        kind=board.kind,
        number=board.number,
        issued_on=board.issued_on,
        title=board.title,
        unit=board.unit,
        issuer=board.issuer,
        implements=chain["regulation"],
    )
    assert stats.d27_dissemination_participants(**window(units.province)) == 0
    assert stats.r11_dissemination_participants(**window(units.province)) == 11


def test_every_figure_is_registered_with_a_level_breakdown(units, chain):
    keys = {
        "d27.dissemination.sessions",
        "d27.dissemination.participants",
        "d27.dissemination.materials",
        "d27.documents.leadership",
        "d27.documents.legal_normative",
        "d27.inspections.committee",
        "d27.inspections.subordinate",
        "d27.propaganda.items",
        "r11.dissemination.sessions",
        "r11.dissemination.participants",
        "r11.dissemination.materials",
        "r11.documents",
        "r11.inspections.planned",
        "r11.inspections.ad_hoc",
        "r11.units.inspected",
        "r11.units.supervised",
        "r11.heads.disciplined",
        "r11.heads.not_disciplined",
    }
    assert keys <= set(figures.FIGURES)
    assert all(figures.FIGURES[key].by_level for key in keys)
    leadership = figures.FIGURES["d27.documents.leadership"].fn
    assert leadership(unit=units.province, date_from=FROM, date_to=TO) == 2
    assert leadership(unit=units.province, date_from=FROM, date_to=TO, level="commune") == 0
