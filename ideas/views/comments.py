"""Placeholder: being built."""

from django.http import HttpResponse


def observation_comment(request, pk):
    return HttpResponse("Not built yet.", status=501)


def idea_comment(request, pk):
    return HttpResponse("Not built yet.", status=501)


def mention_suggestions(request):
    return HttpResponse("Not built yet.", status=501)
