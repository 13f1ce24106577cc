from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from accounts import permissions
from dashboards import panels
from dashboards.forms import WindowForm
from dashboards.suppression import minimum_count

SECTION = "dashboard"


def home(request):
    """Charts of the units the person may see: counts only, the small ones hidden."""
    user = request.user
    if not permissions.can_see_dashboard(user):
        raise PermissionDenied
    units = list(permissions.dashboard_units(user).order_by("path"))
    if request.GET.get("unit"):
        unit = permissions.get_dashboard_unit(user, request.GET["unit"])
    else:
        unit = min(units, key=lambda u: (u.depth, u.name, u.pk), default=None)
    today = timezone.localdate()
    form = WindowForm(request.GET or None)
    window = form.window(today)
    top = min((u.depth for u in units), default=0)
    return render(
        request,
        "dashboards/home.html",
        {
            "form": form,
            "unit": unit,
            "unit_choices": [(u.pk, f"{'— ' * (u.depth - top)}{u.name}") for u in units],
            "window": window,
            "panels": panels.build(user=user, unit=unit, window=window, today=today) if unit else [],
            "minimum": minimum_count(),
            "below": minimum_count() - 1,
            "section": SECTION,
        },
    )
