"""The presentation layer's formatters and the label registry, at their boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from django.template import Context, Template

import pytest

from core.presentation.dates import date_long, date_short
from core.presentation.labels import label_for, labels_of, register_labels
from core.presentation.money import euro, euro_in_text
from core.presentation.numbers import count, percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (999, "999"),
        (1000, "1.000"),
        (1001, "1.001"),
        (999999, "999.999"),
        (1000000, "1.000.000"),
        (-1234, "-1.234"),
        (Decimal("1234.5"), "1.235"),  # half up
        (Decimal("1234.49"), "1.234"),
        (0, "0"),
        (None, "\u2013"),
        ("geen getal", "geen getal"),
    ],
)
def test_count_groups_thousands_with_dots(value, expected):
    assert count(value) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (Decimal("0.8534"), {}, "85,3%"),
        (Decimal("0.85349"), {}, "85,3%"),
        (Decimal("0.85350"), {}, "85,4%"),  # half up at the boundary
        (Decimal("0.85351"), {}, "85,4%"),
        (1, {}, "100,0%"),
        (Decimal("12.5"), {}, "1.250,0%"),
        (Decimal("-0.05"), {}, "-5,0%"),
        (Decimal("85.34"), {"share": False}, "85,3%"),
        (Decimal("0.8534"), {"places": 0}, "85%"),
        (None, {}, "\u2013"),
    ],
)
def test_percent_uses_a_decimal_comma(value, kwargs, expected):
    assert percent(value, **kwargs) == expected


def test_dates_in_dutch_whatever_the_language():
    day = date(2026, 12, 6)
    assert date_long(day) == "6 december 2026"
    assert date_short(day) == "06-12-2026"
    assert date_long(date(2027, 1, 1)) == "1 januari 2027"
    assert date_short("2026-03-09") == "09-03-2026"
    assert date_long(None) == "\u2013"
    # 23:30 UTC on 31 December is already New Year in Amsterdam: the local calendar decides.
    assert date_short(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "01-01-2027"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berekend: € 1550.45 per jaar.", "Berekend: €\xa01.550,45 per jaar."),
        ("Norm: € 1000 per maand.", "Norm: €\xa01.000,00 per maand."),
        ("minder dan € 24: geen toeslag", "minder dan €\xa024,00: geen toeslag"),
        ("Afbouw: € -0.01.", "Afbouw: €\xa0-0,01."),
        ("Geen bedrag.", "Geen bedrag."),
    ],
)
def test_amounts_written_by_the_engine_read_in_dutch(text, expected):
    assert euro_in_text(text) == expected


def test_euro_one_cent_around_a_thousand():
    assert euro(Decimal("999.99")) == "€\xa0999,99"
    assert euro(Decimal("1000.00")) == "€\xa01.000,00"
    assert euro(Decimal("1000.01")) == "€\xa01.000,01"
    assert euro(Decimal("-1000.01")) == "€\xa0-1.000,01"


def test_labels_are_registered_by_the_apps_and_unknown_codes_show_themselves():
    assert label_for("zrm_domain", "financien") == "Financiën"
    assert label_for("scheme", "zorgtoeslag") == "Zorgtoeslag"
    assert label_for("theme", "schulden")
    assert label_for("legal_route", "budget")
    assert label_for("knelpunt_type", "samenloop")
    assert label_for("scheme_outcome", "eligible") == "Recht"
    assert label_for("zrm_domain", "onbekend_domein") == "onbekend_domein"
    assert label_for("zrm_domain", None) == "\u2013"
    assert len(labels_of("zrm_domain")) == 13


def test_a_later_registration_adds_to_a_kind():
    register_labels("test_kind", {"a": "Een"})
    register_labels("test_kind", [("b", "Twee")])
    assert labels_of("test_kind") == {"a": "Een", "b": "Twee"}


def test_template_filters_format_like_the_functions():
    html = Template(
        "{% load presentation %}{{ amount|euro }}|{{ missing|euro_or:'onbekend' }}|"
        "{{ n|count }}|{{ share|percent }}|{{ day|date_long }}|{{ code|label:'zrm_domain' }}"
    ).render(
        Context(
            {
                "amount": Decimal("1234.5"),
                "missing": None,
                "n": 12345,
                "share": Decimal("0.853"),
                "day": date(2026, 12, 6),
                "code": "huisvesting",
            }
        )
    )
    assert html == "€\xa01.234,50|onbekend|12.345|85,3%|6 december 2026|Huisvesting"
