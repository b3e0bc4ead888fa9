"""The room the case page keeps for a plugged section while it loads (casework.sections.SectionShape),
so the page does not move when the section arrives; the browser test measures the layout shift."""

from __future__ import annotations

import pytest

from casework import sections
from casework.sections import SectionShape
from casework.selectors import household_dossier
from core.models import Role
from regulations.services import latest_screening
from tests.casework.test_browser_case_page import full_dossier
from tests.casework.test_views_case import _url, plugged_section, pro  # noqa: F401
from tests.casework.test_views_case import household as household

pytestmark = pytest.mark.django_db


def two_cards(**_: object) -> SectionShape:
    return SectionShape(texts=(40, 200), cards=(12, 30), folds=(20,), fold_grid="two")


def test_filler_text_has_about_the_length_of_the_text_it_stands_for():
    shape = SectionShape(texts=(70, 3), cards=(21,), folds=(35,))
    long, short = shape.text_fillers
    assert abs(len(long) - 70) <= 7
    assert short == "xxxxxx"  # at least one word: the line is there
    assert abs(len(shape.card_fillers[0]) - 21) <= 7
    assert abs(len(shape.fold_fillers[0]) - 35) <= 7


def test_a_shape_is_a_function_or_its_dotted_path():
    with pytest.raises(ValueError, match="vorm"):
        sections.register_case_section(key="x", label="X", url_name="x", shape=42)  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", [two_cards, f"{__name__}.two_cards"], ids=["function", "path"])
def test_the_placeholder_keeps_the_room_and_the_link(pro, household, plugged_section, shape):  # noqa: F811
    sections.register_case_section(
        key="regelingen",
        label="Regelingen",
        url_name="test-section",
        order=50,
        shape=shape,
        stylesheet="css/regulations.css",
    )
    content = pro.get(_url(household)).content.decode()
    url = f"/test-sectie/{household.pk}/"
    section = content[
        content.index('id="regelingen-titel"') : content.index(
            "</section>", content.index('id="regelingen-titel"')
        )
    ]
    # Still loaded with htmx, still a link without JavaScript; the room is for the eye only.
    assert f'hx-get="{url}" hx-trigger="load, retry"' in section
    assert f'<a class="utrecht-link" href="{url}">' in section
    assert '<div class="plugged-placeholder" aria-hidden="true" inert>' in section
    # Two texts, two cards (their second line) and a fold, in a two-column grid.
    assert section.count('<span class="plugged-placeholder__text">') == 2 + 2 + 1
    assert section.count('<li class="card plugged-placeholder__card">') == 2
    assert 'class="fold-grid fold-grid--two"' in section
    # The section's stylesheet is there before the section, so it arrives styled.
    head = content[: content.index("</head>")]
    assert 'href="/static/css/regulations.css"' in head


def test_a_section_without_a_shape_has_only_its_link(pro, household, plugged_section):  # noqa: F811
    content = pro.get(_url(household)).content.decode()
    start = content.index('id="regelingen-titel"')
    section = content[start : content.index("</section>", start)]
    assert f'<a class="utrecht-link" href="/test-sectie/{household.pk}/">' in section
    assert "plugged-placeholder" not in section


def test_the_sections_of_regulations_and_breakthroughs_say_what_they_will_show(
    organisation, complete_household
):
    full = full_dossier(organisation, complete_household)
    user = organisation.users[Role.PROFESSIONAL]
    dossier = household_dossier(user=user, household_id=full.pk)
    keys = [str(row["key"]) for row in sections.sections_for(full.pk)]
    shapes = sections.section_shapes(keys=keys, household=dossier, user=user)

    results = latest_screening(household_id=full.pk).results
    regelingen = shapes["regelingen"]
    # A card per scheme with a right, by the length of its name; folds for the others and for
    # Werken loont.
    assert len(regelingen.cards) == sum(1 for r in results if r["outcome"] == "eligible") > 0
    assert all(length > 3 for length in regelingen.cards)
    others = {r["outcome"] for r in results} & {"insufficient_data", "not_eligible"}
    assert len(regelingen.folds) == len(others) + 1

    vangnet = shapes["financieel-vangnet"]
    assert len(vangnet.folds) == 4 and vangnet.fold_grid == "two"
    # The dossier's arrears give alerts: "Signalen" and a line each, between the first and last.
    assert len(vangnet.texts) > 3

    # The link to propose one and the one doorbraak of the dossier.
    assert len(shapes["doorbraken"].texts) == 2
