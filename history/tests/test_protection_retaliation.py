"""Past registers of protection and retaliation: counted by the figures as live records, no identity."""

import datetime
import io

import pytest

from baove.figures import compute
from history.services import batch_undo, register_import
from history.tabular import ImportRejected
from protection.models import CaseStatus, Measure, ProtectionCase, ProtectionKey
from retaliation.models import HeadAccountability, Incident, IncidentStatus, Sanction

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

Y2019_2023 = {"date_from": datetime.date(2019, 1, 1), "date_to": datetime.date(2023, 12, 31)}
PROTECTION_HEADER = [
    "Ngày đề nghị", "Mã đơn vị", "Người được đề nghị bảo vệ", "Nội dung đề nghị bảo vệ", "Quyết định",
    "Ngày quyết định", "Biện pháp bảo vệ đã áp dụng", "Ngày kết thúc bảo vệ", "Tóm tắt",
]  # fmt: skip
RETALIATION_HEADER = [
    "reported_on", "unit_code", "forms", "occurred_on", "finding", "concluded_on", "sanctions", "sanctioned_on",
    "heads", "heads_on", "summary",
]  # fmt: skip


def _import(kind, actor, rows, header):
    return register_import(kind=kind, actor=actor, file=io.BytesIO(csv_bytes([header, *rows])), filename=f"{kind}.csv")


def test_protection_register_counts_people_requesting_and_protected(people, units):
    rows = [
        ["10/05/2020", "UBND-HB", "Người tố cáo", "job;honour", "Chấp thuận", "20/05/2020", "job", "31/12/2021", ""],
        ["03/02/2021", "XA-TP", "spouse", "life_health", "refused", "18/02/2021", "", "", ""],
        ["01/12/2023", "STC-HB", "self", "property", "granted", "05/12/2023", "property", "", "Đe dọa tài sản"],
    ]
    batch = _import("protection", people.reporting, rows, PROTECTION_HEADER)

    assert batch.row_count == 3
    province = {"unit": units.province, **Y2019_2023}
    assert compute("protection.requested.total", **province) == 3
    assert compute("protection.requested.job", **province) == 1
    assert compute("protection.decisions.granted", **province) == 2
    assert compute("protection.decisions.refused", **province) == 1
    assert compute("protection.protected.total", **province) == 2
    year_2022 = {"date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2022, 12, 31)}
    assert compute("protection.protected.job", unit=units.province, **year_2022) == 0
    ended, refused, running = ProtectionCase.objects.order_by("requested_at")
    assert ended.status == CaseStatus.ENDED and ended.kinds_requested == ["secrecy", "job", "honour"]
    assert set(Measure.objects.filter(case=ended).values_list("kind", flat=True)) == {"secrecy", "job"}
    assert refused.status == CaseStatus.REFUSED and not refused.measures.exists()
    assert running.status == CaseStatus.GRANTED and running.summary == "Đe dọa tài sản"
    assert not ended.id_hash
    # Sealed as any case, to the unit's identity custodian only.
    assert set(ProtectionKey.objects.filter(case=ended).values_list("user_key__user", flat=True)) == {
        people.custodian.pk
    }


def test_protection_rows_that_contradict_themselves_are_refused(people, units):
    rows = [
        ["10/05/2020", "UBND-HB", "self", "job", "refused", "20/05/2020", "job", "", ""],
        ["10/05/2020", "UBND-HB", "cousin", "job", "granted", "01/05/2020", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as refused:
        _import("protection", people.reporting, rows, PROTECTION_HEADER)
    found = {(problem.line, problem.column) for problem in refused.value.problems}
    assert found == {
        (2, "Biện pháp bảo vệ đã áp dụng"),
        (3, "Người được đề nghị bảo vệ"),
        (3, "Ngày quyết định"),
        (3, "Biện pháp bảo vệ đã áp dụng"),
    }
    assert not ProtectionCase.objects.exists()


def test_retaliation_register_counts_incidents_sanctions_and_heads(people, units):
    rows = [
        ["12/08/2020", "UBND-HB", "transfer;harassment", "01/08/2020", "confirmed", "30/10/2020",
         "party;administrative", "15/12/2020", "reprimand", "15/12/2020", ""],
        ["05/03/2022", "XA-TP", "Đe dọa", "", "Không có căn cứ", "20/04/2022", "", "", "", "", ""],
        ["05/03/2024", "XA-TP", "threat", "", "reported", "", "", "", "", "", ""],
    ]  # fmt: skip
    _import("retaliation", people.reporting, rows, RETALIATION_HEADER)

    province = {"unit": units.province, **Y2019_2023}
    assert compute("retaliation.incidents", **province) == 2
    assert compute("retaliation.incidents.confirmed", **province) == 1
    assert compute("retaliation.forms.transfer", **province) == 1
    assert compute("retaliation.forms.threat", **province) == 1
    assert compute("retaliation.sanctions.total", **province) == 2
    assert compute("retaliation.heads.disciplined", **province) == 1
    assert compute("retaliation.incidents", unit=units.commune, **Y2019_2023) == 1
    confirmed = Incident.objects.get(status=IncidentStatus.CONFIRMED)
    assert confirmed.reference.startswith("TT-LS-2020-") and confirmed.recorded_by == people.reporting
    assert Sanction.objects.filter(incident=confirmed).count() == 2
    head = HeadAccountability.objects.get()
    assert head.name == "Người đứng đầu đơn vị (sổ không ghi tên)"


def test_sanctions_of_an_unconfirmed_incident_are_refused(people, units):
    rows = [["05/03/2022", "XA-TP", "threat", "", "unfounded", "20/04/2022", "party", "", "", "", ""]]
    with pytest.raises(ImportRejected) as refused:
        _import("retaliation", people.reporting, rows, RETALIATION_HEADER)
    assert {(problem.line, problem.column) for problem in refused.value.problems} == {
        (2, "Xử lý vi phạm"),
        (2, "Ngày quyết định xử lý"),
    }


def test_a_date_in_the_future_is_refused(people, units):
    future = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")  # noqa: DTZ011
    rows = [[future, "XA-TP", "threat", "", "reported", "", "", "", "", "", ""]]
    with pytest.raises(ImportRejected) as refused:
        _import("retaliation", people.reporting, rows, RETALIATION_HEADER)
    [problem] = refused.value.problems
    assert problem.line == 2 and "tương lai" in problem.message


def test_undo_refuses_while_a_live_record_depends_on_an_imported_one(people, units):
    rows = [["12/08/2020", "UBND-HB", "transfer", "", "reported", "", "", "", "", "", ""]]
    batch = _import("retaliation", people.reporting, rows, RETALIATION_HEADER)
    incident = Incident.objects.get()
    Sanction.objects.create(
        incident=incident, kind="party", form="Khiển trách", decided_by="UBKT", decided_on=datetime.date(2020, 12, 1),
        recorded_by=people.head,
    )  # fmt: skip
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        batch_undo(batch=batch, actor=people.reporting)
    assert Incident.objects.exists()

    Sanction.objects.all().delete()
    assert batch_undo(batch=batch, actor=people.reporting) == 1
    assert not Incident.objects.exists()
