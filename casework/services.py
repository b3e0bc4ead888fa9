"""Writes to a household dossier. Each public function is one transaction with its audit row.

Views, forms, serializers and commands parse input and call one of these; rules live here.
Errors are Django `ValidationError`s keyed by field (the form and the API both show them per field)
or `VersionConflictError` when the household changed since the caller read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import HouseholdStatus, JournalKind, Relation
from casework.models import (
    Assessment,
    AssessmentScore,
    BenefitReceived,
    Household,
    Housing,
    Income,
    JournalEntry,
    Member,
    PerspectivePlan,
)
from core.audit import audit_record
from core.bsn import encrypt_bsn, hash_bsn, is_valid_bsn, normalise_bsn
from core.models import Membership, Role, Team, User

# Sent after commit whenever a household's screening inputs may have changed. Receivers (the
# regulations app) re-screen; casework itself knows nothing about them.
household_changed = Signal()

PURPOSE = "casusregie"
# A parent is at least this much older than their child; younger gaps are typing errors.
MIN_PARENT_AGE_GAP_YEARS = 12
OLDEST_BIRTH_DATE = date(1900, 1, 1)


class VersionConflictError(Exception):
    """The household changed after the caller read it; nothing was saved."""

    def __init__(self, *, current_version: int) -> None:
        super().__init__(_("Dit huishouden is intussen door iemand anders gewijzigd."))
        self.current_version = current_version


# --- helpers ------------------------------------------------------------------------------


def _audit(
    *,
    actor: User,
    action: str,
    household: Household,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj if obj is not None else household,
        household_id=household.pk,
        municipality_code=household.municipality.cbs_code,
        request=request,
        purpose=PURPOSE,
        data=data,
    )


def _touch(household: Household, *, expected_version: int | None) -> None:
    """Bump the version; refuse when the caller's version is stale (optimistic locking)."""
    rows = Household.objects.filter(pk=household.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    updated = rows.update(version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        current = Household.objects.filter(pk=household.pk).values_list("version", flat=True)
        raise VersionConflictError(current_version=current.first() or 0)
    household.version = (
        expected_version + 1 if expected_version is not None else household.version + 1
    )
    transaction.on_commit(
        lambda: household_changed.send(sender=Household, household_id=household.pk)
    )


def _require_open(household: Household) -> None:
    if not household.is_open:
        raise ValidationError(
            _("Dit huishouden is afgesloten. Heropen het voordat u iets wijzigt."), code="closed"
        )


def _validate_birth_date(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("Een geboortedatum kan niet in de toekomst liggen.")})
    if value < OLDEST_BIRTH_DATE:
        raise ValidationError({field: _("Deze geboortedatum is niet aannemelijk.")})


def _add_years(value: date, years: int) -> date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def validate_composition(members: list[Mapping[str, Any]], *, prefix: str = "members") -> None:
    """Cross-member rules: one applicant, at most one partner, plausible ages for children."""
    errors: dict[str, list[str]] = {}
    applicants = [i for i, m in enumerate(members) if m.get("relation") == Relation.APPLICANT]
    partners = [i for i, m in enumerate(members) if m.get("relation") == Relation.PARTNER]
    if len(applicants) != 1:
        errors.setdefault(prefix, []).append(_("Een huishouden heeft precies één aanvrager."))
    for index in partners[1:]:
        errors.setdefault(f"{prefix}.{index}.relation", []).append(
            _("Een huishouden heeft hoogstens één partner.")
        )
    for index, member in enumerate(members):
        birth = member.get("birth_date")
        if birth is not None:
            try:
                _validate_birth_date(birth, f"{prefix}.{index}.birth_date")
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
    if applicants:
        applicant_birth = members[applicants[0]].get("birth_date")
        known = [
            d
            for d in [applicant_birth, *(members[i].get("birth_date") for i in partners[:1])]
            if d is not None
        ]
        # A child may be the applicant's or the partner's (step-children are common), so it must
        # be plausible for at least one of them: younger than the older parent by the gap.
        oldest_parent = min(known) if known else None
        for index, member in enumerate(members):
            birth = member.get("birth_date")
            if member.get("relation") != Relation.CHILD or birth is None or oldest_parent is None:
                continue
            if birth < _add_years(oldest_parent, MIN_PARENT_AGE_GAP_YEARS):
                errors.setdefault(f"{prefix}.{index}.birth_date", []).append(
                    _(
                        "Een kind is minstens %(years)s jaar jonger dan de aanvrager of partner. "
                        "Controleer de geboortedatum of de relatie."
                    )
                    % {"years": MIN_PARENT_AGE_GAP_YEARS}
                )
    if errors:
        raise ValidationError(errors)


def _bsn_fields(bsn: str | None, *, municipality_code: str, field: str) -> dict[str, str]:
    if not bsn:
        return {"bsn_encrypted": "", "bsn_hash": "", "bsn_last4": ""}
    if not is_valid_bsn(bsn):
        raise ValidationError(
            {
                field: _(
                    "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de "
                    "11-proef."
                )
            },
            code="invalid_bsn",
        )
    digits = normalise_bsn(bsn)
    return {
        "bsn_encrypted": encrypt_bsn(digits),
        "bsn_hash": hash_bsn(digits, municipality_code=municipality_code),
        "bsn_last4": digits[-4:],
    }


def _save_constrained(instance: models.Model, *, field_errors: Mapping[str, str]) -> None:
    """Save; turn a violated unique constraint into a field error instead of a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        message = str(exc)
        for constraint, field in field_errors.items():
            if constraint in message:
                raise ValidationError({field: _constraint_message(constraint)}) from exc
        raise


def _constraint_message(constraint: str) -> str:
    return {
        "member_one_applicant": _("Een huishouden heeft precies één aanvrager."),
        "member_one_partner": _("Een huishouden heeft hoogstens één partner."),
        "member_bsn_unique_in_municipality": _("Dit BSN is al geregistreerd in deze gemeente."),
        "benefit_unique": _("Deze regeling staat al bij dit huishouden."),
    }.get(constraint, _("Deze gegevens botsen met wat al is vastgelegd."))


MEMBER_CONSTRAINT_FIELDS = {
    "member_one_applicant": "relation",
    "member_one_partner": "relation",
    "member_bsn_unique_in_municipality": "bsn",
}


def _clean_or_raise(instance: models.Model, *, prefix: str, exclude: list[str]) -> None:
    """Model validation with field names prefixed, so nested input gets field-level errors."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError(
            {f"{prefix}.{key}": value for key, value in exc.message_dict.items()}
        ) from exc


def _refresh_display_name(household: Household) -> None:
    applicant = household.members.filter(relation=Relation.APPLICANT).first()
    name = applicant.family_name if applicant else ""
    if household.display_name != name:
        Household.objects.filter(pk=household.pk).update(display_name=name)
        household.display_name = name


def _journal(
    household: Household,
    *,
    author: User | None,
    kind: str,
    text: str,
    occurred_on: date | None = None,
) -> JournalEntry:
    return JournalEntry.objects.create(
        household=household,
        author=author,
        kind=kind,
        occurred_on=occurred_on or timezone.localdate(),
        text=text,
    )


# --- household -----------------------------------------------------------------------------


MEMBER_FIELDS = (
    "relation",
    "given_name",
    "family_name",
    "birth_date",
    "lives_in",
    "health_insured",
    "is_student",
    "in_detention",
    "assessed_income_yearly",
)
INCOME_FIELDS = ("kind", "gross_amount", "net_amount", "period", "is_stable")
HOUSING_FIELDS = ("tenure", "basic_rent", "service_costs", "landlord_kind")
HOUSEHOLD_FIELDS = ("postcode", "house_number", "house_number_suffix", "start_date")


def _clean_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value.upper()


@transaction.atomic
def household_create(
    *,
    actor: User,
    team: Team,
    household: Mapping[str, Any],
    members: list[Mapping[str, Any]],
    housing: Mapping[str, Any] | None = None,
    assigned_professional: User | None = None,
    request: HttpRequest | None = None,
) -> Household:
    """Create a household with its members, their incomes and the housing: all or nothing.

    Each member mapping may hold `bsn` and `incomes` (a list of income mappings).
    """
    validate_composition(list(members))
    if household["start_date"] > timezone.localdate():
        raise ValidationError({"start_date": _("De startdatum kan niet in de toekomst liggen.")})
    record = Household(
        municipality=team.municipality,
        team=team,
        assigned_professional=assigned_professional,
        **{key: household[key] for key in HOUSEHOLD_FIELDS if key in household},
    )
    record.postcode = _clean_postcode(record.postcode)
    record.full_clean(exclude=["latest_assessment", "display_name"])
    record.save()
    for index, data in enumerate(members):
        member = Member(
            household=record,
            **{key: data[key] for key in MEMBER_FIELDS if key in data},
            **_bsn_fields(
                data.get("bsn"),
                municipality_code=team.municipality.cbs_code,
                field=f"members.{index}.bsn",
            ),
        )
        try:
            _save_constrained(member, field_errors=MEMBER_CONSTRAINT_FIELDS)
        except ValidationError as exc:
            raise ValidationError(
                {f"members.{index}.{key}": value for key, value in exc.message_dict.items()}
            ) from exc
        for position, income_data in enumerate(data.get("incomes", [])):
            income = Income(
                member=member, **{k: income_data[k] for k in INCOME_FIELDS if k in income_data}
            )
            _clean_or_raise(
                income, prefix=f"members.{index}.incomes.{position}", exclude=["member"]
            )
            income.normalise()
            income.save()
    if housing:
        housing_record = Housing(
            household=record, **{k: housing[k] for k in HOUSING_FIELDS if k in housing}
        )
        _clean_or_raise(housing_record, prefix="housing", exclude=["household"])
        housing_record.save()
    PerspectivePlan.objects.create(household=record)
    _refresh_display_name(record)
    _journal(record, author=actor, kind=JournalKind.STATUS, text=_("Huishouden aangemeld."))
    _audit(actor=actor, action="household.create", household=record, request=request)
    transaction.on_commit(lambda: household_changed.send(sender=Household, household_id=record.pk))
    return record


@transaction.atomic
def household_update(
    *,
    actor: User,
    household: Household,
    expected_version: int,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Household:
    _require_open(household)
    _touch(household, expected_version=expected_version)
    changed = []
    for key in HOUSEHOLD_FIELDS:
        if key in data and getattr(household, key) != data[key]:
            setattr(household, key, data[key])
            changed.append(key)
    household.postcode = _clean_postcode(household.postcode)
    if household.start_date > timezone.localdate():
        raise ValidationError({"start_date": _("De startdatum kan niet in de toekomst liggen.")})
    household.full_clean(exclude=["latest_assessment", "display_name", "assigned_professional"])
    household.save(update_fields=[*HOUSEHOLD_FIELDS, "updated_at"])
    _audit(
        actor=actor,
        action="household.update",
        household=household,
        request=request,
        data={"fields": changed},
    )
    return household


def _set_status(
    *,
    actor: User,
    household: Household,
    status: str,
    reason: str,
    request: HttpRequest | None,
) -> Household:
    """Close or reopen with a reason, recorded in the journal and the audit log."""
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden op.")})
    if household.status == status:
        already = {
            HouseholdStatus.CLOSED: _("Dit huishouden is al afgesloten."),
            HouseholdStatus.OPEN: _("Dit huishouden is al open."),
        }[status]
        raise ValidationError({"reason": already})
    _touch(household, expected_version=None)
    household.status = status
    household.status_reason = reason
    household.save(update_fields=["status", "status_reason", "updated_at"])
    closing = status == HouseholdStatus.CLOSED
    text = _("Afgesloten: %(reason)s") if closing else _("Heropend: %(reason)s")
    _journal(household, author=actor, kind=JournalKind.STATUS, text=text % {"reason": reason})
    action = "household.close" if closing else "household.reopen"
    _audit(actor=actor, action=action, household=household, request=request)
    return household


@transaction.atomic
def household_close(
    *, actor: User, household: Household, reason: str, request: HttpRequest | None = None
) -> Household:
    return _set_status(
        actor=actor,
        household=household,
        status=HouseholdStatus.CLOSED,
        reason=reason,
        request=request,
    )


@transaction.atomic
def household_reopen(
    *, actor: User, household: Household, reason: str, request: HttpRequest | None = None
) -> Household:
    return _set_status(
        actor=actor,
        household=household,
        status=HouseholdStatus.OPEN,
        reason=reason,
        request=request,
    )


@transaction.atomic
def household_assign(
    *,
    actor: User,
    household: Household,
    professional: User | None,
    request: HttpRequest | None = None,
) -> Household:
    if (
        professional is not None
        and not Membership.objects.filter(
            user=professional, team=household.team, role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD]
        ).exists()
    ):
        raise ValidationError(
            {"professional": _("Deze medewerker hoort niet bij het team van dit huishouden.")}
        )
    _touch(household, expected_version=None)
    household.assigned_professional = professional
    household.save(update_fields=["assigned_professional", "updated_at"])
    name = professional.get_full_name() or professional.get_username() if professional else "-"
    _journal(
        household,
        author=actor,
        kind=JournalKind.STATUS,
        text=_("Casusregisseur: %(name)s") % {"name": name},
    )
    _audit(
        actor=actor,
        action="household.assign",
        household=household,
        request=request,
        data={"professional_id": professional.pk if professional else None},
    )
    return household


# --- members and incomes -------------------------------------------------------------------


def _composition_after(
    household: Household, *, member: Member | None, data: Mapping[str, Any] | None
) -> None:
    """Check the composition as it would be after adding, changing or removing `member`."""
    current = [
        {"relation": m.relation, "birth_date": m.birth_date, "pk": m.pk}
        for m in household.members.all()
        if member is None or m.pk != member.pk
    ]
    if data is not None:
        current.append({"relation": data["relation"], "birth_date": data["birth_date"], "pk": None})
    try:
        validate_composition(current, prefix="members")
    except ValidationError as exc:
        # Report on the fields of the member being edited where possible.
        messages: dict[str, list[str]] = {}
        for key, values in exc.message_dict.items():
            field = key.rsplit(".", 1)[-1] if key.count(".") == 2 else "relation"
            messages.setdefault(field, []).extend(values)
        raise ValidationError(messages) from exc


@transaction.atomic
def member_add(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Member:
    _require_open(household)
    _composition_after(household, member=None, data=data)
    member = Member(
        household=household,
        **{k: data[k] for k in MEMBER_FIELDS if k in data},
        **_bsn_fields(
            data.get("bsn"), municipality_code=household.municipality.cbs_code, field="bsn"
        ),
    )
    _save_constrained(member, field_errors=MEMBER_CONSTRAINT_FIELDS)
    _touch(household, expected_version=None)
    _refresh_display_name(household)
    _audit(actor=actor, action="member.create", household=household, obj=member, request=request)
    return member


@transaction.atomic
def member_update(
    *,
    actor: User,
    member: Member,
    expected_version: int,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Member:
    household = member.household
    _require_open(household)
    merged = {
        "relation": data.get("relation", member.relation),
        "birth_date": data.get("birth_date", member.birth_date),
    }
    _composition_after(household, member=member, data=merged)
    _touch(household, expected_version=expected_version)
    for key in MEMBER_FIELDS:
        if key in data:
            setattr(member, key, data[key])
    if data.get("bsn"):
        for key, value in _bsn_fields(
            data["bsn"], municipality_code=household.municipality.cbs_code, field="bsn"
        ).items():
            setattr(member, key, value)
    _save_constrained(member, field_errors=MEMBER_CONSTRAINT_FIELDS)
    _refresh_display_name(household)
    _audit(actor=actor, action="member.update", household=household, obj=member, request=request)
    return member


@transaction.atomic
def member_remove(*, actor: User, member: Member, request: HttpRequest | None = None) -> None:
    household = member.household
    _require_open(household)
    if member.relation == Relation.APPLICANT:
        raise ValidationError({"relation": _("De aanvrager kan niet worden verwijderd.")})
    _touch(household, expected_version=None)
    _audit(actor=actor, action="member.delete", household=household, obj=member, request=request)
    member.delete()


def member_reveal_bsn(*, actor: User, member: Member, request: HttpRequest | None = None) -> str:
    """Show the full BSN: an explicit, audited act."""
    with transaction.atomic():
        _audit(
            actor=actor,
            action="member.reveal_bsn",
            household=member.household,
            obj=member,
            request=request,
        )
    return member.reveal_bsn()


# --- generic dossier items (incomes, assets, debts, benefits, goals, organisations) ---------


def _item_household(item: models.Model) -> Household:
    if isinstance(item, Income):
        return item.member.household
    household = getattr(item, "household", None)
    if not isinstance(household, Household):
        raise TypeError(f"{type(item).__name__} is not a dossier item")
    return household


@transaction.atomic
def item_save(
    *,
    actor: User,
    item: models.Model,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> models.Model:
    """Add or change one dossier item (validated by its form or serializer) and audit it."""
    household = _item_household(item)
    _require_open(household)
    is_new = item.pk is None
    if isinstance(item, Income):
        item.normalise()
    try:
        item.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
        # A duplicate benefit is about its scheme: report it on that field.
        if isinstance(item, BenefitReceived) and NON_FIELD_ERRORS in errors:
            errors["scheme_code"] = errors.pop(NON_FIELD_ERRORS)
        raise ValidationError(errors) from exc
    _touch(household, expected_version=None if is_new else expected_version)
    _save_constrained(item, field_errors={"benefit_unique": "scheme_code"})
    action = f"{item._meta.model_name}.{'create' if is_new else 'update'}"
    _audit(actor=actor, action=action, household=household, obj=item, request=request)
    return item


@transaction.atomic
def item_delete(*, actor: User, item: models.Model, request: HttpRequest | None = None) -> None:
    household = _item_household(item)
    _require_open(household)
    _touch(household, expected_version=None)
    _audit(
        actor=actor,
        action=f"{item._meta.model_name}.delete",
        household=household,
        obj=item,
        request=request,
    )
    item.delete()


@transaction.atomic
def housing_save(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Housing:
    _require_open(household)
    housing, created = Housing.objects.get_or_create(
        household=household, defaults={"tenure": data["tenure"]}
    )
    for key in HOUSING_FIELDS:
        if key in data:
            setattr(housing, key, data[key])
    housing.full_clean()
    _touch(household, expected_version=None if created else expected_version)
    housing.save()
    _audit(actor=actor, action="housing.update", household=household, obj=housing, request=request)
    return housing


@transaction.atomic
def plan_save(
    *,
    actor: User,
    household: Household,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> PerspectivePlan:
    _require_open(household)
    plan, _created = PerspectivePlan.objects.get_or_create(household=household)
    for key in ("own_words", "desired_situation", "needs"):
        if key in data:
            setattr(plan, key, data[key])
    _touch(household, expected_version=expected_version)
    plan.save()
    _audit(
        actor=actor, action="perspectiveplan.update", household=household, obj=plan, request=request
    )
    return plan


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    household: Household,
    assessed_on: date,
    scores: Mapping[str, int],
    member: Member | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Record a ZRM 2017 assessment; a complete one has all 13 domains."""
    from casework.constants import ZrmDomain

    _require_open(household)
    errors: dict[str, str] = {}
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = _("Een meting kan niet in de toekomst liggen.")
    for domain in ZrmDomain.values:
        value = scores.get(domain)
        if value is None:
            errors[f"scores.{domain}"] = _("Geef een score voor dit domein.")
        elif not 1 <= int(value) <= 5:
            errors[f"scores.{domain}"] = _("Een score ligt tussen 1 en 5.")
    unknown = set(scores) - set(ZrmDomain.values)
    for domain in unknown:
        errors[f"scores.{domain}"] = _("Onbekend ZRM-domein.")
    if member is not None and member.household_id != household.pk:
        errors["member"] = _("Dit gezinslid hoort niet bij dit huishouden.")
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        household=household, member=member, assessed_on=assessed_on, assessed_by=actor
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, domain=domain, score=int(scores[domain]))
        for domain in ZrmDomain.values
    )
    latest = household.assessments.order_by("-assessed_on", "-id").first()
    Household.objects.filter(pk=household.pk).update(latest_assessment=latest)
    household.latest_assessment = latest
    _touch(household, expected_version=None)
    _audit(
        actor=actor,
        action="assessment.create",
        household=household,
        obj=assessment,
        request=request,
    )
    return assessment


@transaction.atomic
def journal_add(
    *,
    actor: User,
    household: Household,
    kind: str,
    text: str,
    occurred_on: date,
    request: HttpRequest | None = None,
) -> JournalEntry:
    if not text.strip():
        raise ValidationError({"text": _("Schrijf een tekst.")})
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": _("Een journaalregel kan niet in de toekomst liggen.")}
        )
    if kind not in JournalKind.values:
        raise ValidationError({"kind": _("Onbekende soort.")})
    entry = _journal(household, author=actor, kind=kind, text=text, occurred_on=occurred_on)
    _audit(
        actor=actor, action="journalentry.create", household=household, obj=entry, request=request
    )
    return entry


def record_read(
    *,
    actor: User,
    household: Household,
    what: str = "household.read",
    request: HttpRequest | None = None,
) -> None:
    """Audit a read of personal data (case page, API retrieve, export)."""
    with transaction.atomic():
        _audit(actor=actor, action=what, household=household, request=request)


def money_total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal("0"))
