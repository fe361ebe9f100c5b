"""Placeholder: being built."""

from django.http import HttpResponse


def triage_queue(request):
    return HttpResponse("Not built yet.", status=501)


def board(request):
    return HttpResponse("Not built yet.", status=501)
