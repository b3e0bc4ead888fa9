"""The ZRM assessment service."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

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
    member: Member | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Record a ZRM 2017 assessment; a complete one has all 13 domains."""
    from casework.constants import ZrmDomain

    lock_household(household)
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
    touch_household(household, expected_version=None)
    audit_change(
        actor=actor,
        action="assessment.create",
        household=household,
        obj=assessment,
        request=request,
    )
    return assessment
