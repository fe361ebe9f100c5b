"""Placeholder: being built."""

from django.http import HttpResponse


def seen_this_too(request, pk):
    return HttpResponse("Not built yet.", status=501)


def vote(request, pk):
    return HttpResponse("Not built yet.", status=501)


def follow(request, pk):
    return HttpResponse("Not built yet.", status=501)
