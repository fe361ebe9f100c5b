from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def preferences(request):
    return HttpResponse("preferences")


def accept_invitation(request, token):
    return HttpResponse("invitation")
