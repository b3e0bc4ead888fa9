"""Retention and destruction: draft, propose, approve (four eyes), carry out, certify.

- `destruction_list_draft` (scheduled): what is due in one municipality on a day, as a list.
- `destruction_list_propose`: a functional admin checks the draft and proposes it.
- `destruction_list_approve` / `_reject`: a second functional admin decides (never the proposer).
- `retention_term_decide`: a functional admin records the municipality's decision on a term.
- `destruction_list_execute` (Celery, after approval): in one transaction the due dossiers are
  destroyed (their doorbraken pseudonymised), the audit rows and the login rows past their term
  lose their personal data, and the verklaring van vernietiging is written.

Login rows (audit rows "auth.*", Selectielijst 19.1.24) have a line of their own with the
installation's term in months (`login_rows_due`); the audit line never counts them.

Every step writes an audit row without personal data (counts and the list number only).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta

from breakthroughs.services.retention import breakthroughs_pseudonymise
from casework.services.retention import households_destroy, households_due_for_destruction
from core.audit import audit_record, audit_remove_personal_data
from core.events import publish_on_commit
from core.models import AuditLog, Membership, Municipality, Role, User
from retention.constants import (
    LOGIN_ACTION_PREFIX,
    RULES,
    RecordType,
    RetentionAction,
    login_term,
    rule_for,
)
from retention.models import (
    OPEN_STATUSES,
    DestructionCertificate,
    DestructionList,
    DestructionListItem,
    ItemOutcome,
    ListStatus,
    RetentionTermDecision,
)
from retention.selectors import term_decision_latest, term_in_force, term_years

# Published after an approval commits; RetentionConfig.ready() subscribes the execution task.
LIST_APPROVED = "retention.list_approved"

# Dossiers per set-based destruction step: a fixed number of statements per batch.
BATCH = 500

# Bewaartermijnen en vernietiging (AVG art. 5 lid 1 onder e, Archiefwet 1995).
PURPOSE = "archivering"


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def audit_cutoff(reference_date: date, years: int) -> datetime:
    """Audit rows from before local midnight of this day are past their term."""
    return timezone.make_aware(datetime.combine(years_before(reference_date, years), time.min))


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the end of a shorter month (31 August minus six
    months is 28 or 29 February)."""
    return day - relativedelta(months=months)


def login_cutoff(reference_date: date, months: int) -> datetime:
    """Login rows from before local midnight of this day are past their term."""
    return timezone.make_aware(datetime.combine(months_before(reference_date, months), time.min))


def _municipality_scope(municipality: Municipality) -> Q:
    """Rows without a municipality code that concern this municipality: its members' (who may
    work for others too), and those without an actor (a failed anonymous login)."""
    members = Membership.objects.filter(municipality=municipality).values("user_id")
    return Q(municipality_code="", actor_id__in=members) | Q(
        municipality_code="", actor__isnull=True
    )


def login_rows_due(*, municipality: Municipality, cutoff: datetime) -> QuerySet[AuditLog]:
    """Login rows (action "auth.*") of this municipality older than `cutoff` that still hold
    personal data: those with its code (a failed login to one of its accounts) and the shared ones
    of `_municipality_scope`. Their term is the installation's, the same for every municipality,
    so a shared row is due on every list that covers it at once (the first list clears it)."""
    return AuditLog.objects.filter(
        Q(municipality_code=municipality.cbs_code) | _municipality_scope(municipality),
        action__startswith=LOGIN_ACTION_PREFIX,
        timestamp__lt=cutoff,
        personal_data_removed_at__isnull=True,
    )


def audit_rows_due(
    *, municipality: Municipality, cutoff: datetime, reference_date: date
) -> QuerySet[AuditLog]:
    """Audit rows of this municipality older than `cutoff` that still hold personal data; not the
    login rows, which have their own term (`login_rows_due`).

    A row belongs to the municipality by its code. A row without one (an MFA enrolment, an
    anonymous event) is not the municipality's alone: its actor may work for several
    municipalities, or there is none. Such a row is cleared only once it is past both this
    municipality's term and the installation's (RETENTION_TERM_YEARS or the default), so a
    municipality that decided on a shorter term cannot cut short what others keep.
    """
    shared_cutoff = min(
        cutoff, audit_cutoff(reference_date, term_years(RecordType.AUDIT_LOG, on=reference_date))
    )
    return AuditLog.objects.filter(
        Q(municipality_code=municipality.cbs_code, timestamp__lt=cutoff)
        | (_municipality_scope(municipality) & Q(timestamp__lt=shared_cutoff)),
        personal_data_removed_at__isnull=True,
    ).exclude(action__startswith=LOGIN_ACTION_PREFIX)


# --- drafting (scheduled) -------------------------------------------------------------------


@transaction.atomic
def destruction_list_draft(*, municipality: Municipality, today: date) -> DestructionList | None:
    """Draft the list of what is due today; None when nothing is, or a list is in progress.

    Idempotent: the scheduled job may run every day; while a list of the municipality is open
    (draft, proposed or approved), no second one is drafted.
    """
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    if DestructionList.objects.filter(municipality=municipality, status__in=OPEN_STATUSES).exists():
        return None
    # The municipality's own terms in force on the draft day (else the installation's), with
    # their basis, which each line keeps.
    dossier_term = term_in_force(RecordType.HOUSEHOLD_DOSSIER, municipality=municipality, on=today)
    audit_term = term_in_force(RecordType.AUDIT_LOG, municipality=municipality, on=today)
    dossier_years, audit_years = dossier_term.years, audit_term.years
    households = list(
        households_due_for_destruction(
            municipality_id=municipality.pk,
            closed_on_or_before=years_before(today, dossier_years),
        ).values_list("pk", "closed_on", "team__name")
    )
    cutoff = audit_cutoff(today, audit_years)
    audit_count = audit_rows_due(
        municipality=municipality, cutoff=cutoff, reference_date=today
    ).count()
    # Login data: the installation's term in months, which no municipality decides.
    login_months, login_source = login_term()
    logins_cutoff = login_cutoff(today, login_months)
    login_count = login_rows_due(municipality=municipality, cutoff=logins_cutoff).count()
    if not households and not audit_count and not login_count:
        return None
    destruction_list = DestructionList.objects.create(
        municipality=municipality, reference_date=today
    )
    items = [
        DestructionListItem(
            destruction_list=destruction_list,
            record_type=RecordType.HOUSEHOLD_DOSSIER,
            household_id=household_id,
            team_name=team_name,
            term_started_on=closed_on,
            due_on=_years_after(closed_on, dossier_years),
            term_years=dossier_years,
            term_source=dossier_term.source,
            term_decision=dossier_term.decision,
        )
        for household_id, closed_on, team_name in households
    ]
    if audit_count:
        items.append(
            DestructionListItem(
                destruction_list=destruction_list,
                record_type=RecordType.AUDIT_LOG,
                term_started_on=timezone.localtime(cutoff).date(),
                due_on=today,
                cutoff=cutoff,
                count=audit_count,
                term_years=audit_years,
                term_source=audit_term.source,
                term_decision=audit_term.decision,
            )
        )
    if login_count:
        items.append(
            DestructionListItem(
                destruction_list=destruction_list,
                record_type=RecordType.LOGIN_LOG,
                term_started_on=timezone.localtime(logins_cutoff).date(),
                due_on=today,
                cutoff=logins_cutoff,
                count=login_count,
                term_months=login_months,
                term_source=login_source,
            )
        )
    DestructionListItem.objects.bulk_create(items)
    audit_record(
        actor=None,
        action="retention.list_draft",
        obj=destruction_list,
        municipality_code=municipality.cbs_code,
        purpose=PURPOSE,
        data={"dossiers": len(households), "audit_rows": audit_count, "login_rows": login_count},
    )
    return destruction_list


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- the four eyes -----------------------------------------------------------------------------


def is_functional_admin(user: User, municipality_id: int) -> bool:
    return Membership.objects.filter(
        user=user, municipality_id=municipality_id, role=Role.FUNCTIONAL_ADMIN
    ).exists()


def _locked(destruction_list: DestructionList, *, actor: User, status: str) -> DestructionList:
    locked = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
    if not is_functional_admin(actor, locked.municipality_id):
        raise PermissionError(_("Alleen een functioneel beheerder van deze gemeente mag dit."))
    if locked.status != status:
        raise ValidationError(
            {
                "status": _("Deze lijst is intussen %(status)s.")
                % {"status": locked.get_status_display().lower()}
            }
        )
    return locked


def _audit(
    *,
    actor: User | None,
    action: str,
    destruction_list: DestructionList,
    request: Any = None,
    data: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=destruction_list,
        request=request,
        municipality_code=destruction_list.municipality.cbs_code,
        purpose=PURPOSE,
        data=data,
    )


@transaction.atomic
def destruction_list_propose(
    *, actor: User, destruction_list: DestructionList, request: HttpRequest | None = None
) -> DestructionList:
    locked = _locked(destruction_list, actor=actor, status=ListStatus.DRAFT)
    locked.status = ListStatus.PROPOSED
    locked.proposed_by = actor
    locked.proposed_at = timezone.now()
    locked.save(update_fields=["status", "proposed_by", "proposed_at"])
    _audit(actor=actor, action="retention.list_propose", destruction_list=locked, request=request)
    return locked


@transaction.atomic
def destruction_list_approve(
    *, actor: User, destruction_list: DestructionList, request: HttpRequest | None = None
) -> DestructionList:
    """The second pair of eyes. Carrying out starts as a task once this commits."""
    locked = _locked(destruction_list, actor=actor, status=ListStatus.PROPOSED)
    if locked.proposed_by_id == actor.pk:
        raise ValidationError(
            {"status": _("Vier ogen: wie de lijst voorstelde, kan haar niet zelf goedkeuren.")}
        )
    locked.status = ListStatus.APPROVED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    _audit(actor=actor, action="retention.list_approve", destruction_list=locked, request=request)
    publish_on_commit(LIST_APPROVED, list_id=locked.pk)
    return locked


@transaction.atomic
def destruction_list_reject(
    *,
    actor: User,
    destruction_list: DestructionList,
    reason: str,
    request: HttpRequest | None = None,
) -> DestructionList:
    # The right first: someone who may not decide gets 403, not a remark about the form.
    locked = _locked(destruction_list, actor=actor, status=ListStatus.PROPOSED)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden op.")})
    if locked.proposed_by_id == actor.pk:
        raise ValidationError(
            {"status": _("Vier ogen: wie de lijst voorstelde, beslist er niet zelf over.")}
        )
    locked.status = ListStatus.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.rejection_reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    _audit(actor=actor, action="retention.list_reject", destruction_list=locked, request=request)
    return locked


# --- the municipality's terms ------------------------------------------------------------------

MIN_YEARS, MAX_YEARS = 1, 100


@transaction.atomic
def retention_term_decide(
    *,
    actor: User,
    municipality: Municipality,
    record_type: str,
    years: int,
    decision_reference: str,
    effective_from: date,
    below_default_confirmed: bool = False,
    request: HttpRequest | None = None,
) -> RetentionTermDecision:
    """Record the municipality's decision on a term; it supersedes the earlier ones from
    `effective_from` on. Saved with its audit row; never changed afterwards.

    A term shorter than the default (for dossiers the Selectielijst's) destroys records earlier
    than the source allows unless the decision says so on purpose: the admin confirms it
    explicitly, and the audit row records that they did.
    """
    # The municipality row serialises decisions with each other and with the nightly draft.
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    if not is_functional_admin(actor, municipality.pk):
        raise PermissionError(_("Alleen een functioneel beheerder van deze gemeente mag dit."))
    errors: dict[str, list[str]] = {}
    if record_type == RecordType.LOGIN_LOG:
        # One term for the installation: a login row is shared by the municipalities its user
        # works for, so one municipality's decision cannot set it.
        errors["record_type"] = [
            _(
                "De bewaartermijn van inloggegevens geldt voor de hele installatie "
                "(RETENTION_LOGIN_MONTHS); een gemeente stelt hem niet vast."
            )
        ]
    elif record_type not in RULES:
        errors["record_type"] = [_("Kies een soort gegevens.")]
    if not MIN_YEARS <= years <= MAX_YEARS:
        errors["years"] = [
            _("Een bewaartermijn ligt tussen %(min)s en %(max)s jaar.")
            % {"min": MIN_YEARS, "max": MAX_YEARS}
        ]
    reference = decision_reference.strip()
    if not reference:
        errors["decision_reference"] = [_("Vermeld het besluit waarop de termijn berust.")]
    below_default = record_type in RULES and years < RULES[record_type].default_years
    if below_default and not below_default_confirmed and "years" not in errors:
        errors["below_default_confirmed"] = [
            _(
                "%(years)s jaar is korter dan de standaardtermijn van %(default)s jaar "
                "(%(source)s). Bevestig dat het besluit deze kortere termijn vaststelt."
            )
            % {
                "years": years,
                "default": RULES[record_type].default_years,
                "source": RULES[record_type].source,
            }
        ]
    if "record_type" not in errors:
        latest = term_decision_latest(municipality_id=municipality.pk, record_type=record_type)
        # A decision may not reach back before the latest one: the history would contradict
        # itself (and lists drafted under the latest one would seem to follow the new one).
        if latest is not None and effective_from < latest.effective_from:
            errors["effective_from"] = [
                _(
                    "De ingangsdatum ligt vóór die van het laatste besluit (%(date)s, "
                    "%(reference)s); kies %(date)s of later."
                )
                % {
                    "date": latest.effective_from.strftime("%d-%m-%Y"),
                    "reference": latest.decision_reference,
                }
            ]
    if errors:
        raise ValidationError(errors)
    decision = RetentionTermDecision.objects.create(
        municipality=municipality,
        record_type=record_type,
        years=years,
        decision_reference=reference,
        effective_from=effective_from,
        entered_by=actor,
    )
    audit_record(
        actor=actor,
        action="retention.term_decided",
        obj=decision,
        request=request,
        municipality_code=municipality.cbs_code,
        purpose=PURPOSE,
        data={
            "record_type": record_type,
            "years": years,
            "effective_from": effective_from.isoformat(),
            "below_default": below_default,
        },
    )
    return decision


# --- carrying out ---------------------------------------------------------------------------


@transaction.atomic
def destruction_list_execute(*, list_id: int) -> DestructionCertificate:
    """Carry out an approved list in one transaction and write its verklaring. Idempotent."""
    destruction_list = (
        DestructionList.objects.select_for_update().select_related("municipality").get(pk=list_id)
    )
    if destruction_list.status == ListStatus.EXECUTED:
        return destruction_list.certificate
    if destruction_list.status != ListStatus.APPROVED:
        raise ValidationError({"status": _("Alleen een goedgekeurde lijst wordt uitgevoerd.")})
    items = list(destruction_list.items.select_related("term_decision").order_by("pk"))
    dossiers = [item for item in items if item.record_type == RecordType.HOUSEHOLD_DOSSIER]
    destroyed: set[int] = set()
    pseudonymised = 0
    for years in sorted({item.term_years for item in dossiers}):
        ids = [item.household_id for item in dossiers if item.term_years == years]
        for start in range(0, len(ids), BATCH):
            # Household rows are locked and re-checked inside: a reopened dossier is skipped.
            done = households_destroy(
                municipality_id=destruction_list.municipality_id,
                household_ids=ids[start : start + BATCH],
                closed_on_or_before=years_before(destruction_list.reference_date, years),
            )
            # The doorbraken keep pointing at the shells, without their text.
            pseudonymised += breakthroughs_pseudonymise(household_ids=done)
            destroyed.update(done)
    for item in dossiers:
        item.outcome = ItemOutcome.DONE if item.household_id in destroyed else ItemOutcome.SKIPPED
    municipality = destruction_list.municipality
    for item in items:
        if item.record_type == RecordType.AUDIT_LOG:
            rows = audit_rows_due(
                municipality=municipality,
                cutoff=item.cutoff,
                reference_date=destruction_list.reference_date,
            )
        elif item.record_type == RecordType.LOGIN_LOG:
            rows = login_rows_due(municipality=municipality, cutoff=item.cutoff)
        else:
            continue
        ids = list(rows.values_list("pk", flat=True))
        item.count = audit_remove_personal_data(ids=ids, cutoff=item.cutoff)
        item.outcome = ItemOutcome.DONE
    DestructionListItem.objects.bulk_update(items, ["outcome", "count"], batch_size=1000)
    destruction_list.status = ListStatus.EXECUTED
    destruction_list.executed_at = timezone.now()
    destruction_list.save(update_fields=["status", "executed_at"])
    content = certificate_content(destruction_list, items, pseudonymised=pseudonymised)
    certificate = DestructionCertificate.objects.create(
        destruction_list=destruction_list,
        number=content["nummer"],
        content=content,
        sha256=hashlib.sha256(canonical_json(content).encode()).hexdigest(),
    )
    _audit(
        actor=None,
        action="retention.list_execute",
        destruction_list=destruction_list,
        data={"certificate": certificate.number, **content["totalen"]},
    )
    return certificate


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return f"{user.get_full_name() or user.get_username()} ({user.get_username()})"


def _term_basis(item: DestructionListItem) -> dict[str, str | None]:
    """What set the term: the decision's reference and date (not who entered it: no person)."""
    decision = item.term_decision
    return {
        "soort": str(item.term_source),
        "besluit": decision.decision_reference if decision else None,
        "geldt_vanaf": decision.effective_from.isoformat() if decision else None,
    }


def certificate_content(
    destruction_list: DestructionList, items: list[DestructionListItem], *, pseudonymised: int
) -> dict[str, Any]:
    """The verklaring: categories, counts, terms, dates, who proposed and approved. No household,
    no member, no id of either: only numbers per category."""
    municipality = destruction_list.municipality
    categories = []
    for record_type in RecordType:
        rows = [item for item in items if item.record_type == record_type]
        if not rows:
            continue
        rule = rule_for(record_type)
        outcomes = Counter(item.outcome for item in rows)
        started = sorted(item.term_started_on for item in rows)
        if record_type in (RecordType.AUDIT_LOG, RecordType.LOGIN_LOG):
            done = sum(item.count for item in rows)
            skipped = 0
        else:
            done, skipped = outcomes[ItemOutcome.DONE], outcomes[ItemOutcome.SKIPPED]
        # Login data in months (Selectielijst 19.1.24), the others in years.
        term = (
            {"bewaartermijn_maanden": rows[0].term_months}
            if record_type == RecordType.LOGIN_LOG
            else {"bewaartermijn_jaren": rows[0].term_years}
        )
        categories.append(
            {
                "soort": record_type.value,
                "omschrijving": str(record_type.label),
                "handeling": str(RetentionAction(rule.action).label),
                "omvat": str(rule.covers),
                **term,
                "termijn_telt_vanaf": str(rule.counts_from),
                "bron": rule.source,
                # One draft, one term per record type: its first line speaks for all.
                "grondslag_termijn": _term_basis(rows[0]),
                "termijn_gestart_van": started[0].isoformat(),
                "termijn_gestart_tot_en_met": started[-1].isoformat(),
                "aantal_uitgevoerd": done,
                "aantal_overgeslagen": skipped,
            }
        )
    executed = timezone.localtime(destruction_list.executed_at)
    return {
        "nummer": f"VV-{municipality.cbs_code}-{destruction_list.pk:06d}",
        "gemeente": {"cbs_code": municipality.cbs_code, "naam": municipality.name},
        "vernietigingslijst": destruction_list.pk,
        "peildatum": destruction_list.reference_date.isoformat(),
        "opgesteld_op": timezone.localtime(destruction_list.created_at).isoformat(),
        "voorgesteld_door": _person(destruction_list.proposed_by),
        "voorgesteld_op": timezone.localtime(destruction_list.proposed_at).isoformat(),
        "goedgekeurd_door": _person(destruction_list.decided_by),
        "goedgekeurd_op": timezone.localtime(destruction_list.decided_at).isoformat(),
        "uitgevoerd_op": executed.isoformat(),
        "categorieen": categories,
        "totalen": {
            "dossiers_vernietigd": sum(
                c["aantal_uitgevoerd"]
                for c in categories
                if c["soort"] == RecordType.HOUSEHOLD_DOSSIER
            ),
            "dossiers_overgeslagen": sum(
                c["aantal_overgeslagen"]
                for c in categories
                if c["soort"] == RecordType.HOUSEHOLD_DOSSIER
            ),
            "doorbraken_gepseudonimiseerd": pseudonymised,
            "auditregels_zonder_persoonsgegevens": sum(
                c["aantal_uitgevoerd"] for c in categories if c["soort"] == RecordType.AUDIT_LOG
            ),
            "inlogregels_zonder_persoonsgegevens": sum(
                c["aantal_uitgevoerd"] for c in categories if c["soort"] == RecordType.LOGIN_LOG
            ),
        },
        "verklaring": _(
            "De gemeente %(name)s verklaart dat de hierboven genoemde gegevens op %(date)s zijn "
            "vernietigd of ontdaan van persoonsgegevens, na afloop van hun bewaartermijn en na "
            "goedkeuring door twee functioneel beheerders. Samengestelde signaalcijfers en "
            "verzonden signaalrapportages zijn bewaard gebleven."
        )
        % {"name": municipality.name, "date": executed.strftime("%d-%m-%Y")},
    }


def may_view_any(user: User) -> bool:
    """Functional admins and auditors see the lists of their municipality (even when empty)."""
    return Membership.objects.filter(
        user=user, role__in=[Role.FUNCTIONAL_ADMIN, Role.AUDITOR]
    ).exists()
