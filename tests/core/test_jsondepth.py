"""The JSON depth check: its C-speed path counts exactly as the character walk does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.jsondepth import MAX_JSON_DEPTH, _walk, json_depth_exceeds

TEXTS = st.text(alphabet='[]{}"\\aé\n ,:', max_size=60)


@given(TEXTS, st.integers(min_value=0, max_value=4))
def test_fast_path_counts_like_the_walk(text, limit):
    assert json_depth_exceeds(text, limit=limit) == _walk(text, limit)
    assert json_depth_exceeds(text.encode(), limit=limit) == _walk(text, limit)


def test_limit_boundary_and_brackets_in_strings():
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert not json_depth_exceeds(at_limit)
    assert json_depth_exceeds("[" + at_limit + "]")
    assert not json_depth_exceeds('["' + "[" * 100 + '"]')
    assert json_depth_exceeds('["\\"' + "[" * 40 + '"]' + "[" * 40)  # an escaped quote
    assert not json_depth_exceeds('["\\"' + "[" * 40 + '"]')
