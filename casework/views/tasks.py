"""The team lead's task list: possible duplicate BSNs, to be sorted out with the other team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.selectors import bsn_tasks_open
from casework.services import bsn_task_resolve, record_task_list
from core.permissions import access_for


def _require_team_lead(request: HttpRequest) -> None:
    if not access_for(request).is_team_lead:
        raise PermissionDenied


@login_required
@require_GET
def task_list_view(request: HttpRequest) -> HttpResponse:
    _require_team_lead(request)
    tasks = list(bsn_tasks_open(user=request.user))
    record_task_list(actor=request.user, request=request, count=len(tasks))
    return render(request, "casework/task_list.html", {"tasks": tasks})


@login_required
@require_POST
def task_resolve_view(request: HttpRequest, task_id: int) -> HttpResponse:
    _require_team_lead(request)
    task = bsn_tasks_open(user=request.user).filter(pk=task_id).first()
    if task is None:
        raise Http404
    bsn_task_resolve(actor=request.user, task=task, request=request)
    messages.success(request, _("De taak is afgehandeld."))
    return redirect("casework:tasks")
