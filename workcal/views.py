import calendar as pycalendar
import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_calendar
from baove.forms import apply_validation_error
from workcal import forms, services, workdays
from workcal.models import CalendarDay


def _year(request) -> int:
    form = forms.YearForm(request.GET if "year" in request.GET else None)
    return form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year


def _months(year: int) -> list[dict]:
    """Month grids (weeks of seven cells, ``None`` outside the month) and each month's special days."""
    infos = {info.date: info for info in workdays.describe_days(datetime.date(year, 1, 1), datetime.date(year, 12, 31))}
    months = []
    for month in range(1, 13):
        weeks = [
            [infos[day] if day.month == month else None for day in week]
            for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        special = [info for info in infos.values() if info.date.month == month and info.special]
        months.append({"first": datetime.date(year, month, 1), "weeks": weeks, "special": special})
    return months


def _calculator(request) -> dict:
    due_form = forms.DueDateForm(request.GET if "due-start" in request.GET else None, prefix="due")
    count_form = forms.CountForm(request.GET if "count-first" in request.GET else None, prefix="count")
    result = {"due_form": due_form, "count_form": count_form}
    if due_form.is_valid():
        result["due_date"] = workdays.add_working_days(due_form.cleaned_data["start"], due_form.cleaned_data["days"])
    if count_form.is_valid():
        result["count"] = workdays.working_days_between(
            count_form.cleaned_data["first"], count_form.cleaned_data["last"]
        )
    return result


def _render(request, year: int, *, set_form: forms.CalendarDayForm | None = None):
    can_manage = can_manage_calendar(request.user)
    rows = CalendarDay.objects.filter(date__year=year)
    context = {
        "section": "calendar",
        "year": year,
        "year_form": forms.YearForm(initial={"year": year}),
        "months": _months(year),
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "page_obj": Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")),
        "can_manage": can_manage,
        "set_form": forms.CalendarDayForm() if set_form is None and can_manage else set_form,
        **_calculator(request),
    }
    return render(request, "workcal/calendar.html", context)


def calendar(request):
    """The year's calendar for everyone signed in; administrators add overrides by POST here."""
    if request.method != "POST":
        return _render(request, _year(request))
    if not can_manage_calendar(request.user):
        raise PermissionDenied
    form = forms.CalendarDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            day = services.calendar_day_set(
                actor=request.user,
                day=data["date"],
                kind=data["kind"],
                name=data["name"],
                note=data["note"],
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error, default_field="date")
        else:
            shown = formats.date_format(day.date, "SHORT_DATE_FORMAT")
            messages.success(request, _("%(date)s saved in the calendar.") % {"date": shown})
            return redirect(f"{reverse('workcal:calendar')}?year={day.date.year}")
    year = form.cleaned_data.get("date").year if form.cleaned_data.get("date") else _year(request)
    return _render(request, year, set_form=form)


def day_remove(request, day_id: int):
    if not can_manage_calendar(request.user):
        raise PermissionDenied
    calendar_day = get_object_or_404(CalendarDay, pk=day_id)
    form = forms.RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_day_remove(
                actor=request.user, calendar_day=calendar_day, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error, default_field="reason")
        else:
            shown = formats.date_format(calendar_day.date, "SHORT_DATE_FORMAT")
            messages.success(request, _("%(date)s removed from the calendar.") % {"date": shown})
            return redirect(f"{reverse('workcal:calendar')}?year={calendar_day.date.year}")
    return render(
        request, "workcal/day_remove.html", {"form": form, "calendar_day": calendar_day, "section": "calendar"}
    )
