"""The ZRM assessment service."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.constants import (
    ZRM_REASON_MAX_LENGTH,
    ZrmDomain,
    special_categories,
)
from casework.models import Assessment, AssessmentScore, Household, Member
from casework.services.common import audit_change, lock_household, touch_household
from core.models import User


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    household: Household,
    assessed_on: date,
    scores: Mapping[str, int],
    reasons: Mapping[str, str] | None = None,
    member: Member | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Record a ZRM 2017 assessment of only the domains that matter, each with its reason.

    Data minimisation (AVG art. 5(1)(c)): no domain is required, but every scored domain needs a
    reason, and a reason needs a score. Reasons of health, addiction and justice domains are
    scores and reasons are stored encrypted (special categories, AVG art. 9/10).
    """
    lock_household(household)
    reasons = {k: (v or "").strip() for k, v in (reasons or {}).items()}
    scores = {k: v for k, v in scores.items() if v is not None and v != ""}
    errors: dict[str, str] = {}
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = _("Een meting kan niet in de toekomst liggen.")
    for domain in ZrmDomain.values:
        value = scores.get(domain)
        reason = reasons.get(domain, "")
        if value is not None and not 1 <= int(value) <= 5:
            errors[f"scores.{domain}"] = _("Een score ligt tussen 1 en 5.")
        if value is not None and not reason:
            errors[f"reasons.{domain}"] = _("Geef aan waarom dit domein is ingevuld.")
        elif value is None and reason:
            errors[f"scores.{domain}"] = _("Geef een score bij deze reden, of laat de reden leeg.")
        if len(reason) > ZRM_REASON_MAX_LENGTH:
            errors[f"reasons.{domain}"] = _("Een reden is hoogstens %(max)s tekens.") % {
                "max": ZRM_REASON_MAX_LENGTH
            }
    for domain in (set(scores) | set(reasons)) - set(ZrmDomain.values):
        errors[f"scores.{domain}"] = _("Onbekend ZRM-domein.")
    if not scores and not errors:
        errors["scores"] = _("Vul ten minste één domein in.")
    if member is not None and member.household_id != household.pk:
        errors["member"] = _("Dit gezinslid hoort niet bij dit huishouden.")
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        household=household, member=member, assessed_on=assessed_on, assessed_by=actor
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore.for_domain(assessment, domain, int(scores[domain]), reasons[domain])
        for domain in ZrmDomain.values
        if domain in scores
    )
    latest = household.assessments.order_by("-assessed_on", "-id").first()
    Household.objects.filter(pk=household.pk).update(latest_assessment=latest)
    household.latest_assessment = latest
    touch_household(household, expected_version=None)
    audit_change(
        actor=actor,
        action="assessment.create",
        household=household,
        obj=assessment,
        request=request,
        data={"domains": sorted(scores), "special_categories": special_categories(scores)},
    )
    return assessment
