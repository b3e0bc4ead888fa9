"""`{% row_url %}` must give exactly what `{% url %}` gives, for any ids and script prefix."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

import pytest

from casework.templatetags.casework_tags import row_url


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("casework:detail", [7]),
        ("casework:detail", [987654321]),  # an id that looks like a stand-in
        ("casework:member-edit", [12, 3]),
        ("casework:member-edit", [987654321, 3]),  # the first id equals the second stand-in
        ("casework:item-edit", [1, "schulden", 99]),
        ("casework:item-delete", [40, "organisaties", 40]),
        ("casework:item-add", [5, "doelen"]),
    ],
)
def test_row_url_equals_reverse(name: str, args: list) -> None:
    assert row_url(name, *args) == reverse(name, args=args)


def test_row_url_follows_the_script_prefix() -> None:
    try:
        set_script_prefix("/gemeente/")
        assert row_url("casework:detail", 3) == "/gemeente/huishoudens/3/"
    finally:
        set_script_prefix("/")
    assert row_url("casework:detail", 3) == "/huishoudens/3/"


def test_row_url_refuses_what_reverse_refuses() -> None:
    with pytest.raises(NoReverseMatch):
        row_url("casework:item-edit", 1, "onbekend", 2)


def test_row_url_in_a_template() -> None:
    template = Template(
        "{% load casework_tags %}{% row_url 'casework:item-edit' pk 'schulden' d %}"
    )
    assert template.render(Context({"pk": 4, "d": 8})) == reverse(
        "casework:item-edit", args=[4, "schulden", 8]
    )
