"""Placeholder: being built."""

from django.http import HttpResponse


def observation_list(request):
    return HttpResponse("Not built yet.", status=501)


def observation_new(request):
    return HttpResponse("Not built yet.", status=501)


def observation_detail(request, pk):
    return HttpResponse("Not built yet.", status=501)


def observation_edit(request, pk):
    return HttpResponse("Not built yet.", status=501)
