"""E-mails of reporting campaigns, sent after the commit of the change they announce.

The staff inbox (``cases.Notification``) knows only matters and petitions, so campaigns write to
people directly: the reporting officers, heads and deputy heads of the unit concerned (those who
hold the role on the unit itself; for the unit that reviews a report, if nobody does, those who
hold it over the unit from above).
An e-mail names the campaign, the unit and the due date and links to the page; nothing of the
report's content.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from accounts.permissions import holders_of
from campaigns.models import Campaign, Recipient

logger = logging.getLogger(__name__)

REPORT_ROLES = (Role.REPORTING, Role.HEAD, Role.DEPUTY_HEAD)


def people_of(unit, *roles, above: bool = False) -> list:
    """Active people with an e-mail address holding one of ``roles`` on ``unit``; with ``above``,
    if nobody does, those holding it over the unit from above."""
    direct = Membership.objects.active().filter(unit=unit, role__in=roles, user__is_active=True)
    memberships = holders_of(unit, *roles) if above and not direct.exists() else direct
    users = {m.user_id: m.user for m in memberships.select_related("user")}
    return [user for user in users.values() if user.email]


def _url(name: str, *args) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse(name, args=args)


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def send(users, subject: str, lines: list[str]) -> int:
    """One e-mail per person; a failing server is logged and does not undo the change."""
    addresses = sorted({user.email for user in users if user.email})
    if not addresses:
        return 0
    body = "\n".join(lines)
    connection = get_connection()
    sent = 0
    for address in addresses:
        try:
            send_mail(subject, body, None, [address], connection=connection)
        except Exception as error:  # the mail server is down: the page still shows everything
            logger.error("Campaign e-mail not sent (%s).", type(error).__name__)
            return sent
        sent += 1
    return sent


def _recipient(recipient_id: int) -> Recipient | None:
    return (
        Recipient.objects.select_related("campaign", "unit", "parent__unit", "campaign__issuer")
        .filter(pk=recipient_id)
        .first()
    )


def campaign_started(campaign_id: int) -> int:
    campaign = Campaign.objects.select_related("issuer").filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for recipient in campaign.recipients.select_related("unit"):
            subject = _("Report requested: %(title)s") % {"title": campaign.title}
            lines = [
                _("%(issuer)s asks %(unit)s for a report by %(due)s.")
                % {"issuer": campaign.issuer.name, "unit": recipient.unit.name, "due": _date(recipient.due_on)},
                "",
                _url("campaigns:recipient_detail", recipient.pk),
            ]
            sent += send(people_of(recipient.unit, *REPORT_ROLES), subject, lines)
    return sent


def report_submitted(recipient_id: int) -> int:
    recipient = _recipient(recipient_id)
    if recipient is None:
        return 0
    reviewer = recipient.parent.unit if recipient.parent_id else recipient.campaign.issuer
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Report submitted: %(unit)s") % {"unit": recipient.unit.name}
        lines = [
            _("%(unit)s submitted its report for “%(title)s”.")
            % {"unit": recipient.unit.name, "title": recipient.campaign.title},
            "",
            _url("campaigns:recipient_detail", recipient.pk),
        ]
        return send(people_of(reviewer, Role.REPORTING, above=True), subject, lines)


def report_decided(recipient_id: int) -> int:
    recipient = _recipient(recipient_id)
    if recipient is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if recipient.status == "returned":
            subject = _("Report returned for correction: %(title)s") % {"title": recipient.campaign.title}
        else:
            subject = _("Report accepted: %(title)s") % {"title": recipient.campaign.title}
        lines = [subject, "", _url("campaigns:recipient_detail", recipient.pk)]
        return send(people_of(recipient.unit, *REPORT_ROLES), subject, lines)


def reminder(recipient: Recipient, *, overdue: bool) -> int:
    campaign = recipient.campaign
    with translation.override(settings.LANGUAGE_CODE):
        if overdue:
            subject = _("Report overdue: %(title)s") % {"title": campaign.title}
            first = _("The report of %(unit)s was due on %(due)s and has not been submitted.")
        else:
            subject = _("Report due on %(due)s: %(title)s") % {"title": campaign.title, "due": _date(recipient.due_on)}
            first = _("The report of %(unit)s is due on %(due)s.")
        lines = [
            first % {"unit": recipient.unit.name, "due": _date(recipient.due_on)},
            "",
            _url("campaigns:recipient_detail", recipient.pk),
        ]
        return send(people_of(recipient.unit, *REPORT_ROLES), subject, lines)
