"""Shared data of the protection tests: a protected person whose name and ID number must never
show where only custodians may see them."""

import datetime

from django.utils import timezone

from cases import services as case_services
from cases.models import Channel, Kind, Subject
from conftest import PASSWORD
from protection import services
from protection.models import Origin, ProtectionKind, Relationship
from vault.services import user_key_unlock

NAME = "Quách Thị Nhẫn"
ID_NUMBER = "079188004321"
PERSON = {
    "full_name": NAME,
    "id_number": "079 188 004 321",
    "date_of_birth": datetime.date(1988, 4, 2),
    "phone": "0987654321",
    "address": "Tổ 5, phường Phương Lâm",
    "relationship_details": "",
}
REPORTER_IDENTITY = {"full_name": NAME, "id_number": ID_NUMBER, "phone": "0987654321", "email": ""}
MARKERS = (NAME, ID_NUMBER, PERSON["id_number"], "0987654321")


def key_of(user) -> bytes:
    return user_key_unlock(user=user, password=PASSWORD)


def open_case(units, people, *, unit=None, kinds=(ProtectionKind.JOB,), person=None, **overrides):
    values = {
        "unit": unit or units.committee,
        "origin": Origin.STAFF,
        "relationship": Relationship.SELF,
        "kinds": kinds,
        "person": person or PERSON,
        "reasons": "Bị trưởng phòng dọa điều chuyển công tác sau khi tố cáo.",
        "summary": "Người tố cáo lo bị điều chuyển công tác.",
        "actor": people.custodian,
    }
    values.update(overrides)
    return services.protection_open(**values)


def submit_petition(units, *, identity=REPORTER_IDENTITY, unit=None):
    return case_services.petition_submit(
        submission=case_services.Submission(
            channel=Channel.PORTAL,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=unit or units.committee,
            content="Trưởng phòng nhận tiền của doanh nghiệp.",
            accused=[{"name": "Trần Văn Bị", "position": "Trưởng phòng", "unit": "Sở Tài chính"}],
            identity=identity,
        )
    )


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())
