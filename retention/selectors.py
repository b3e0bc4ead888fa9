"""Reads of destruction lists, scoped to the user's municipalities (functional admin, auditor)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from core.models import Role, User
from core.permissions import access_for
from retention.models import DestructionList

VIEW_ROLES = (Role.FUNCTIONAL_ADMIN, Role.AUDITOR)


def destruction_lists_for(*, user: User | AnonymousUser) -> QuerySet[DestructionList]:
    municipalities = access_for(user).municipality_ids(VIEW_ROLES)
    return DestructionList.objects.filter(municipality_id__in=municipalities).select_related(
        "municipality", "proposed_by", "decided_by"
    )


def destruction_list_get(*, user: User | AnonymousUser, list_id: int) -> DestructionList:
    """The list, or 404 outside the user's municipalities (need-to-know, as elsewhere)."""
    found = destruction_lists_for(user=user).filter(pk=list_id).first()
    if found is None:
        raise Http404
    return found
