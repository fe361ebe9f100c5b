"""CSV exports of the lists, for their current filters."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ideas.filters import IdeaFilterForm, ObservationFilterForm
from insights.exports import csv_lines, idea_export_rows, observation_export_rows


@login_required
@require_GET
def export_ideas(request):
    return _export(request, IdeaFilterForm, idea_export_rows, "ideas")


@login_required
@require_GET
def export_observations(request):
    return _export(request, ObservationFilterForm, observation_export_rows, "observations")


def _export(request, form_class, rows, noun):
    """The list's filters (the same query string) as a streamed CSV download."""
    form = form_class(request.GET, user=request.user)
    if not form.is_valid():
        problems = "; ".join(
            f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        return HttpResponseBadRequest(
            f"The export's filters are not valid. {problems}", content_type="text/plain"
        )
    response = StreamingHttpResponse(
        csv_lines(rows(form, request.user)), content_type="text/csv; charset=utf-8"
    )
    filename = f"frontline-{noun}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
