"""Every figure and list a built-in template binds must be registered (``baove.figures``).

The reception and programme apps register some of these keys; until each of them has landed this
test fails and names the missing keys. It must not be skipped: a built-in template bound to a key
nobody computes would print "?" in every unit's report.
"""

import pytest

from baove.figures import FIGURES, LISTINGS
from reporting import engine
from reporting.models import ReportTemplate

pytestmark = pytest.mark.django_db

BUILTIN_CODES = {"d27-review", "r11-review", "c69-review", "d27-plan-periodic"}


def bound_keys() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    figures, listings = {}, {}
    for template in ReportTemplate.objects.filter(is_builtin=True):
        report = engine.structure(template)
        for section in engine.walk(report.sections):
            for item in section.fields:
                if item.figure_key:
                    figures.setdefault(item.figure_key, set()).add(template.code)
        for appendix in report.appendices:
            if appendix.listing_key:
                listings.setdefault(appendix.listing_key, set()).add(template.code)
            for row in appendix.header + appendix.rows:
                for cell in row:
                    if cell.figure_key:
                        figures.setdefault(cell.figure_key, set()).add(template.code)
    return figures, listings


def test_the_builtin_templates_are_there():
    assert set(ReportTemplate.objects.filter(is_builtin=True).values_list("code", flat=True)) == BUILTIN_CODES


def test_every_key_a_builtin_template_binds_is_registered():
    figures, listings = bound_keys()
    assert len(figures) > 60
    missing = {key: sorted(codes) for key, codes in figures.items() if key not in FIGURES}
    missing_lists = {key: sorted(codes) for key, codes in listings.items() if key not in LISTINGS}
    assert missing == {}, f"figures not registered: {missing}"
    assert missing_lists == {}, f"lists not registered: {missing_lists}"


def test_every_level_a_builtin_template_asks_for_is_a_breakdown_the_figure_has():
    for template in ReportTemplate.objects.filter(is_builtin=True):
        report = engine.structure(template)
        cells = [cell for appendix in report.appendices for row in appendix.rows for cell in row]
        fields = [item for section in engine.walk(report.sections) for item in section.fields]
        for item in cells + fields:
            if item.level and item.figure_key in FIGURES:
                assert FIGURES[item.figure_key].by_level, (template.code, item.figure_key)
