"""The public reception schedule on the portal: who receives citizens, when and where.

Public (``portal_page``: no login, never cached, no Referer onwards), sets no cookie, needs no
JavaScript; it shows only what a unit chose to publish, and nothing about visitors.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.views import portal_page
from reception import selectors
from reception.public_forms import ScheduleFilterForm


@portal_page
@require_safe
def schedule(request):
    form = ScheduleFilterForm(request.GET or None, units=selectors.public_schedule_units())
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.public_schedule(q=data.get("q") or "", unit=data.get("unit"))
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reception/public/schedule.html", {"form": form, "page_obj": page})
