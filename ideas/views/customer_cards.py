"""Tell-your-customer cards: my cards, and "Told them"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import verified_email_required
from forum.navigation import safe_next
from ideas import customer_cards
from ideas.models import CustomerCard

PAGE_SIZE = 20


@login_required
def card_list(request):
    """My cards, those still to tell first. Queries: the count, the page of cards
    with their ideas, their observations' words."""
    page = Paginator(customer_cards.cards_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = customer_cards.load_words(page.object_list)
    return render(request, "ideas/customer_cards.html", {"page": page})


@require_POST
@verified_email_required
def told_them(request, pk):
    """Only the card's person: anyone else's card is not found (404), as if it did
    not exist, so cards tell nobody who was evidence."""
    card = get_object_or_404(
        CustomerCard.objects.for_person(request.user).select_related("idea"), pk=pk
    )
    customer_cards.mark_told(card=card, by=request.user)
    if not request.htmx:
        messages.success(request, "Thank you for closing the loop with your customer.")
        return redirect(safe_next(request, card.get_absolute_url()))
    customer_cards.load_words([card])
    return render(request, "ideas/_customer_card.html", {"card": card, "just_told": True})
