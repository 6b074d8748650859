from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.uploads import download_response

from . import registry
from .models import Job, State

REFRESH_SECONDS = 2


def _job(request, pk):
    return get_permitted_or_404(request.user, "jobs.view_job", Job.objects.select_related("cohort"), pk=pk)


@login_required
def detail(request, pk):
    """How far the job has got; the page refreshes itself (or, with JavaScript, updates) until it is done."""
    job = _job(request, pk)
    kind = registry.get(job.kind)
    context = {
        "job": job,
        "kind": {"label": kind.label, "back_url": kind.back(job), "back_label": kind.back_label},
        "refresh": REFRESH_SECONDS,
    }
    return render(request, "jobs/detail.html", context)


@login_required
def status(request, pk):
    """The job's progress as JSON, for static/js/progress.js."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.is_finished,
        }
    )


@login_required
def download(request, pk):
    job = _job(request, pk)
    if job.state != State.DONE or not job.file:
        raise Http404
    return download_response(request, job)
