"""Notice templates (editing, placeholders) and the reporters' e-mail notices."""

import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from cases.models import Channel, Kind, NoticeKind, NoticeTemplate, Petition, PublicEvent, Subject
from cases.notices import (
    PLACEHOLDERS,
    notice_template_update,
    notice_text_errors,
    notify_reporters,
    render_notice,
    reporter_email,
    reporter_email_set,
)

pytestmark = pytest.mark.django_db

ADDRESS = "nguoi.to.cao.7f3a@example.vn"
SECRET_CONTENT = "Giám đốc nhận hối lộ 500 triệu đồng"


def submit(units, content=SECRET_CONTENT):
    return services.petition_submit(
        submission=services.Submission(
            channel=Channel.HOTLINE,
            kind=Kind.DENUNCIATION,
            subject=Subject.CORRUPTION,
            unit=units.committee,
            content=content,
        ),
        issue_receipt=False,
    ).petition


def template(kind=NoticeKind.ACCEPTED, language="vi"):
    return NoticeTemplate.objects.get(kind=kind, language=language)


# Validating and editing the templates


@pytest.mark.parametrize(
    "text",
    [
        "Ngày {date}, hạn {due}. Lý do: {reason}; nơi nhận {body}; kết quả {outcome}.",
        "Không có chỗ trống nào.",
        "Dấu ngoặc viết đôi: {{date}} và }} và {{",
    ],
)
def test_known_placeholders_and_doubled_braces_are_accepted(text):
    assert notice_text_errors(text) == []


@pytest.mark.parametrize(
    "text,shown",
    [
        ("Ngày {foo}", "{foo}"),
        ("Ngày {date.year}", "{date.year}"),
        ("Ngày {0}", "{0}"),
        ("Ngày {}", "{}"),
        ("Ngày {date!r}", "{date!r}"),
        ("Ngày {date:%Y}", "{date:%Y}"),
        ("Ngày {reason.__class__}", "{reason.__class__}"),
    ],
)
def test_an_unknown_placeholder_is_named_in_the_error(text, shown):
    errors = notice_text_errors(text)
    assert len(errors) == 1
    assert shown in errors[0]
    assert all(f"{{{name}}}" in errors[0] for name in PLACEHOLDERS)  # the error lists what may be used


@pytest.mark.parametrize("text", ["Ngày {date", "Ngày date}", "Ngày {date}}", "{", "}"])
def test_a_broken_brace_is_an_error(text):
    assert len(notice_text_errors(text)) == 1


def test_an_empty_text_is_an_error():
    assert notice_text_errors("   ")


def test_an_update_changes_the_text_and_is_audited(people):
    notice = template()
    before = notice.text

    notice_template_update(actor=people.admin, template=notice, text="  Ngày {date}: đã thụ lý, hạn {due}.  ")

    notice.refresh_from_db()
    assert notice.text == "Ngày {date}: đã thụ lý, hạn {due}."
    event = AuditEvent.objects.get(action="cases.notice_template.update")
    assert event.actor == people.admin
    assert event.details == {"kind": "accepted", "language": "vi", "before": before, "after": notice.text}
    assert render_notice(NoticeKind.ACCEPTED, date=None, due="x").endswith("hạn x.")


def test_an_update_with_an_unknown_placeholder_changes_nothing(people):
    notice = template()
    with pytest.raises(ValidationError) as error:
        notice_template_update(actor=people.admin, template=notice, text="Xin chào {ten_nguoi_to_cao}")
    assert "{ten_nguoi_to_cao}" in error.value.message_dict["text"][0]
    assert template().text == notice.text
    assert not AuditEvent.objects.filter(action="cases.notice_template.update").exists()


def test_the_admin_lists_every_notice_in_both_languages_with_the_placeholders(people, client_for):
    response = client_for(people.admin).get(reverse("cases:notice_list"))
    assert response.status_code == 200
    shown = [(t.kind, t.language) for t in response.context["templates"]]
    assert shown[:2] == [(NoticeKind.ACCEPTED, "vi"), (NoticeKind.ACCEPTED, "en")]
    assert set(shown) == {(kind, language) for kind in NoticeKind.values for language in ("vi", "en")}
    page = response.content.decode()
    for name in PLACEHOLDERS:
        assert f"{{{name}}}" in page


def test_the_admin_edits_a_notice(people, client_for):
    notice = template(NoticeKind.REFUSED, "en")
    url = reverse("cases:notice_edit", args=[notice.pk])
    response = client_for(people.admin).post(url, {"text": "On {date}: not accepted ({reason})."})
    assert response.status_code == 302
    assert template(NoticeKind.REFUSED, "en").text == "On {date}: not accepted ({reason})."


@pytest.mark.parametrize("text", ["Hello {foo}", "Hello {date", ""])
def test_the_form_shows_the_error_and_keeps_the_text(people, client_for, text):
    notice = template(NoticeKind.REFUSED, "en")
    response = client_for(people.admin).post(reverse("cases:notice_edit", args=[notice.pk]), {"text": text})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert template(NoticeKind.REFUSED, "en").text == notice.text


@pytest.mark.parametrize("who", ["intake", "head", "commune_admin", "outsider"])
def test_only_the_installation_admin_edits_notices(people, client_for, who):
    notice = template()
    client = client_for(getattr(people, who))
    assert client.get(reverse("cases:notice_list")).status_code == 403
    url = reverse("cases:notice_edit", args=[notice.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Ngày {date}"}).status_code == 403
    assert template().text == notice.text


# The reporter's e-mail address


def test_the_address_is_sealed_not_stored_in_clear(people, units):
    item = submit(units)
    reporter_email_set(petition=item, email=f"  {ADDRESS} ")

    stored = bytes(Petition.objects.get(pk=item.pk).notice_email_sealed)
    assert ADDRESS.encode() not in stored
    assert ADDRESS.split("@")[0].encode() not in stored
    assert reporter_email(Petition.objects.get(pk=item.pk)) == ADDRESS


def test_the_sealed_address_is_bound_to_its_petition(people, units):
    first, second = submit(units), submit(units)
    reporter_email_set(petition=first, email=ADDRESS)
    Petition.objects.filter(pk=second.pk).update(
        notice_email_sealed=Petition.objects.get(pk=first.pk).notice_email_sealed
    )
    assert reporter_email(Petition.objects.get(pk=second.pk)) is None  # a copied blob opens nothing


def test_an_invalid_address_is_refused_and_an_empty_one_withdraws(people, units):
    item = submit(units)
    with pytest.raises(ValidationError):
        reporter_email_set(petition=item, email="not an address")
    reporter_email_set(petition=item, email=ADDRESS)
    reporter_email_set(petition=item, email="")
    assert Petition.objects.get(pk=item.pk).notice_email_sealed is None


def test_a_notice_e_mails_the_reporter_on_commit_without_any_content(people, units, django_capture_on_commit_callbacks):
    item, silent = submit(units), submit(units)
    reporter_email_set(petition=item, email=ADDRESS)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_reporters(kind=NoticeKind.FORWARDED, petitions=[item, silent], date=None, body="Thanh tra tỉnh")
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    assert PublicEvent.objects.filter(step=PublicEvent.Step.NOTICE).count() == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS]
    text = message.subject + message.body
    for secret in (SECRET_CONTENT, "Thanh tra tỉnh", item.reference, item.pseudonym, units.committee.name, "Ủy ban"):
        assert secret not in text
    assert reverse("portal:home") in message.body
    assert "receipt" in message.body  # the English line says how to follow up


def test_no_e_mail_when_the_transaction_rolls_back(people, units, django_capture_on_commit_callbacks):
    item = submit(units)
    reporter_email_set(petition=item, email=ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify_reporters(kind=NoticeKind.RESUMED, petitions=[item], date=None)
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_a_failed_e_mail_never_logs_the_address(people, units, django_capture_on_commit_callbacks, caplog, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    item = submit(units)
    reporter_email_set(petition=item, email=ADDRESS)
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        notify_reporters(kind=NoticeKind.RESUMED, matter=None, petitions=[item], date=None)
    assert caplog.records
    assert ADDRESS not in caplog.text
    assert ADDRESS.split("@")[0] not in caplog.text
