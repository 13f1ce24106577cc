from hypothesis import given, settings, HealthCheck
from proofs.tests import test_fuzz_exports as t

@settings(max_examples=3000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(report=t.reports)
def test_x(report):
    t.test_a_workbook_never_holds_a_formula_and_keeps_every_text.hypothesis.inner_test(report)
