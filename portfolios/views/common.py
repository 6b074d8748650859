"""What the views of the portfolio app share: the object lookups."""

from cto_mentor.permissions import get_permitted_or_404

from ..models import Artifact, Portfolio, Reflection

PORTFOLIOS = Portfolio.objects.select_related("cohort", "candidate")
ENTRY_MODELS = {"artifacts": Artifact, "reflections": Reflection}


def portfolio_or_404(request, perm, pk):
    return get_permitted_or_404(request.user, perm, PORTFOLIOS, pk=pk)
