"""Built-in schedules: the campaigns the seed plans ask for, created as drafts in one step.

- Plan 162-KH/TU (09/4/2024, seed 001): the five-year reviews of Regulation 11-QĐi/TW (due
  30/4/2024, data 18/02/2019–31/12/2023), Directive 27-CT/TW (due 30/5/2024, data
  10/01/2019–31/12/2023) and Conclusion 69-KL/TW (due 30/10/2024, data 24/02/2020–30/9/2024).
- Half-yearly reports on the plan implementing Directive 27 (seed 004): due 05/6 and 05/12.
- Annual reports on it (seed 002: due 15/12; seed 003: due 10/12).

The periodic windows are defaults (1/12 of the year before to 31/5, 1/6 to 30/11, and 1/12 to
30/11 for a year), chosen so that the data are complete a few days before the due date; they can
be changed while the campaign is a draft. Each template is used in its latest version.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import services
from campaigns.models import Campaign
from reporting.models import ReportTemplate

PLAN_162_REFERENCE = "Kế hoạch số 162-KH/TU ngày 09/4/2024"
PERIODIC_TEMPLATE = "d27-plan-periodic"


@dataclass(frozen=True)
class Planned:
    template_code: str
    title: str
    reference: str
    date_from: datetime.date
    date_to: datetime.date
    due_on: datetime.date


def plan_162() -> list[Planned]:
    d = datetime.date
    return [
        Planned(
            "r11-review",
            "Sơ kết 05 năm thực hiện Quy định số 11-QĐi/TW",
            PLAN_162_REFERENCE,
            d(2019, 2, 18),
            d(2023, 12, 31),
            d(2024, 4, 30),
        ),
        Planned(
            "d27-review",
            "Sơ kết 05 năm thực hiện Chỉ thị số 27-CT/TW",
            PLAN_162_REFERENCE,
            d(2019, 1, 10),
            d(2023, 12, 31),
            d(2024, 5, 30),
        ),
        Planned(
            "c69-review",
            "Sơ kết 05 năm thực hiện Kết luận số 69-KL/TW",
            PLAN_162_REFERENCE,
            d(2020, 2, 24),
            d(2024, 9, 30),
            d(2024, 10, 30),
        ),
    ]


def half_yearly(year: int, reference: str = "") -> list[Planned]:
    d = datetime.date
    return [
        Planned(
            PERIODIC_TEMPLATE,
            f"Báo cáo 6 tháng đầu năm {year} thực hiện Chỉ thị số 27-CT/TW",
            reference,
            d(year - 1, 12, 1),
            d(year, 5, 31),
            d(year, 6, 5),
        ),
        Planned(
            PERIODIC_TEMPLATE,
            f"Báo cáo 6 tháng cuối năm {year} thực hiện Chỉ thị số 27-CT/TW",
            reference,
            d(year, 6, 1),
            d(year, 11, 30),
            d(year, 12, 5),
        ),
    ]


def annual(year: int, due_day: int = 15, reference: str = "") -> list[Planned]:
    d = datetime.date
    return [
        Planned(
            PERIODIC_TEMPLATE,
            f"Báo cáo kết quả thực hiện Chỉ thị số 27-CT/TW năm {year}",
            reference,
            d(year - 1, 12, 1),
            d(year, 11, 30),
            d(year, 12, due_day),
        )
    ]


SCHEDULES = {
    "plan-162": gettext_lazy("Plan 162-KH/TU (2024): reviews of Directive 27, Regulation 11, Conclusion 69"),
    "half-yearly": gettext_lazy("Half-yearly reports on Directive 27 (due 05/6 and 05/12)"),
    "annual-15": gettext_lazy("Annual report on Directive 27 (due 15/12)"),
    "annual-10": gettext_lazy("Annual report on Directive 27 (due 10/12)"),
}


def planned_for(schedule: str, year: int) -> list[Planned]:
    if schedule == "plan-162":
        return plan_162()
    if schedule == "half-yearly":
        return half_yearly(year)
    if schedule == "annual-15":
        return annual(year, 15)
    if schedule == "annual-10":
        return annual(year, 10)
    raise ValueError(schedule)


def latest_template(code: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(code=code).order_by("-version").first()


@transaction.atomic
def schedule_create(*, actor, issuer, planned: list[Planned]) -> list[Campaign]:
    """Create the planned campaigns as drafts of ``issuer``; one already there (same issuer,
    template and due date) is not created again. Returns the campaigns, new or found."""
    campaigns = []
    for item in planned:
        template = latest_template(item.template_code)
        if template is None:
            raise ValidationError(
                _("The built-in template “%(code)s” is not installed.") % {"code": item.template_code}
            )
        existing = Campaign.objects.filter(
            issuer=issuer, template__code=item.template_code, due_on=item.due_on, title=item.title
        ).first()
        if existing is not None:
            campaigns.append(existing)
            continue
        campaigns.append(
            services.campaign_create(
                actor=actor,
                issuer=issuer,
                template=template,
                title=item.title,
                reference=item.reference,
                date_from=item.date_from,
                date_to=item.date_to,
                due_on=item.due_on,
            )
        )
    return campaigns
