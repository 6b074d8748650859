from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import ProfileForm, SignUpForm, client_address


@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Open to anyone: an account is how an applicant starts. The answer is the same for an address that has
    an account already (its owner is e-mailed instead), so the page tells nobody who is registered."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                client=client_address(request),
                **form.profile(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
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
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.confirm_email(user=user, new_password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("profile")
    return render(request, "users/profile.html", {"form": form})
