from django.http import HttpRequest

from core.navigation import nav_for
from core.permissions import access_for


def navigation(request: HttpRequest) -> dict[str, object]:
    if not hasattr(request, "user"):
        return {}
    return {"nav_items": nav_for(request), "access": access_for(request)}
