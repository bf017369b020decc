"""Sign up, confirm, leave, and see or delete one's data: pages that answer every bad link
or form with a clear 4xx page and change nothing.

The pages never say whether an address is subscribed: a sign-up or a data request always
ends on the same "check your inbox" page, whatever the address, the limits or the honeypot
decided. Links are checked by ``tokens``; the leave link is also the RFC 8058 one-click
target, which mail providers POST without a cookie, so it takes no CSRF token: the signed
link is what allows it.
"""

import datetime
import json
import logging

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.security import client_ip

from . import mail, ratelimit, tokens
from .forms import AddressForm, SubscribeForm
from .interests import CHOICES
from .models import Subscriber, new_key

logger = logging.getLogger(__name__)


def _bad_link(request, error):
    """410 for a link that worked once (expired, used, its subscriber gone), else 400."""
    status = 410 if error.expired else 400
    return render(request, "subscriptions/bad_link.html", {"expired": error.expired}, status=status)


def _sent(request):
    return redirect("subscriptions:check_inbox")


def _client_allowed(request):
    return ratelimit.allow(
        "client", client_ip(request) or "unknown", settings.CSTO_SUBSCRIBE_PER_CLIENT
    )


def _too_many(request):
    response = render(request, "subscriptions/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


def _send_on_commit(message):
    def send():
        try:
            message.send()
        except Exception:  # logged; the page says the same either way
            logger.exception("subscription mail could not be sent")

    transaction.on_commit(send)


def _forget_unconfirmed():
    """Addresses that never confirmed are kept only while their link is valid."""
    hours = settings.CSTO_SUBSCRIBE_CONFIRM_HOURS
    Subscriber.objects.filter(
        confirmed_at=None, created_at__lt=timezone.now() - datetime.timedelta(hours=hours)
    ).delete()


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        form = SubscribeForm(initial={"language": get_language()})
        return render(request, "subscriptions/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST)
    if not _client_allowed(request):
        return _too_many(request)
    if not form.is_valid():
        return render(request, "subscriptions/subscribe.html", {"form": form}, status=400)
    if form.is_robot:
        return _sent(request)
    address = form.cleaned_data["email"]
    if ratelimit.allow("address", address, settings.CSTO_SUBSCRIBE_PER_ADDRESS):
        with transaction.atomic():
            _forget_unconfirmed()
            subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
                email=address, defaults={"language": form.cleaned_data["language"]}
            )
            subscriber.pending = new_key()
            subscriber.save(update_fields=["pending"])
            token = tokens.confirm_token(subscriber, form.choices())
            _send_on_commit(mail.confirm_message(subscriber, token, form.cleaned_data["language"]))
    return _sent(request)


@never_cache
def check_inbox(request):
    return render(request, "subscriptions/check_inbox.html")


def _pending_subscriber(token):
    data = tokens.read_confirm_token(token)
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None or not subscriber.pending or subscriber.pending != data.get("p"):
        raise tokens.BadLink(expired=True)  # used already, or replaced by a newer sign-up
    return subscriber, data


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    try:
        subscriber, data = _pending_subscriber(token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "GET":
        return render(request, "subscriptions/confirm.html", {"email": subscriber.email})
    languages = {code for code, _name in settings.LANGUAGES}
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.pending != data.get("p") or data.get("l") not in languages:
            return _bad_link(request, tokens.BadLink(expired=True))
        subscriber.language = data["l"]
        subscriber.all_news = bool(data.get("a"))
        subscriber.pending = ""
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.save()
        for name, model, _label in CHOICES:
            getattr(subscriber, name).set(model.objects.filter(pk__in=data.get(name) or []))
    return render(
        request,
        "subscriptions/confirmed.html",
        {"email": subscriber.email, "links": mail.links(subscriber, absolute=False)},
    )


def _subscriber_for(token):
    data = tokens.read_subscriber_token(token)
    subscriber = Subscriber.objects.filter(pk=data["s"], key=data.get("k")).first()
    if subscriber is None:
        raise tokens.BadLink(expired=True)  # left already (or never confirmed this one)
    return subscriber


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks; POST (the page's button, or a mail client's one-click) leaves: the
    subscriber and everything kept about them is deleted."""
    try:
        subscriber = _subscriber_for(token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "GET":
        return render(request, "subscriptions/unsubscribe.html", {"email": subscriber.email})
    subscriber.delete()
    return render(request, "subscriptions/unsubscribed.html")


def subscriber_data(subscriber):
    """Everything kept about a subscriber."""
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "all_news": subscriber.all_news,
        **{
            name: [str(obj) for obj in getattr(subscriber, name).all()]
            for name, _model, _label in CHOICES
        },
        "signed_up": subscriber.created_at.isoformat(),
        "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "messages_sent": subscriber.deliveries.filter(status="sent").count(),
    }


@never_cache
@require_http_methods(["GET"])
def data(request, token):
    """What is kept about the subscriber (also as JSON), with a button to delete it all."""
    try:
        subscriber = _subscriber_for(token)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    kept = subscriber_data(subscriber)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(kept, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="subscription.json"'
        return response
    # Plain values only: the page shows data, not the model.
    return render(
        request,
        "subscriptions/data.html",
        {
            "kept": kept,
            "language_name": subscriber.get_language_display(),
            "signed_up": subscriber.created_at,
            "confirmed": subscriber.confirmed_at,
            "links": mail.links(subscriber, absolute=False),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def request_data(request):
    """Ask for one's data by address: the link to it is mailed (if subscribed)."""
    if request.method == "GET":
        return render(request, "subscriptions/request_data.html", {"form": AddressForm()})
    form = AddressForm(request.POST)
    if not _client_allowed(request):
        return _too_many(request)
    if not form.is_valid():
        return render(request, "subscriptions/request_data.html", {"form": form}, status=400)
    address = form.cleaned_data["email"]
    if not form.is_robot and ratelimit.allow(
        "address", address, settings.CSTO_SUBSCRIBE_PER_ADDRESS
    ):
        subscriber = Subscriber.objects.filter(email=address, confirmed_at__isnull=False).first()
        if subscriber is not None:
            _send_on_commit(mail.data_message(subscriber))
    return _sent(request)
