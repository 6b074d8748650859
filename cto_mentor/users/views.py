from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cto_mentor.forms import bound, submitted

from . import services
from .forms import ProfileForm, SignUpForm, client_address


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Open to anyone: an account is how an applicant starts. The answer is the same for an address that has
    an account already (its owner is e-mailed instead), so the page tells nobody who is registered."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(bound(request))

    def create_account(data):
        services.sign_up(
            email=data["email"], password=data["password1"], client=client_address(request), **form.profile()
        )

    if submitted(request, form, create_account):
        request.session["signed_up_as"] = form.cleaned_data["email"]
        return redirect("sign_up_sent")
    return render(request, "registration/sign_up.html", {"form": form})


@require_http_methods(["GET"])
def sign_up_sent(request):
    return render(
        request, "registration/sign_up_sent.html", {"email": request.session.get("signed_up_as", "")}
    )


@require_http_methods(["GET", "POST"])
def verify_email(request, uidb64, token):
    """Confirm the address. Signed in to the account: done at once. Otherwise the person proves they read the
    mailbox but not that they chose the password, so they choose it here (which signs out any other session)."""
    user = services.user_for_link(uidb64, token)
    if user is None:
        return render(request, "registration/verify_email_invalid.html", status=410)
    if request.user.is_authenticated and request.user.pk == user.pk:
        services.confirm_email(user=user)
        messages.success(request, "Thank you: your e-mail address is confirmed.")
        return redirect("home")
    form = SetPasswordForm(user, bound(request))
    confirmed = []

    def confirm(data):
        confirmed.append(services.confirm_email(user=user, new_password=data["new_password1"]))

    if submitted(request, form, confirm):
        login(request, confirmed[0], backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Thank you: your e-mail address is confirmed and your password is set.")
        return redirect("home")
    return render(request, "registration/verify_email.html", {"form": form, "account": user})


@login_required
@require_POST
def resend_verification(request):
    if services.send_verification(user=request.user, client=client_address(request)):
        messages.success(request, f"We sent a new confirmation link to {request.user.email}.")
    else:
        messages.info(request, "No link was sent: your address is confirmed, or you asked too often today.")
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Each person edits only their own profile: the object is always request.user."""
    form = ProfileForm(bound(request), instance=request.user)
    if submitted(request, form, lambda data: form.save()):
        messages.success(request, "Your profile is saved.")
        return redirect("profile")
    return render(request, "users/profile.html", {"form": form})
