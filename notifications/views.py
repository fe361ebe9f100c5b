"""Placeholder: being built."""

from django.http import HttpResponse


def notification_list(request):
    return HttpResponse("Not built yet.", status=501)


def mark_read(request, pk):
    return HttpResponse("Not built yet.", status=501)


def mark_all_read(request):
    return HttpResponse("Not built yet.", status=501)
