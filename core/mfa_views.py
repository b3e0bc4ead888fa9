"""Pages of the two-step login: set up the app, the second step after the password, recovery
codes and a reset. The work is in core.mfa; these only render and redirect."""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

import segno

from core import mfa
from core.forms import OtpCodeForm, OtpEnrolForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_svg(uri: str) -> str:
    """The otpauth URI as inline SVG: no image request, no script, nothing the CSP must allow."""
    return segno.make(uri, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=_("QR-code voor de authenticator-app")
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """The second step after the password."""
    if not mfa.enforced_for(request) or mfa.is_verified(request):
        return redirect(_next_url(request))
    if not mfa.has_device(request.user):  # type: ignore[arg-type]
        return redirect(f"{reverse('core:mfa-setup')}?{urlencode({'next': _next_url(request)})}")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = mfa.verify(request=request, code=form.cleaned_data["code"])
        if outcome == "ok":
            return redirect(_next_url(request))
        if outcome == "locked":
            messages.error(request, _("Te veel onjuiste codes. Log opnieuw in met uw wachtwoord."))
            return redirect(settings.LOGIN_URL)
        form.add_error("code", _("Deze code klopt niet of is al gebruikt. Probeer het opnieuw."))
    return render(
        request,
        "core/mfa_verify.html",
        {"form": form, "next": _next_url(request)},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def setup_view(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app, or (once set up) manage it."""
    user = request.user
    if mfa.has_device(user):  # type: ignore[arg-type]
        if mfa.enforced_for(request) and not mfa.is_verified(request):
            return redirect(
                f"{reverse('core:mfa-verify')}?{urlencode({'next': _next_url(request)})}"
            )
        return render(request, "core/mfa_manage.html", {"enforced": mfa.enforced_for(request)})
    device = mfa.enrolment_device(user)  # type: ignore[arg-type]
    form = OtpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_enrolment(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            messages.success(request, _("Tweestapsverificatie staat aan."))
            return render(
                request,
                "core/mfa_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "core/mfa_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
            "enforced": mfa.enforced_for(request),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@never_cache
@require_POST
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    codes = mfa.regenerate_recovery_codes(request=request)
    messages.success(request, _("U hebt nieuwe herstelcodes. De oude werken niet meer."))
    return render(
        request,
        "core/mfa_recovery_codes.html",
        {"codes": codes, "next": reverse("core:mfa-setup")},
    )


@login_required
@never_cache
@require_POST
def reset_view(request: HttpRequest) -> HttpResponse:
    mfa.reset(actor=request.user, user=request.user, request=request)  # type: ignore[arg-type]
    messages.info(request, _("Uw authenticator-app is verwijderd. Stel een nieuwe in."))
    return redirect("core:mfa-setup")
