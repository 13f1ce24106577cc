"""What the reporter sees of their report: the same for the web page and the API."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import MatterStatus, MessageKind, PublicEvent, Status
from cases.services import ReporterAccess, messages_read

# The status in plain words. A status added later falls back to a neutral sentence.
STATUS_TEXT = {
    Status.RECEIVED: _("Your report has been received. The unit will check it and register it."),
    Status.REGISTERED: _("Your report has been registered and is being classified."),
    Status.IN_MATTER: _("Your report is being examined and dealt with."),
    Status.FORWARDED: _("Your report was forwarded to the competent body, which will deal with it."),
    Status.GUIDED: _(
        "Your report is for another body to deal with. If the unit told you where to send it, you will find it below."
    ),
    Status.FILED: _("Your report has been kept on file. If the unit gave a reason, you will find it below."),
    Status.NOT_PROCESSABLE: _("Your report cannot be dealt with. If the unit gave a reason, you will find it below."),
}
# Once a report is part of a matter, the matter's decisions say more than "being dealt with".
MATTER_STATUS_TEXT = {
    MatterStatus.CONCLUDED: _("Your report has been concluded. The conclusion is in the notices below."),
    MatterStatus.REFUSED: _("The unit decided not to accept your report for handling. The reasons are below."),
    MatterStatus.SUSPENDED: _("Handling of your report is suspended for now. You will be told when it resumes."),
}
STATUS_FALLBACK = _("Your report is being handled.")
# The portal's own wording of the public steps and message kinds (the same words as the models').
STEP_TEXT = {
    PublicEvent.Step.RECEIVED: pgettext_lazy("portal", "Your report was received."),
    PublicEvent.Step.REGISTERED: pgettext_lazy("portal", "Your report was registered and is being classified."),
    PublicEvent.Step.REPLY: pgettext_lazy("portal", "The receiving unit sent you a message."),
    PublicEvent.Step.NOTICE: pgettext_lazy("portal", "A notice about your report."),
}
MESSAGE_KIND_TEXT = {
    MessageKind.MESSAGE: pgettext_lazy("portal", "Message"),
    MessageKind.MORE_INFO: pgettext_lazy("portal", "More information"),
    MessageKind.PROTECTION_REQUEST: pgettext_lazy("portal", "Request for protection"),
    MessageKind.RETALIATION: pgettext_lazy("portal", "Report of retaliation"),
}


@dataclass(frozen=True)
class HistoryStep:
    step: str
    label: str
    # A notice's own words, rendered from the unit's template when it was sent (no content).
    detail: str
    at: datetime.date

    @property
    def text(self) -> str:
        return self.detail or self.label


@dataclass(frozen=True)
class ThreadMessage:
    from_reporter: bool
    kind: str
    kind_text: str
    text: str
    at: datetime.date


@dataclass(frozen=True)
class ReportView:
    status: str
    status_text: str
    received_at: datetime.date
    history: list[HistoryStep]
    messages: list[ThreadMessage]


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _status_text(petition):
    if petition.status == Status.IN_MATTER and petition.matter_id and petition.matter.status in MATTER_STATUS_TEXT:
        return MATTER_STATUS_TEXT[petition.matter.status]
    return STATUS_TEXT.get(petition.status, STATUS_FALLBACK)


def report_view(*, access: ReporterAccess) -> ReportView:
    petition = access.petition
    history = [
        HistoryStep(
            step=event.step,
            label=str(STEP_TEXT.get(event.step) or event.get_step_display()),
            detail=event.text,
            at=_local_date(event.created_at),
        )
        for event in petition.public_events.all()
    ]
    messages = [
        ThreadMessage(
            from_reporter=message.from_reporter,
            kind=message.kind,
            kind_text=str(MESSAGE_KIND_TEXT.get(message.kind) or message.get_kind_display()),
            text=text,
            at=_local_date(message.created_at),
        )
        for message, text in messages_read(petition=petition, private=access.private)
    ]
    return ReportView(
        status=petition.status,
        status_text=str(_status_text(petition)),
        received_at=_local_date(petition.received_at),
        history=history,
        messages=messages,
    )
