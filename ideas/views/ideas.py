"""Placeholder: being built."""

from django.http import HttpResponse


def idea_list(request):
    return HttpResponse("Not built yet.", status=501)


def idea_new(request):
    return HttpResponse("Not built yet.", status=501)


def idea_detail(request, pk):
    return HttpResponse("Not built yet.", status=501)


def idea_edit(request, pk):
    return HttpResponse("Not built yet.", status=501)


def link_evidence(request, pk):
    return HttpResponse("Not built yet.", status=501)
