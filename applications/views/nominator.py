"""The nomination form behind the e-mailed link, for a nominator without an account."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from cto_mentor.forms import bound

from .. import forms, selectors, services
from ._common import GET_POST


@GET_POST
def nominate(request, token):
    """The nomination form behind the e-mailed link: no login; the link is checked on every request."""
    found = selectors.nomination_for_token(token)
    try:
        found = services.check_nomination_link(nomination=found)
    except ValidationError as error:
        return render(request, "applications/nominate_closed.html", {"reason": error.messages[0]}, status=410)
    form = forms.NominationForm(bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_nomination(nomination=found, **form.cleaned_data)
        except ValidationError as error:
            return render(
                request, "applications/nominate_closed.html", {"reason": error.messages[0]}, status=410
            )
        return render(request, "applications/nominate_thanks.html", {"nomination": found})
    context = {
        "nomination": found,
        "application": found.application,
        "cohort": found.application.cohort,
        "form": form,
    }
    return render(request, "applications/nominate.html", context)
