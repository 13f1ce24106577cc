from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts import permissions


@login_not_required
def root(request):
    return redirect("portal:home")


def home(request):
    memberships = permissions.active_memberships(request.user)
    return render(
        request,
        "baove/home.html",
        {"memberships": memberships, "section": "home", "two_factor": request.user.is_verified()},
    )


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
