"""Schuldhulpverlening (Wet gemeentelijke schuldhulpverlening, Wgs).

Access, not money: the amount is always null. Eligible when the applicant (of the municipal minimum
age) reports debts (input ``debts``); the explanation states the statutory time limits for the first
conversation: 4 weeks after the request, 3 working days when there is a threat of eviction, cut-off
of energy or water, or termination of the health insurance. With ``debt_help_requested_on`` the
latest date is computed in working days that skip weekends and the Dutch national public holidays
(`core.workdays`, the same days as the Wgs deadline tracker in casework).
"""

from __future__ import annotations

from datetime import timedelta

# Plain Python (the `holidays` package), no Django: the engine and the casework tracker share it.
from core.workdays import add_working_days

from .facts import Context
from .params import TrackedParameters
from .results import ELIGIBLE, INSUFFICIENT_DATA, NOT_ELIGIBLE, Evaluation, Trace

CODE = "schuldhulpverlening"
BWB = "BWBR0031343"
MAIN_ARTICLE = ("art. 4 Wet gemeentelijke schuldhulpverlening", "4")

THREAT_LABELS = {
    "eviction": "dreigende huisuitzetting",
    "energy_cutoff": "afsluiting van energie",
    "water_cutoff": "afsluiting van water",
    "health_insurance_termination": "beëindiging van de zorgverzekering",
}


def evaluate(ctx: Context, params: TrackedParameters, trace: Trace) -> Evaluation:
    minimum_age = params.get("schuldhulpverlening.minimumleeftijd")
    if ctx.age(ctx.applicant) < minimum_age:
        if trace.enabled:
            trace.add(
                rule=f"Gemeenten bieden schuldhulpverlening aan inwoners vanaf {minimum_age} jaar.",
                article="art. 3 Wet gemeentelijke schuldhulpverlening",
                bwb_id=BWB,
                law_article="3",
                values={"leeftijd": ctx.age(ctx.applicant)},
                result="Niet van toepassing.",
            )
        return Evaluation(NOT_ELIGIBLE)
    debts = ctx.household.debts
    if debts is None:
        return Evaluation(INSUFFICIENT_DATA, missing=["debts"])
    if not debts:
        if trace.enabled:
            trace.add(
                rule="Schuldhulpverlening is er voor wie schulden heeft of dreigt te krijgen.",
                article="art. 1 en 3 Wet gemeentelijke schuldhulpverlening",
                bwb_id=BWB,
                law_article="3",
                values={"aantal_schulden": 0},
                result="Geen schulden opgegeven.",
            )
        return Evaluation(NOT_ELIGIBLE)
    weeks = params.get("schuldhulpverlening.termijn_eerste_gesprek_weken")
    working_days = params.get("schuldhulpverlening.termijn_dreigend_werkdagen")
    threats = sorted({debt.threat for debt in debts if debt.threat is not None})
    requested = ctx.household.debt_help_requested_on
    deadline = None
    if threats:
        limit_text = f"binnen {working_days} werkdagen"
        if requested is not None:
            deadline = add_working_days(requested, working_days)
    else:
        limit_text = f"binnen {weeks} weken"
        if requested is not None:
            deadline = requested + timedelta(weeks=weeks)
    if trace.enabled:
        trace.add(
            rule="Wie schulden heeft, kan de gemeente om hulp vragen; de gemeente beslist daarop met een "
            "besluit waartegen bezwaar mogelijk is.",
            article="art. 3 Wet gemeentelijke schuldhulpverlening",
            bwb_id=BWB,
            law_article="3",
            values={"aantal_schulden": len(debts)},
            result="U kunt schuldhulp aanvragen bij de gemeente.",
        )
    if trace.enabled:
        trace.add(
            rule=f"Na uw hulpvraag moet het eerste gesprek binnen {weeks} weken plaatsvinden. Bij een "
            f"dreigende huisuitzetting, afsluiting van energie of water of beëindiging van de "
            f"zorgverzekering is dat binnen {working_days} werkdagen.",
            article="art. 4 Wet gemeentelijke schuldhulpverlening",
            bwb_id=BWB,
            law_article="4",
            values={
                "dreigingen": [THREAT_LABELS[threat] for threat in threats],
                "hulpvraag_op": requested,
                "uiterlijk_eerste_gesprek": deadline,
            },
            result=(
                f"Eerste gesprek {limit_text}"
                + (f", uiterlijk {deadline.isoformat()}." if deadline else " na de hulpvraag.")
                + (
                    " Weekenddagen en officiële feestdagen tellen niet als werkdag."
                    if deadline and threats
                    else ""
                )
            ),
        )
    return Evaluation(ELIGIBLE)
