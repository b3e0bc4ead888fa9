"""Sources by their publication title: the `source_title` of a value or `sources.yaml`, stored by
the import, shown on the catalogue page and in the explanations; the host when there is none."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

import pytest

from regulations.models import ParameterValue
from regulations.schemes.catalogue import load_parameter_records, load_source_titles, source_label
from regulations.schemes.packs import PackInvalid, load_yaml, parse_pack

STCRT = "https://zoek.officielebekendmakingen.nl/stcrt-2025-44064.html"


def _pack(title_field: str) -> str:
    return f"""
parameters:
  - key: test.norm
    unit: EUR/maand
    values:
      - {{valid_from: 2026-01-01, value: "1401.50", grade: A, source_url: "{STCRT}"{title_field}}}
"""


def _parse(title_field: str):
    return parse_pack([("t.yaml", load_yaml(_pack(title_field), source="t.yaml"))])


def test_every_titled_source_is_used_by_a_value():
    used = {record.source_url for record in load_parameter_records()}
    assert set(load_source_titles()) <= used


def test_values_take_their_source_title_from_sources_yaml():
    records = [r for r in load_parameter_records() if r.source_url == STCRT]
    assert records
    assert {r.source_title for r in records} == {"Staatscourant 2025, 44064"}


def test_a_value_can_name_its_own_source_and_the_name_has_a_limit():
    (item,) = _parse(', source_title: "Eigen titel"')
    assert item.record.source_title == "Eigen titel"
    with pytest.raises(PackInvalid) as error:
        _parse(f', source_title: "{"x" * 201}"')
    assert "source_title" in str(error.value.errors[0])
    (item,) = _parse(f', source_title: "{"x" * 200}"')
    assert len(item.record.source_title) == 200


def test_a_source_without_a_title_is_named_by_its_host():
    assert source_label("https://www.metronieuws.nl/geld/2025/x") == "metronieuws.nl"
    assert source_label(STCRT) == "Staatscourant 2025, 44064"
    assert source_label(STCRT, "Eigen titel") == "Eigen titel"


@pytest.mark.django_db
def test_the_import_stores_the_title_and_the_catalogue_page_shows_it(client, organisation):
    call_command("load_regulations", verbosity=0)
    stored = ParameterValue.objects.filter(source_url=STCRT)
    assert stored.exists()
    assert set(stored.values_list("source_title", flat=True)) == {"Staatscourant 2025, 44064"}
    client.force_login(organisation.users["functional_admin"])
    html = client.get(reverse("regulations:catalogue")).content.decode()
    assert f'href="{STCRT}" rel="noopener noreferrer">Staatscourant 2025, 44064<' in html
    # Without a title: the host, never the whole address as text.
    assert 'rel="noopener noreferrer">metronieuws.nl<' in html
    assert ">https://" not in html
