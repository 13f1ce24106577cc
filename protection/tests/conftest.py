import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cases import services as case_services
from cases.models import MessageKind
from protection import services
from protection.models import PersonRequestKind, ProtectionKind
from protection.tests.helpers import open_case, submit_petition


@pytest.fixture
def world(people, units):
    """A portal request waiting, a petition asking for protection, and a granted case with a
    measure, a pending request of the person and a planned check-in."""
    submitted = submit_petition(units)
    message = case_services.message_from_reporter(
        petition=submitted.petition, kind=MessageKind.PROTECTION_REQUEST, text="Xin được bảo vệ"
    )
    case = open_case(units, people, petition=submitted.petition)
    case = services.protection_decide(
        case=case,
        actor=people.head,
        grant=True,
        reasons="Có căn cứ",
        measures=[{"kind": ProtectionKind.JOB, "body": "Sở Nội vụ tỉnh"}],
    )
    request = services.person_request(
        case=case, actor=people.custodian, kind=PersonRequestKind.ADD, summary="Xin thêm bảo vệ tài sản"
    )
    checkin = services.checkin_schedule(
        case=case, actor=people.custodian, due_on=timezone.localdate() + datetime.timedelta(days=7)
    )
    return SimpleNamespace(
        petition=submitted.petition,
        receipt=submitted.receipt,
        message=message,
        case=case,
        measure=case.measures.get(kind=ProtectionKind.JOB),
        request=request,
        checkin=checkin,
    )
