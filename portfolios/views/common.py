"""What the views of the portfolio app share: parsing helpers and the object lookups."""

from django.core.exceptions import ValidationError

from cto_mentor.permissions import get_permitted_or_404

from ..models import Artifact, Portfolio, Reflection

PORTFOLIOS = Portfolio.objects.select_related("cohort", "candidate")
ENTRY_MODELS = {"artifacts": Artifact, "reflections": Reflection}


def posted(request):
    return request.POST if request.method == "POST" else None


def show_refusal(form, error: ValidationError):
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def portfolio_or_404(request, perm, pk):
    return get_permitted_or_404(request.user, perm, PORTFOLIOS, pk=pk)
