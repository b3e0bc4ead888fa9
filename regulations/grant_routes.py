"""Who grants what: the route by which a household gets a scheme it is entitled to but does not use.

The municipality can grant its own schemes without an application (ambtshalve), as far as the law
and its own rules allow. A toeslag is granted by Dienst Toeslagen and kinderbijslag by the SVB: the
municipality cannot grant those, it can only help the household apply. Plain data (no Django), so
the pages, the API, the service and the tests read one table.
"""

from __future__ import annotations

from dataclasses import dataclass

AMBTSHALVE = "ambtshalve"
AANVRAAG = "aanvraag"


@dataclass(frozen=True, slots=True)
class GrantRoute:
    kind: str  # AMBTSHALVE: the gemeente grants without an application; AANVRAAG: help apply
    body: str  # who decides
    how: str  # plain Dutch: what the worker does


_GEMEENTE = "de gemeente"
_TOESLAGEN = "Dienst Toeslagen"
_TOESLAGEN_ROUTE = (
    "Help het huishouden aanvragen bij Dienst Toeslagen: met DigiD via Mijn toeslagen op "
    "toeslagen.nl, of met hulp van de BelastingTelefoon Toeslagen of een Hulp bij "
    "toeslagen-loket."
)

ROUTES: dict[str, GrantRoute] = {
    "individuele_inkomenstoeslag": GrantRoute(
        AMBTSHALVE,
        _GEMEENTE,
        "De gemeente kan de individuele inkomenstoeslag ambtshalve toekennen "
        "(art. 36 en 43 Participatiewet) als de verordening dat toelaat.",
    ),
    "bijzondere_bijstand": GrantRoute(
        AMBTSHALVE,
        _GEMEENTE,
        "De gemeente kan bijzondere bijstand ambtshalve verlenen (art. 35 en 43 "
        "Participatiewet), bijvoorbeeld op grond van bekende kosten.",
    ),
    "kwijtschelding_gemeentelijke_belastingen": GrantRoute(
        AMBTSHALVE,
        _GEMEENTE,
        "De gemeente kan de kwijtschelding van haar eigen belastingen ambtshalve verlenen "
        "(automatische kwijtschelding), als haar regels dat toelaten.",
    ),
    "collectieve_zorgverzekering": GrantRoute(
        AMBTSHALVE,
        _GEMEENTE,
        "De gemeente kan het huishouden aanmelden voor haar collectieve zorgverzekering; "
        "het huishouden stapt daarna zelf over bij de verzekeraar.",
    ),
    "tegemoetkoming_alleenverdieners": GrantRoute(
        AMBTSHALVE,
        _GEMEENTE,
        "De gemeente kent de tegemoetkoming ambtshalve toe (art. 78gg Participatiewet), ook "
        "aan huishoudens die niet op de lijst van de Belastingdienst staan.",
    ),
    "bijstand": GrantRoute(
        AANVRAAG,
        _GEMEENTE,
        "Help het huishouden bijstand aanvragen bij de gemeente (art. 43 Participatiewet); "
        "vanaf de AOW-leeftijd bij de SVB (AIO).",
    ),
    "schuldhulpverlening": GrantRoute(
        AANVRAAG,
        _GEMEENTE,
        "Help het huishouden een hulpvraag indienen bij de schuldhulpverlening van de "
        "gemeente (Wet gemeentelijke schuldhulpverlening).",
    ),
    "zorgtoeslag": GrantRoute(AANVRAAG, _TOESLAGEN, _TOESLAGEN_ROUTE),
    "huurtoeslag": GrantRoute(AANVRAAG, _TOESLAGEN, _TOESLAGEN_ROUTE),
    "kinderopvangtoeslag": GrantRoute(AANVRAAG, _TOESLAGEN, _TOESLAGEN_ROUTE),
    "kindgebonden_budget": GrantRoute(
        AANVRAAG,
        _TOESLAGEN,
        "Dienst Toeslagen kent het kindgebonden budget meestal vanzelf toe na de "
        "kinderbijslag; gebeurt dat niet, help het huishouden het aanvragen via Mijn "
        "toeslagen op toeslagen.nl (DigiD).",
    ),
    "kinderbijslag": GrantRoute(
        AANVRAAG,
        "de SVB",
        "Help het huishouden kinderbijslag aanvragen bij de SVB: met DigiD via Mijn SVB op "
        "svb.nl, of met het aanvraagformulier van de SVB.",
    ),
}
# Schemes outside this table are treated as national: never promise a municipal grant.
_DEFAULT = GrantRoute(AANVRAAG, "de uitvoerder", "Help het huishouden de aanvraag indienen.")

AMBTSHALVE_CODES = frozenset(code for code, route in ROUTES.items() if route.kind == AMBTSHALVE)


def grant_route(code: str) -> GrantRoute:
    return ROUTES.get(code, _DEFAULT)
