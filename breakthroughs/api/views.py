"""The breakthrough API: proposals, steps, history, queues and budget pots.

Scoping comes from `breakthroughs.selectors` (404 outside the caller's reach); writes go through
`breakthroughs.services` (`budget_pot_save` for pots), which audit them.

Status codes of a refused step (`POST breakthroughs/{id}/transitions/`), all problem details:
- 400 `invalid`: a field is missing or wrong (e.g. no motivation); `invalidParams` names it.
- 403 `permission_denied`: the caller's role may not take this step on this item.
- 409 `stale`: the status changed since the caller read it (`expected_status` differs);
  409 `not_allowed`: the step does not exist from the current status; 409 `not_draft` on updates.
- 422 `above_mandate`: the cost exceeds the team lead's mandate (escalate instead);
  422 `budget_exhausted`: the pot has too little left (escalate, or as board send
  `allow_overrun: true`). The request was understood and the item is current, but a business rule
  refuses it: sending it again unchanged will not help.
Nothing changes when a step is refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from breakthroughs import selectors
from breakthroughs.api import serializers as s
from breakthroughs.constants import Status
from breakthroughs.models import Breakthrough, BudgetPot
from breakthroughs.services import (
    TransitionError,
    breakthrough_propose,
    breakthrough_transition,
    breakthrough_update_draft,
    budget_pot_save,
    record_list,
    record_queue,
    record_read,
)
from breakthroughs.workflow import Step
from casework.models import Assessment
from core.api.problems import ProblemResponses, problem_response
from core.models import Municipality, Role
from core.permissions import access_for

TAG = "doorbraken"
TRANSITION_STATUS = {
    "stale": status.HTTP_409_CONFLICT,
    "not_allowed": status.HTTP_409_CONFLICT,
    "not_draft": status.HTTP_409_CONFLICT,
    "permission_denied": status.HTTP_403_FORBIDDEN,
    "above_mandate": status.HTTP_422_UNPROCESSABLE_ENTITY,
    "budget_exhausted": status.HTTP_422_UNPROCESSABLE_ENTITY,
}
PROBLEM_TEXT = {
    400: gettext_lazy("Ongeldige invoer; invalidParams noemt de velden. Er is niets gewijzigd."),
    403: gettext_lazy("Uw rol mag dit niet (code permission_denied bij een stap)."),
    404: gettext_lazy("Bestaat niet, of valt buiten uw teams of het doorbraakteam."),
    409: gettext_lazy(
        "Conflict met de huidige status: stale (intussen gewijzigd; lees opnieuw), not_allowed "
        "(stap kan niet vanuit deze status) of not_draft (alleen een concept wijzigt)."
    ),
    422: gettext_lazy(
        "Een bedrijfsregel weigert de stap: above_mandate (boven het mandaat van de teamleider; "
        "zet door) of budget_exhausted (budget ontoereikend; zet door, of sta als doorbraakteam "
        "een overschrijding toe met allow_overrun)."
    ),
}
TITLE_422 = gettext_lazy("Niet toegestaan volgens de regels van mandaat en budget.")
EVALUATION_FIELDS = frozenset(
    {"goal_reached", "follow_up_assessment", "doormodderen_after_yearly_cost", "notes"}
)


problems, ok = ProblemResponses(PROBLEM_TEXT).pair()


class TransitionProblemsMixin:
    """Service exceptions as problem details (see the module docstring for the codes)."""

    request: Request

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, TransitionError):
            code = TRANSITION_STATUS.get(exc.code, status.HTTP_409_CONFLICT)
            response = problem_response(
                status_code=code,
                code=exc.code,
                detail=exc.message,
                instance=self.request.get_full_path(),
            )
            if code == status.HTTP_422_UNPROCESSABLE_ENTITY:
                response.data["title"] = str(TITLE_422)
            return response
        if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
            exc = ValidationError(
                {
                    ("non_field_errors" if key == NON_FIELD_ERRORS else key): messages
                    for key, messages in exc.message_dict.items()
                }
            )
        return super().handle_exception(exc)  # type: ignore[misc]


def _require_case_role(request: Request) -> None:
    if not access_for(request).can_see_cases:
        raise PermissionDenied(_("Alleen professionals en teamleiders stellen doorbraken voor."))


STATUS_PARAM = OpenApiParameter(
    "status", str, enum=Status.values, description="Alleen doorbraken met deze status."
)
HOUSEHOLD_PARAM = OpenApiParameter("household", int, description="Alleen van dit huishouden.")


@extend_schema_view(
    list=extend_schema(
        summary="Doorbraken zoeken",
        description=(
            "De doorbraken van uw teams; voor het doorbraakteam de doorgezette doorbraken van de "
            "gemeente en die u besliste. Nieuwste eerst, gepagineerd."
        ),
        parameters=[STATUS_PARAM, HOUSEHOLD_PARAM],
        responses=ok(s.BreakthroughListSerializer(many=True)),
    ),
    create=extend_schema(
        summary="Doorbraak voorstellen",
        description=(
            "Legt een voorstel vast als concept, of dient het meteen in (`submit: true`). Een "
            "afgesloten huishouden, een bedrag van nul of minder of een onbekend budget geeft 400 "
            "en er wordt niets opgeslagen."
        ),
        request=s.ProposalCreateSerializer,
        responses=ok(s.BreakthroughSerializer, 400, 403, 409, code=201),
    ),
    retrieve=extend_schema(
        summary="Doorbraak inzien",
        description=(
            "Alle velden, de status met mandaat en termijn, de evaluatie en de stappen die u nu "
            "mag zetten. Het lezen wordt gelogd."
        ),
        responses=ok(s.BreakthroughSerializer, 404),
    ),
    update=extend_schema(
        summary="Concept vervangen",
        description="Vervangt alle velden van een concept. Alleen een concept wijzigt (anders 409).",
        request=s.ProposalSerializer,
        responses=ok(s.BreakthroughSerializer, 400, 403, 404, 409),
    ),
    partial_update=extend_schema(
        summary="Concept wijzigen",
        description="Wijzigt de meegestuurde velden van een concept (anders 409 not_draft).",
        request=s.ProposalSerializer,
        responses=ok(s.BreakthroughSerializer, 400, 403, 404, 409),
    ),
    transitions=extend_schema(
        summary="Stap zetten",
        description=(
            "Zet één stap: submit, withdraw, approve, reject, escalate, carry_out of evaluate. "
            "Stuur de status mee die u zag (`expected_status`). Besluiten vragen een motivering. "
            "Codes bij weigering: 400 invoer, 403 permission_denied, 409 stale/not_allowed, "
            "422 above_mandate/budget_exhausted. Bij een weigering verandert er niets."
        ),
        request=s.TransitionSerializer,
        responses=ok(s.BreakthroughSerializer, 400, 403, 404, 409, 422),
    ),
    history=extend_schema(
        summary="Statusgeschiedenis",
        description="Alle stappen, oudste eerst: wie, wanneer, van en naar welke status, motivering.",
        responses=ok(s.TransitionRecordSerializer(many=True), 404),
    ),
)
@extend_schema(tags=[TAG])
class BreakthroughViewSet(
    TransitionProblemsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.BreakthroughSerializer
    queryset = Breakthrough.objects.none()
    # Ids are integers: anything else is no route (404), never int("abc") in a view (500).
    lookup_value_converter = "int"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Breakthrough.objects.none()
        status_filter = self.request.query_params.get("status", "")
        household = self.request.query_params.get("household", "")
        return selectors.breakthrough_list(
            user=self.request.user,
            status=status_filter if status_filter in Status.values else "",
            household_id=int(household) if household.isdigit() else None,
        )

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return s.BreakthroughListSerializer
        return s.BreakthroughSerializer

    def _get(self) -> Breakthrough:
        return selectors.breakthrough_get(
            user=self.request.user, breakthrough_id=int(self.kwargs["pk"])
        )

    def _record_read(self, breakthrough: Breakthrough, what: str) -> None:
        record_read(
            actor=self.request.user,
            action=what,
            obj=breakthrough,
            household_id=breakthrough.household_id,
            request=self.request,
        )

    def _render(self, breakthrough: Breakthrough, code: int = status.HTTP_200_OK) -> Response:
        serializer = s.BreakthroughSerializer(breakthrough, context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Like the web list: who looked, with which filters (never their values).
        record_list(
            actor=request.user,
            request=request,
            filters=sorted(k for k in ("status", "household") if request.query_params.get(k)),
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        breakthrough = self._get()
        self._record_read(breakthrough, "breakthrough.read")
        return self._render(breakthrough)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_case_role(request)
        serializer = s.ProposalCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household = data.pop("household")
        submit = data.pop("submit")
        data["rules_checked"] = [dict(rule) for rule in data.get("rules_checked", [])]
        breakthrough = breakthrough_propose(
            actor=request.user, household=household, data=data, submit=submit, request=request
        )
        return self._render(breakthrough, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_case_role(request)
        breakthrough = self._get()
        if not selectors.can_see_household(access=access_for(request), breakthrough=breakthrough):
            raise Http404
        partial = kwargs.pop("partial", False)
        serializer = s.ProposalSerializer(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "rules_checked" in data:
            data["rules_checked"] = [dict(rule) for rule in data["rules_checked"]]
        updated = breakthrough_update_draft(
            actor=request.user, breakthrough=breakthrough, data=data, request=request
        )
        return self._render(updated)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        breakthrough = self._get()
        serializer = s.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evaluation = dict(data["evaluation"]) if data.get("evaluation") else None
        if data["step"] == Step.EVALUATE and evaluation is None:
            raise ValidationError({"evaluation": [_("Geef de evaluatie mee (goal_reached).")]})
        if evaluation and evaluation.get("follow_up_assessment") is not None:
            assessment = Assessment.objects.filter(
                pk=evaluation["follow_up_assessment"], household_id=breakthrough.household_id
            ).first()
            if assessment is None:
                raise ValidationError(
                    {
                        "evaluation": {
                            "follow_up_assessment": [
                                _("Deze ZRM-meting hoort niet bij dit huishouden.")
                            ]
                        }
                    }
                )
            evaluation["follow_up_assessment"] = assessment
        try:
            updated = breakthrough_transition(
                actor=request.user,
                breakthrough_id=breakthrough.pk,
                step=data["step"],
                expected_status=data["expected_status"],
                motivation=data["motivation"],
                allow_overrun=data["allow_overrun"],
                evaluation=evaluation,
                request=request,
            )
        except DjangoValidationError as exc:
            errors: dict[str, Any] = {}
            for key, messages in exc.message_dict.items():
                if key in EVALUATION_FIELDS:
                    errors.setdefault("evaluation", {})[key] = messages
                else:
                    errors["non_field_errors" if key == NON_FIELD_ERRORS else key] = messages
            raise ValidationError(errors) from exc
        return self._render(updated)

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        breakthrough = self._get()
        self._record_read(breakthrough, "breakthrough.history.read")
        items = selectors.breakthrough_history(breakthrough)
        return Response(s.TransitionRecordSerializer(items, many=True).data)


class _QueueView(ListAPIView):
    serializer_class = s.QueueItemSerializer
    permission_classes = [permissions.IsAuthenticated]
    required_role = ""
    queue = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        record_queue(actor=request.user, request=request, queues=[self.queue])
        return response

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Breakthrough.objects.none()
        if not access_for(self.request).has_role(self.required_role):
            raise PermissionDenied(_("Deze wachtrij hoort niet bij uw rol."))
        return self.select(self.request)

    def select(self, request: Request) -> Any:
        raise NotImplementedError


@extend_schema(
    tags=[TAG],
    summary="Wachtrij teamleider",
    description=(
        "Ingediende voorstellen van de teams die u leidt: acuut eerst, dan op termijn; met "
        "`is_overdue` (termijn verstreken) en `above_mandate` (boven uw mandaat)."
    ),
    responses=ok(s.QueueItemSerializer(many=True), 403),
)
class TeamQueueView(_QueueView):
    required_role = Role.TEAM_LEAD
    queue = "team"

    def select(self, request: Request) -> Any:
        return selectors.team_queue(user=request.user)


@extend_schema(
    tags=[TAG],
    summary="Wachtrij doorbraakteam",
    description="Doorgezette doorbraken van uw gemeente, op termijn (vroegste eerst).",
    responses=ok(s.QueueItemSerializer(many=True), 403),
)
class BoardQueueView(_QueueView):
    required_role = Role.BOARD_MEMBER
    queue = "board"

    def select(self, request: Request) -> Any:
        return selectors.board_queue(user=request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Budgetten",
        description=(
            "Per budget het bedrag, vastgelegd, uitgegeven en resterend. Functioneel beheerders "
            "zien alle budgetten van hun gemeente, teamleiders die van hun teams."
        ),
        responses=ok(s.BudgetPotSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="Budget inzien",
        description="Eén budget met de actuele stand.",
        responses=ok(s.BudgetPotSerializer, 404),
    ),
    create=extend_schema(
        summary="Budget aanmaken",
        description=(
            "Alleen functioneel beheerders. Het bedrag moet groter zijn dan nul; de naam is uniek "
            "per gemeente en jaar. Zonder team is het budget van het doorbraakteam."
        ),
        request=s.BudgetPotSerializer,
        responses=ok(s.BudgetPotSerializer, 400, 403, code=201),
    ),
    partial_update=extend_schema(
        summary="Budget wijzigen",
        description=(
            "Alleen functioneel beheerders. Het bedrag kan niet lager dan wat al is vastgelegd "
            "en uitgegeven."
        ),
        request=s.BudgetPotSerializer,
        responses=ok(s.BudgetPotSerializer, 400, 403, 404),
    ),
)
@extend_schema(tags=["budgetten"])
class BudgetPotViewSet(
    TransitionProblemsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.BudgetPotSerializer
    queryset = BudgetPot.objects.none()
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return BudgetPot.objects.none()
        return selectors.pots_visible_to(self.request.user)

    def _admin_municipality(self) -> Municipality:
        for membership in access_for(self.request).memberships:
            if membership.role == Role.FUNCTIONAL_ADMIN:
                return membership.municipality
        raise PermissionDenied(_("Alleen functioneel beheerders beheren budgetten."))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        municipality = self._admin_municipality()
        serializer = s.BudgetPotSerializer(
            data=request.data, context={"municipality": municipality}
        )
        serializer.is_valid(raise_exception=True)
        pot = budget_pot_save(
            actor=request.user,
            municipality=municipality,
            data=serializer.validated_data,
            request=request,
        )
        return Response(s.BudgetPotSerializer(pot).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._admin_municipality()
        pot = selectors.pot_get_for_admin(user=request.user, pot_id=int(kwargs["pk"]))
        serializer = s.BudgetPotSerializer(
            pot, data=request.data, partial=True, context={"municipality": pot.municipality}
        )
        serializer.is_valid(raise_exception=True)
        data = {"amount": pot.amount, **serializer.validated_data}
        pot = budget_pot_save(
            actor=request.user,
            municipality=pot.municipality,
            data=data,
            pot=pot,
            request=request,
        )
        return Response(s.BudgetPotSerializer(pot).data)
