"""In-app notifications (with e-mail copies) for the deciders and the proposer."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from breakthroughs.constants import NotificationKind, Status
from breakthroughs.models import Breakthrough, Notification
from breakthroughs.workflow import Step
from core.events import publish_on_commit
from core.models import Membership, Role, User

# Published after the commit; BreakthroughsConfig.ready() subscribes the e-mail task.
NOTIFICATIONS_CREATED = "breakthroughs.notifications_created"


def deciders_of(breakthrough: Breakthrough) -> list[User]:
    if breakthrough.status == Status.ESCALATED:
        memberships = Membership.objects.filter(
            municipality_id=breakthrough.municipality_id, role=Role.BOARD_MEMBER
        )
    else:
        memberships = Membership.objects.filter(team_id=breakthrough.team_id, role=Role.TEAM_LEAD)
    return [m.user for m in memberships.select_related("user") if m.user.is_active]


def notify(*, users: list[User], breakthrough: Breakthrough, kind: str, text: str) -> None:
    notifications = Notification.objects.bulk_create(
        Notification(user=user, breakthrough=breakthrough, kind=kind, text=text) for user in users
    )
    ids = [n.pk for n in notifications]
    if ids:
        publish_on_commit(NOTIFICATIONS_CREATED, notification_ids=ids)


def notify_after(*, breakthrough: Breakthrough, step: str) -> None:
    label = _("Doorbraak %(id)s") % {"id": breakthrough.pk}
    if step in (Step.SUBMIT, Step.ESCALATE):
        kind = NotificationKind.SUBMITTED if step == Step.SUBMIT else NotificationKind.ESCALATED
        due = timezone.localtime(breakthrough.due_at).strftime("%d-%m-%Y %H:%M")
        notify(
            users=deciders_of(breakthrough),
            breakthrough=breakthrough,
            kind=kind,
            text=_("%(label)s wacht op uw besluit (uiterlijk %(due)s).")
            % {"label": label, "due": due},
        )
    elif step in (Step.APPROVE, Step.REJECT):
        notify(
            users=[breakthrough.proposer],
            breakthrough=breakthrough,
            kind=NotificationKind.DECIDED,
            text=_("%(label)s is %(status)s.")
            % {"label": label, "status": breakthrough.get_status_display().lower()},
        )
