"""Past registers of citizen reception and of the programme's activities, counted by the figures."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError

from baove.figures import compute
from history.services import batch_undo, register_import
from history.tabular import ImportRejected
from programme.models import Dissemination, Document, Inspection
from reception.models import ReceptionSession, Visit

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

REVIEW = {"date_from": datetime.date(2019, 1, 1), "date_to": datetime.date(2023, 12, 31)}
RECEPTION_HEADER = [
    "date", "unit_code", "kind", "hosted_by_head", "individuals", "delegations", "delegation_people", "refused",
    "complex", "handled_closed", "handled_continuing", "in_progress", "directed", "guided",
]  # fmt: skip


def _import(kind, actor, header, rows, name="file.csv"):
    return register_import(kind=kind, actor=actor, file=io.BytesIO(csv_bytes([header, *rows])), filename=name)


def test_reception_sessions_become_sessions_and_visits_counted_by_appendix_2(people, units):
    rows = [
        ["15/01/2020", "XA-TP", "Định kỳ", "có", "6", "1", "12", "1", "2", "3", "1", "2", "1", "0"],
        ["04/03/2021", "UBND-HB", "ad_hoc", "không", "2", "", "", "", "", "", "", "", "", "2"],
    ]
    _import("reception", people.reporting, RECEPTION_HEADER, rows)

    assert ReceptionSession.objects.count() == 2 and Visit.objects.count() == 7 + 1 + 2
    province = {"unit": units.province, **REVIEW}
    assert compute("reception.sessions.scheduled", **province) == 1
    assert compute("reception.sessions.ad_hoc", **province) == 1
    assert compute("reception.visitors.scheduled", **province) == 6 + 12
    assert compute("reception.visitors.ad_hoc", **province) == 2
    assert compute("reception.delegations", **province) == 1
    assert compute("reception.cases.refused", **province) == 1
    assert compute("reception.cases.complex_prolonged", **province) == 2
    assert compute("reception.cases.competent.resolved_closed", **province) == 3
    assert compute("reception.cases.competent.in_progress", **province) == 2
    assert compute("reception.cases.directed", **province) == 1
    assert compute("reception.cases.guided", **province) == 2
    assert compute("reception.sessions.scheduled", level="commune", **province) == 1
    assert compute("reception.sessions.ad_hoc", level="commune", **province) == 0


def test_reception_counts_that_do_not_add_up_are_refused(people, units):
    rows = [
        ["15/01/2020", "XA-TP", "scheduled", "", "3", "1", "2", "", "5", "3", "", "", "", ""],
        ["16/01/2020", "XA-TP", "weekly", "", "", "", "", "", "", "", "", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as refused:
        _import("reception", people.reporting, RECEPTION_HEADER, rows)
    found = {(problem.line, problem.column) for problem in refused.value.problems}
    assert found == {
        (2, "Số người trong các đoàn"),  # a delegation of 2 people
        (2, "Số vụ việc phức tạp, kéo dài"),  # 5 complex of 4 received
        (2, "Đã giải quyết, không còn phản ánh"),  # 3 shared out of 4 received
        (3, "Hình thức tiếp"),
    }
    assert not ReceptionSession.objects.exists()


DOCUMENT_HEADER = [
    "issued_on", "unit_code", "kind", "number", "title", "implements", "is_party", "is_legal_normative",
    "issuer_name", "summary",
]  # fmt: skip
DISSEMINATION_HEADER = [
    "held_on", "unit_code", "form", "title", "concerning", "sessions", "participants", "materials",
    "organised_by_committee", "note",
]  # fmt: skip
INSPECTION_HEADER = [
    "started_on", "ended_on", "unit_code", "body_kind", "activity_kind", "basis", "title", "concerning",
    "units_covered", "other_units_count", "heads_disciplined", "heads_not_disciplined",
]  # fmt: skip


def test_documents_disseminations_and_inspections_count_down_the_chain_of_directive_27(people, units):
    documents = _import(
        "documents",
        people.reporting,
        DOCUMENT_HEADER,
        [
            ["12/03/2019", "TU-HB", "plan", "45-KH/TU", "Kế hoạch thực hiện Chỉ thị 27", "27-CT/TW", "", "", "", ""],
            ["20/04/2019", "XA-TP", "Hướng dẫn", "3-HD/ĐU", "Hướng dẫn Kế hoạch 45", "45-KH/TU", "", "", "", ""],
            ["02/05/2019", "UBND-HB", "decision", "12/2019/QĐ-UBND", "Quy định", "45-KH/TU", "không", "có", "", ""],
        ],
    )  # fmt: skip
    plan = Document.objects.get(number="45-KH/TU")
    guidance = Document.objects.get(number="3-HD/ĐU")
    assert guidance.implements == plan and guidance.path.startswith(plan.path) and guidance.depth == plan.depth + 1
    province = {"unit": units.province, **REVIEW}
    assert compute("d27.documents.leadership", **province) == 2
    assert compute("d27.documents.legal_normative", **province) == 1

    disseminations = _import(
        "dissemination",
        people.reporting,
        DISSEMINATION_HEADER,
        [
            ["25/04/2019", "XA-TP", "Hội nghị", "Quán triệt Chỉ thị 27", "3-HD/ĐU", "2", "120", "150", "có", ""],
            ["10/09/2021", "UBND-HB", "training", "Tập huấn Quy định 11", "11-QĐi/TW", "", "80", "80", "", ""],
        ],
    )
    assert compute("d27.dissemination.sessions", **province) == 2
    assert compute("d27.dissemination.participants", **province) == 120
    assert compute("r11.dissemination.participants", **province) == 80

    _import(
        "inspections",
        people.reporting,
        INSPECTION_HEADER,
        [
            ["05/06/2020", "30/06/2020", "UBKT-HB", "inspection_commission", "Kiểm tra", "theo kế hoạch",
             "Kiểm tra thực hiện Chỉ thị 27", "45-KH/TU", "UBND-HB;XA-TP", "3", "0", "0"],
            ["05/06/2021", "", "TU-HB", "party_committee", "supervision", "ad_hoc", "Giám sát Quy định 11",
             "11-QĐi/TW", "STC-HB", "0", "1", "2"],
        ],
    )  # fmt: skip
    assert compute("d27.inspections.committee", **province) == 1
    assert compute("r11.inspections.ad_hoc", **province) == 1
    assert compute("r11.units.supervised", **province) == 1
    assert compute("r11.heads.not_disciplined", **province) == 2
    assert set(Inspection.objects.get(unit=units.inspection).units_covered.all()) == {units.committee, units.commune}

    # The documents cannot go while the disseminations concern them; once those are undone, they can.
    with pytest.raises(ValidationError):
        batch_undo(batch=documents, actor=people.reporting)
    batch_undo(batch=disseminations, actor=people.reporting)
    assert not Dissemination.objects.exists()
    Inspection.objects.all().delete()
    assert batch_undo(batch=documents, actor=people.reporting) == 3
    assert not Document.objects.filter(number__in=["45-KH/TU", "3-HD/ĐU", "12/2019/QĐ-UBND"]).exists()


def test_a_text_that_does_not_apply_to_the_unit_is_refused(people, units):
    _import(
        "documents",
        people.admin,
        DOCUMENT_HEADER,
        [["12/03/2019", "TU-LC", "plan", "9-KH/TU", "Kế hoạch của tỉnh khác", "27-CT/TW", "", "", "", ""]],
    )
    rows = [["25/04/2019", "XA-TP", "conference", "Hội nghị", "9-KH/TU; 99-KH/XX", "1", "10", "10", "", ""]]
    with pytest.raises(ImportRejected) as refused:
        _import("dissemination", people.reporting, DISSEMINATION_HEADER, rows)
    messages = [problem.message for problem in refused.value.problems]
    assert len(messages) == 2 and "9-KH/TU" in messages[0] and "99-KH/XX" in messages[1]
