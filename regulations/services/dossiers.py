"""Households as engine facts: stored dossiers read in few queries and turned into screen JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Prefetch, Q
from django.db.models.expressions import RawSQL

from casework.constants import HouseholdStatus, IncomeKind, Relation, Tenure
from casework.models import Asset, BenefitReceived, Debt, Household, Housing, Income, Member
from regulations.schemes.facts import HouseholdFacts, parse_household

# Casework's codes where the engine's contract uses other words.
INCOME_KIND_TO_ENGINE = {
    IncomeKind.WAGES: "wages",
    IncomeKind.PARTICIPATIEWET: "bijstand",
    IncomeKind.WW: "ww",
    IncomeKind.WIA_WAJONG: "wia",
    IncomeKind.AOW: "aow",
    IncomeKind.SELF_EMPLOYED: "self_employed",
    IncomeKind.ALIMONY: "alimony",
    IncomeKind.STUDENT_FINANCE: "student_finance",
    IncomeKind.OTHER: "other",
}
TENURE_TO_ENGINE = {
    Tenure.SOCIAL_RENT: "social_rent",
    Tenure.PRIVATE_RENT: "private_rent",
    Tenure.OWNER: "owner",
    Tenure.LIVING_IN: "living_in",
    Tenure.HOMELESS: "homeless",
}
CREDITOR_TO_ENGINE = {"particulier": "prive", "other": "overig", "gemeente": "overig"}


def dossier_queryset() -> Any:
    """Households with everything the engine reads, in a fixed number of queries."""
    return Household.objects.select_related("municipality", "housing").prefetch_related(
        Prefetch(
            "members",
            queryset=Member.objects.prefetch_related(
                Prefetch("incomes", queryset=Income.objects.order_by("id"))
            ),
        ),
        "assets",
        "debts",
        "benefits",
    )


def facts_json(household: Household, *, reference_date: date) -> dict[str, Any]:
    """The screen JSON (SCHEMES.md section 0) of a stored household: what the engine sees.

    Unknown stays absent: a member without any income row is 'not known', not 'no income', unless
    the member is a child.
    """
    members = []
    for member in household.members.all():
        if not member.lives_in:
            continue
        entry: dict[str, Any] = {
            "ref": f"m{member.pk}",
            "relation": member.relation,
            "birth_date": member.birth_date.isoformat(),
        }
        incomes = list(member.incomes.all())
        # "Geen inkomen" ticked is a known zero; without it, no rows means not known.
        if incomes or member.relation == Relation.CHILD or member.has_no_income:
            entry["incomes"] = [
                {
                    "kind": INCOME_KIND_TO_ENGINE.get(income.kind, "other"),
                    **(
                        {"gross_monthly": str(income.gross_monthly)}
                        if income.gross_monthly is not None
                        else {}
                    ),
                    **(
                        {"net_monthly": str(income.net_monthly)}
                        if income.net_monthly is not None
                        else {}
                    ),
                }
                for income in incomes
            ]
        if member.assessed_income_yearly is not None:
            entry["assessed_income_yearly"] = str(member.assessed_income_yearly)
        if member.health_insured is not None:
            entry["health_insured"] = member.health_insured
        if member.works_or_studies is not None:
            entry["works_or_studies"] = member.works_or_studies
        if member.childcare:
            entry["childcare"] = {"kind": member.childcare}
            for key in ("hours_monthly", "hourly_rate"):
                value = getattr(member, f"childcare_{key}")
                if value is not None:
                    entry["childcare"][key] = str(value)
        members.append(entry)
    data: dict[str, Any] = {
        "reference_date": reference_date.isoformat(),
        "municipality_code": household.municipality.cbs_code,
        "members": members,
        "benefits_received": sorted({b.scheme_code for b in household.benefits.all()}),
        "debts": [
            {
                "creditor_kind": CREDITOR_TO_ENGINE.get(d.creditor_kind, d.creditor_kind),
                "amount": str(d.amount),
            }
            for d in household.debts.all()
        ],
    }
    if household.low_income_since is not None:
        data["low_income_since"] = household.low_income_since.isoformat()
    if household.municipal_tax_yearly is not None:
        data["municipal_tax_yearly"] = str(household.municipal_tax_yearly)
    assets = list(household.assets.all())
    if assets:
        # No asset rows means "not recorded", not "no assets": the engine then asks for it.
        data["assets_total"] = str(sum((a.value for a in assets), Decimal("0")))
    housing = getattr(household, "housing", None)
    if housing is not None:
        data["housing"] = {"tenure": TENURE_TO_ENGINE[housing.tenure]}
        if housing.basic_rent is not None:
            data["housing"]["basic_rent"] = str(housing.basic_rent)
        if housing.service_costs is not None:
            data["housing"]["service_costs"] = str(housing.service_costs)
    return data


def household_facts(household: Household, *, reference_date: date) -> HouseholdFacts:
    return parse_household(facts_json(household, reference_date=reference_date))


class _Rows(list):
    """A list that answers `.all()`, so plain rows stand in for a prefetched relation."""

    def all(self) -> _Rows:
        return self


def bulk_dossiers(household_ids: list[int]) -> list[SimpleNamespace]:
    """Open households with what the engine reads, as plain rows (seven queries, no model
    instances): the bulk path spends its time screening, not building ORM objects.

    The objects answer the same attributes as a prefetched Household, so `facts_json` serves
    both paths.
    """
    rows = Household.objects.filter(pk__in=household_ids, status=HouseholdStatus.OPEN).values_list(
        "pk", "team_id", "status", "municipality__cbs_code", "low_income_since",
        "municipal_tax_yearly",
    )  # fmt: skip
    dossiers: dict[int, SimpleNamespace] = {}
    for pk, team_id, status, cbs_code, low_income_since, municipal_tax_yearly in rows:
        dossiers[pk] = SimpleNamespace(
            pk=pk,
            team_id=team_id,
            status=status,
            low_income_since=low_income_since,
            municipal_tax_yearly=municipal_tax_yearly,
            municipality=SimpleNamespace(cbs_code=cbs_code),
            members=_Rows(),
            benefits=_Rows(),
            debts=_Rows(),
            assets=_Rows(),
            housing=None,
        )
    ids = list(dossiers)
    members: dict[int, SimpleNamespace] = {}
    for row in (
        Member.objects.filter(household_id__in=ids)
        .order_by("household_id", "relation", "birth_date", "id")
        .values(
            "pk", "household_id", "relation", "birth_date", "lives_in", "health_insured",
            "assessed_income_yearly", "has_no_income", "works_or_studies", "childcare",
            "childcare_hours_monthly", "childcare_hourly_rate",
        )
    ):  # fmt: skip
        member = SimpleNamespace(**row, incomes=_Rows())
        members[row["pk"]] = member
        dossiers[row["household_id"]].members.append(member)
    for row in (
        Income.objects.filter(member__household_id__in=ids)
        .order_by("id")
        .values("member_id", "kind", "gross_monthly", "net_monthly")
    ):
        members[row["member_id"]].incomes.append(SimpleNamespace(**row))
    for model, attribute, fields in (
        (BenefitReceived, "benefits", ("scheme_code",)),
        (Debt, "debts", ("creditor_kind", "amount")),
        (Asset, "assets", ("value",)),
    ):
        for row in model.objects.filter(household_id__in=ids).values("household_id", *fields):
            getattr(dossiers[row.pop("household_id")], attribute).append(SimpleNamespace(**row))
    for row in Housing.objects.filter(household_id__in=ids).values(
        "household_id", "tenure", "basic_rent", "service_costs"
    ):
        dossiers[row.pop("household_id")].housing = SimpleNamespace(**row)
    return list(dossiers.values())


def _any_of(table: str, column: str, ids: list[int]) -> Any:
    """``table.column IN ids`` as one array parameter on PostgreSQL (``= ANY(%s::bigint[])``):
    thousands of ids go as one value, written as an array literal, instead of a placeholder each
    that Django and the driver would expand and parse per query. Elsewhere ``__in``."""
    if connection.vendor != "postgresql":
        return Q(**{f"{column}__in": ids})
    quote = connection.ops.quote_name
    literal = "{" + ",".join(map(str, map(int, ids))) + "}"
    # Identifiers from the models' own metadata, quoted; the ids go as a bound parameter.
    return RawSQL(  # noqa: S611
        f"{quote(table)}.{quote(column)} = ANY(%s::bigint[])",
        (literal,),
        output_field=BooleanField(),
    )


def simulation_documents(
    household_ids: list[int], *, reference_date: date
) -> list[tuple[int, dict[str, Any], list[int]]]:
    """``(household id, facts_json, person ids)`` of the open households among ``household_ids``,
    for a simulation over a whole caseload: seven ``values_list`` queries, no model instances and
    no intermediate rows, the screen JSON built straight from the columns.

    Households come in the order of their ids. Each one's JSON equals ``facts_json`` of
    ``bulk_dossiers`` (a test pins both), so its HouseholdFacts and digest are the same.
    The person ids are every member's (living in or not): the data subjects of its audit row.
    """
    on = reference_date.isoformat()
    documents: dict[int, dict[str, Any]] = {}
    persons: dict[int, list[int]] = {}
    extras: dict[int, tuple[Any, Any]] = {}
    for pk, cbs_code, low_income_since, municipal_tax_yearly in (
        # By id: a run's facts digest then follows the households' ids, whatever the chunks.
        Household.objects.filter(
            _any_of(Household._meta.db_table, "id", household_ids), status=HouseholdStatus.OPEN
        )
        .order_by("pk")
        .values_list("pk", "municipality__cbs_code", "low_income_since", "municipal_tax_yearly")
    ):
        documents[pk] = {
            "reference_date": on,
            "municipality_code": cbs_code,
            "members": [],
            "benefits_received": [],
            "debts": [],
        }
        persons[pk] = []
        extras[pk] = (low_income_since, municipal_tax_yearly)
    ids = list(documents)
    # A member's entry, and whether its incomes (if any) are to be listed.
    entries: dict[int, dict[str, Any]] = {}
    child = Relation.CHILD
    for (
        pk, household_id, relation, birth_date, lives_in, health_insured, assessed_income_yearly,
        has_no_income, works_or_studies, childcare, hours_monthly, hourly_rate,
    ) in Member.objects.filter(_any_of(Member._meta.db_table, "household_id", ids)).order_by(
        "household_id", "relation", "birth_date", "id"
    ).values_list(
        "pk", "household_id", "relation", "birth_date", "lives_in", "health_insured",
        "assessed_income_yearly", "has_no_income", "works_or_studies", "childcare",
        "childcare_hours_monthly", "childcare_hourly_rate",
    ):  # fmt: skip
        persons[household_id].append(pk)
        if not lives_in:
            continue
        entry: dict[str, Any] = {
            "ref": f"m{pk}",
            "relation": relation,
            "birth_date": birth_date.isoformat(),
        }
        # "Geen inkomen" ticked, or a child: a known zero; otherwise no rows means not known.
        if relation == child or has_no_income:
            entry["incomes"] = []
        if assessed_income_yearly is not None:
            entry["assessed_income_yearly"] = str(assessed_income_yearly)
        if health_insured is not None:
            entry["health_insured"] = health_insured
        if works_or_studies is not None:
            entry["works_or_studies"] = works_or_studies
        if childcare:
            care: dict[str, Any] = {"kind": childcare}
            if hours_monthly is not None:
                care["hours_monthly"] = str(hours_monthly)
            if hourly_rate is not None:
                care["hourly_rate"] = str(hourly_rate)
            entry["childcare"] = care
        entries[pk] = entry
        documents[household_id]["members"].append(entry)
    income_kinds = INCOME_KIND_TO_ENGINE
    for member_id, kind, gross_monthly, net_monthly in (
        Income.objects.filter(_any_of(Income._meta.db_table, "member_id", list(entries)))
        .order_by("id")
        .values_list("member_id", "kind", "gross_monthly", "net_monthly")
    ):
        entry = entries[member_id]
        income: dict[str, Any] = {"kind": income_kinds.get(kind, "other")}
        if gross_monthly is not None:
            income["gross_monthly"] = str(gross_monthly)
        if net_monthly is not None:
            income["net_monthly"] = str(net_monthly)
        incomes = entry.get("incomes")
        if incomes is None:
            incomes = entry["incomes"] = []  # key order differs from facts_json: no matter
        incomes.append(income)
    benefits: dict[int, set[str]] = {}
    for household_id, scheme_code in BenefitReceived.objects.filter(
        _any_of(BenefitReceived._meta.db_table, "household_id", ids)
    ).values_list("household_id", "scheme_code"):
        benefits.setdefault(household_id, set()).add(scheme_code)
    for household_id, codes in benefits.items():
        documents[household_id]["benefits_received"] = sorted(codes)
    creditors = CREDITOR_TO_ENGINE
    for household_id, creditor_kind, amount in Debt.objects.filter(
        _any_of(Debt._meta.db_table, "household_id", ids)
    ).values_list("household_id", "creditor_kind", "amount"):
        documents[household_id]["debts"].append(
            {"creditor_kind": creditors.get(creditor_kind, creditor_kind), "amount": str(amount)}
        )
    for household_id, (low_income_since, municipal_tax_yearly) in extras.items():
        if low_income_since is not None:
            documents[household_id]["low_income_since"] = low_income_since.isoformat()
        if municipal_tax_yearly is not None:
            documents[household_id]["municipal_tax_yearly"] = str(municipal_tax_yearly)
    totals: dict[int, Decimal] = {}
    for household_id, value in Asset.objects.filter(
        _any_of(Asset._meta.db_table, "household_id", ids)
    ).values_list("household_id", "value"):
        totals[household_id] = totals.get(household_id, Decimal("0")) + value
    for household_id, total in totals.items():
        # No asset rows means "not recorded", not "no assets": the engine then asks for it.
        documents[household_id]["assets_total"] = str(total)
    for household_id, tenure, basic_rent, service_costs in Housing.objects.filter(
        _any_of(Housing._meta.db_table, "household_id", ids)
    ).values_list("household_id", "tenure", "basic_rent", "service_costs"):
        housing: dict[str, Any] = {"tenure": TENURE_TO_ENGINE[tenure]}
        if basic_rent is not None:
            housing["basic_rent"] = str(basic_rent)
        if service_costs is not None:
            housing["service_costs"] = str(service_costs)
        documents[household_id]["housing"] = housing
    return [(pk, document, persons[pk]) for pk, document in documents.items()]
