"""Reads of the historical data screens."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from accounts import permissions
from baove.figures import FIGURES
from baove.lib.text import fold


def batches_for(user, *, q: str = "", kind: str = "", status: str = "") -> QuerySet:
    rows = permissions.import_batches_visible_to(user).select_related("unit", "imported_by")
    if q:
        rows = rows.filter(file_name__icontains=q.strip())
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-imported_at", "-pk")


def batch_counts(batch) -> list[tuple[str, int]]:
    """(verbose name plural, count) of the records the batch created and still holds."""
    counts = Counter(batch.records.values_list("content_type_id", flat=True))
    result = []
    for content_type_id, count in counts.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        result.append((str(model._meta.verbose_name_plural), count))
    return sorted(result)


def aggregates_for(user, *, q: str = "", unit=None, year: int | None = None) -> QuerySet:
    """Aggregates ``user`` sees; ``q`` matches the figure's key or label (diacritics folded)."""
    rows = permissions.aggregates_visible_to(user).select_related("unit", "entered_by", "batch")
    if q:
        wanted = fold(q)
        keys = [key for key, spec in FIGURES.items() if wanted in fold(key) or wanted in fold(str(spec.label))]
        rows = rows.filter(Q(figure_key__in=keys) | Q(figure_key__icontains=q))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if year:
        rows = rows.filter(period_from__year__lte=year, period_to__year__gte=year)
    return rows.order_by("unit__path", "figure_key", "level", "period_from")


def template_figure_keys() -> set[str]:
    """The registered figure keys that the report templates bind a field or a table cell to."""
    from reporting.models import Appendix, Field

    keys = set(Field.objects.exclude(figure_key="").values_list("figure_key", flat=True))
    for layout in Appendix.objects.values_list("layout", flat=True):
        for row in [*(layout or {}).get("header", []), *(layout or {}).get("rows", [])]:
            keys.update(cell["figure"] for cell in row if isinstance(cell, dict) and cell.get("figure"))
    return keys & set(FIGURES)
