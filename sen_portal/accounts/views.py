from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sen_portal.access import allow, any_signed_in_role, second_factor_exempt, with_next
from sen_portal.accounts import enrolment, services
from sen_portal.accounts.forms import SignInForm, TokenForm
from sen_portal.accounts.roles import STAFF_ROLES

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=SignInForm,
    redirect_authenticated_user=True,
)

logout = second_factor_exempt(
    allow(*any_signed_in_role())(require_POST(auth_views.LogoutView.as_view()))
)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration for inline use


@second_factor_exempt
@allow(*STAFF_ROLES)
def two_factor_setup(request):
    if request.user.has_confirmed_device():
        return redirect(with_next("accounts:two_factor_verify", request))
    if request.session.get(enrolment.SESSION_GRANT) != str(request.user.pk):
        # The password alone does not set up an authenticator: the emailed link does.
        if request.method == "POST":
            enrolment.enrolment_link_send(request=request)
            return render(
                request, "accounts/two_factor_link_sent.html", {"email": request.user.email}
            )
        return render(request, "accounts/two_factor_link.html")
    device = services.totp_device_for_enrolment(user=request.user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            request.session.pop(enrolment.SESSION_GRANT, None)
            messages.success(request, "Two-step verification is set up")
            return redirect(next_url(request))
        form.add_error("token", "The security code is not right. Check your app and try again")
    # The QR code is generated here and shown inline: the secret never leaves the page.
    secret = device.config_url
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(_qr_svg(secret)),  # noqa: S308 - made by qrcode from our own data
            "secret_key": _base32_key(device),
        },
    )


@second_factor_exempt
@allow(*STAFF_ROLES)
def two_factor_enrol(request, token):
    """The emailed one-time link: opened by the same signed-in person, it allows them to
    set up an authenticator in this session, on a URL without the token."""
    if request.user.has_confirmed_device():
        return redirect("accounts:two_factor_verify")
    if not enrolment.enrolment_link_use(request=request, token=token):
        return render(request, "accounts/two_factor_link_invalid.html", status=404)
    return redirect("accounts:two_factor_setup")


def _base32_key(device) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@second_factor_exempt
@allow(*STAFF_ROLES)
def two_factor_verify(request):
    if not request.user.has_confirmed_device():
        return redirect(with_next("accounts:two_factor_setup", request))
    if request.user.is_verified():
        return redirect(next_url(request))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(next_url(request))
        form.add_error("token", "The security code is not right. Check your app and try again")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def next_url(request) -> str:
    """Where to go after a two-step page: the ``next`` the sign-in carried here, only if
    it is a path on this site (never another host, ``//host`` or ``/\\host``), else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)
