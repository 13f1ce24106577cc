"""Worklists: the landing page with a count of each list the person has, and each list.

Like every case screen, the responses carry ``Cache-Control: no-store``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import permissions
from cases import worklists
from cases.forms_worklists import WorklistFilterForm


@never_cache
def worklist_home(request):
    if not worklists.worklists_for(request.user):
        raise PermissionDenied
    counts = worklists.worklist_counts(user=request.user, today=timezone.localdate())
    return render(request, "cases/worklists/home.html", {"counts": counts, "section": "work"})


@never_cache
def worklist(request, name):
    current = worklists.WORKLISTS.get(name)
    if current is None:
        raise Http404
    if not worklists.has_worklist(request.user, current):
        raise PermissionDenied
    form = WorklistFilterForm(
        request.GET or None, units=permissions.petition_units(request.user), rows=current.rows, user=request.user
    )
    page = worklists.worklist_page(
        user=request.user,
        name=name,
        filters=form.filters(),
        cursor=request.GET.get("cursor", ""),
        today=timezone.localdate(),
        size=settings.PAGE_SIZE,
    )
    return render(
        request,
        "cases/worklists/list.html",
        {
            "worklist": current,
            "worklists": worklists.worklists_for(request.user),
            "form": form,
            "page": page,
            "first_page": bool(request.GET.get("cursor")),
            "section": "work",
        },
    )
