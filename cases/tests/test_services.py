import pytest

from accounts.models import Role
from accounts.services import membership_add, membership_end
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from cases import services
from cases.models import Channel, Kind, Petition, PetitionKey, Subject
from conftest import PASSWORD
from vault.services import user_key_unlock

pytestmark = pytest.mark.django_db

IDENTITY = {"full_name": "Nguyễn Thị Tố", "id_number": "001190012345", "phone": "0912345678", "email": "to@example.vn"}


def submission(unit, **overrides):
    values = dict(
        channel=Channel.PORTAL,
        kind=Kind.DENUNCIATION,
        subject=Subject.CORRUPTION,
        unit=unit,
        content="Bà Nguyễn Thị Tố (ĐT 0912345678) báo: trưởng phòng nhận tiền của doanh nghiệp.",
        accused=[{"name": "Trần Văn Bị", "position": "Trưởng phòng", "unit": "Sở Tài chính"}],
        identity=IDENTITY,
    )
    values.update(overrides)
    return services.Submission(**values)


def key_of(user):
    return user_key_unlock(user=user, password=PASSWORD)


def test_a_submission_is_sealed_for_the_intake_officer_and_custodian_only(people, units):
    result = services.petition_submit(submission=submission(units.committee))
    petition = result.petition
    assert petition.unit == units.committee
    holders = set(PetitionKey.objects.filter(petition=petition).values_list("user_key__user__username", flat=True))
    assert holders == {"tiepnhan", "baomat"}
    assert b"Nguy" not in bytes(petition.sealed_original)
    private = services.petition_private_key(petition=petition, user=people.intake, user_private=key_of(people.intake))
    original = services.petition_read_original(petition=petition, actor=people.intake, private=private, reason="Vào sổ")
    assert original["identity"]["id_number"] == "001190012345"
    assert (
        services.petition_private_key(petition=petition, user=people.handler, user_private=key_of(people.handler))
        is None
    )
    assert AuditEvent.objects.filter(action="cases.original.read", reason="Vào sổ", actor=people.intake).exists()
    assert audit_verify_chain().ok


def test_a_unit_without_intake_officers_passes_the_report_up(people, units):
    petition = services.petition_submit(submission=submission(units.finance)).petition
    assert petition.concerned_unit == units.finance
    assert petition.unit == units.committee


def test_the_receipt_opens_its_own_report_only(people, units):
    first = services.petition_submit(submission=submission(units.committee))
    second = services.petition_submit(submission=submission(units.committee, identity=None))
    access = services.receipt_check(first.receipt.text)
    assert access.petition == first.petition
    assert services.receipt_check(second.receipt.digits).petition == second.petition
    wrong = first.receipt.lookup + second.receipt.secret
    assert services.receipt_check(wrong) is None
    assert services.receipt_check("1234") is None


def test_nothing_identifying_is_stored_for_the_receipt(people, units):
    result = services.petition_submit(submission=submission(units.committee))
    row = Petition.objects.filter(pk=result.petition.pk).values().get()
    flat = " ".join(str(value) for value in row.values())
    assert result.receipt.lookup not in flat
    assert result.receipt.secret not in flat


def test_the_reporter_reads_the_thread_through_the_receipt(people, units):
    result = services.petition_submit(submission=submission(units.committee))
    petition = result.petition
    services.message_from_reporter(petition=petition, kind="message", text="Tôi có thêm chứng cứ.")
    services.message_from_staff(petition=petition, actor=people.intake, text="Đã nhận, cảm ơn ông/bà.")
    token = services.portal_session_start(access=services.receipt_check(result.receipt.text))
    access = services.portal_session_resume(token)
    texts = [text for _message, text in services.messages_read(petition=access.petition, private=access.private)]
    assert texts == ["Tôi có thêm chứng cứ.", "Đã nhận, cảm ơn ông/bà."]
    services.portal_session_end(token)
    assert services.portal_session_resume(token) is None


def test_a_new_intake_officer_is_granted_access_at_a_colleagues_sign_in(people, units):
    petition = services.petition_submit(submission=submission(units.committee)).petition
    membership_add(actor=people.admin, user=people.handler, unit=units.committee, role=Role.INTAKE)
    assert (
        services.petition_private_key(petition=petition, user=people.handler, user_private=key_of(people.handler))
        is None
    )
    granted = services.petition_access_grant_pending(actor=people.intake, actor_private=key_of(people.intake))
    assert granted == 1
    assert services.petition_private_key(petition=petition, user=people.handler, user_private=key_of(people.handler))


def test_the_working_copy_suggestion_hides_the_reporters_details(people, units):
    result = services.petition_submit(submission=submission(units.committee))
    private = services.petition_private_key(
        petition=result.petition, user=people.intake, user_private=key_of(people.intake)
    )
    original = services.petition_read_original(
        petition=result.petition, actor=people.intake, private=private, reason="x"
    )
    suggestion = services.suggest_working_copy(original)
    assert "Nguyễn Thị Tố" not in suggestion and "0912345678" not in suggestion
    assert "trưởng phòng nhận tiền" in suggestion


def test_signing_in_grants_access_to_a_colleague_who_joined(people, units, client):
    from django.urls import reverse

    petition = services.petition_submit(submission=submission(units.committee)).petition
    membership_add(actor=people.admin, user=people.handler, unit=units.committee, role=Role.INTAKE)
    client.post(reverse("accounts:login"), {"username": "tiepnhan", "password": PASSWORD})
    assert services.petition_private_key(petition=petition, user=people.handler, user_private=key_of(people.handler))
    assert AuditEvent.objects.filter(action="cases.access.grant", actor=people.intake).exists()


def test_ending_an_intake_role_through_the_service_drops_the_sealed_copies(people, units):
    from accounts.models import Membership

    petition = services.petition_submit(submission=submission(units.committee)).petition
    membership_end(actor=people.admin, membership=Membership.objects.get(user=people.intake), reason="Chuyển công tác")
    assert not PetitionKey.objects.filter(petition=petition, user_key__user=people.intake).exists()
    assert PetitionKey.objects.filter(petition=petition, user_key__user=people.custodian).exists()


def test_a_message_from_the_reporter_notifies_the_intake_officers(people, units):
    from cases.models import Notification

    petition = services.petition_submit(submission=submission(units.committee)).petition
    services.message_from_reporter(petition=petition, kind="message", text="Tôi có thêm chứng cứ.")
    notified = set(
        Notification.objects.filter(kind="reporter_message", petition=petition).values_list("user__username", flat=True)
    )
    assert notified == {"tiepnhan"}
