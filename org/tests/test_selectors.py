import pytest

from baove.lib.text import fold
from org.selectors import tree_key


def test_tree_order_puts_each_unit_right_after_its_parent_whatever_the_digits():
    paths = ["/1/21/", "/1/2/3/", "/1/10/", "/1/", "/1/2/"]  # tree_key also reads unpadded ids

    assert sorted(paths, key=tree_key) == ["/1/", "/1/2/", "/1/2/3/", "/1/10/", "/1/21/"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Tỉnh ủy Hòa Bình", "tinh uy hoa binh"), ("ĐẢNG ỦY  xã", "dang uy xa"), ("Hòa Bình", "hoa binh")],
)
def test_folding_ignores_case_diacritics_and_spacing(text, folded):
    assert fold(text) == folded
