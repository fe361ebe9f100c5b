"""Placeholder: being built."""

from django.http import HttpResponse


def wins(request):
    return HttpResponse("Not built yet.", status=501)
