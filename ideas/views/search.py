"""/search/ and the similar-ideas suggestions of the new-idea form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from ideas import search as searching
from ideas.filters import existing_tag_names, team_labels


@login_required
def search(request):
    form = searching.SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "q": q,
        "results": searching.search(q=q, user=request.user),
        "per_type": searching.PER_TYPE,
        "full_text": searching.uses_full_text(),
    }
    # As-you-type requests get the results only; a history restore needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, "ideas/search.html#results" if partial else "ideas/search.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def similar_ideas(request):
    ideas = searching.similar_ideas(title=request.GET.get("title", ""), user=request.user)
    return render(request, "ideas/_similar_ideas.html", {"similar_ideas": ideas})


@login_required
def tag_names(request):
    """The tag picker's options (the filter form's <datalist>), fetched on first focus."""
    return render(request, "ideas/_tag_names.html", {"names": existing_tag_names()})


@login_required
def team_names(request):
    """The team picker's options, fetched on first focus: hundreds of teams would
    otherwise weigh on every list page."""
    return render(request, "ideas/_team_names.html", {"teams": team_labels()})
