"""Placeholder: being built."""

from django.http import HttpResponse


def change_status(request, pk):
    return HttpResponse("Not built yet.", status=501)


def assign_owner(request, pk):
    return HttpResponse("Not built yet.", status=501)


def reroute(request, pk):
    return HttpResponse("Not built yet.", status=501)


def merge(request, pk):
    return HttpResponse("Not built yet.", status=501)
