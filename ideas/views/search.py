"""Placeholder: being built."""

from django.http import HttpResponse


def search(request):
    return HttpResponse("Not built yet.", status=501)


def similar_ideas(request):
    return HttpResponse("Not built yet.", status=501)
