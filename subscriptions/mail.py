"""The messages subscribers get: plain text and HTML, in their language, no tracking.

Every message about an item carries ``List-Unsubscribe`` (an https link that works without
logging in) and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), so mail
clients show their own "Unsubscribe" button; and a Message-ID made from the delivery, so a
message the outbox had to send again after a crash has the same identity.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from . import tokens
from .interests import lead


def site_url(path):
    return settings.CSTO_SITE_URL + path


def _domain():
    return urlsplit(settings.CSTO_SITE_URL).hostname or "localhost"


def links(subscriber, absolute=True):
    """The subscriber's own links, in their language: leave, and see or delete their data
    (absolute for mail, paths for the site's own pages)."""
    token = tokens.subscriber_token(subscriber)
    full = site_url if absolute else str
    with override(subscriber.language):
        return {
            "unsubscribe_url": full(reverse("subscriptions:unsubscribe", args=[token])),
            "data_url": full(reverse("subscriptions:data", args=[token])),
        }


def item_message(delivery, item, connection=None):
    subscriber = delivery.subscriber
    own = links(subscriber)
    with override(subscriber.language):
        context = {
            "title": item.title,
            "lead": lead(item),
            "url": site_url(item.get_absolute_url()),
            "correction": delivery.mailing.edition > 1,
            **own,
        }
        subject = render_to_string("subscriptions/mail/item_subject.txt", context).strip()
        text = render_to_string("subscriptions/mail/item.txt", context)
        html = render_to_string("subscriptions/mail/item.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{own['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<news.{_domain()}>",
            "Message-ID": f"<delivery-{delivery.pk}@{_domain()}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def confirm_message(subscriber, token, language):
    with override(language):
        context = {
            "confirm_url": site_url(reverse("subscriptions:confirm", args=[token])),
            "hours": settings.CSTO_SUBSCRIBE_CONFIRM_HOURS,
        }
        return _simple("confirm", context, subscriber.email)


def data_message(subscriber):
    with override(subscriber.language):
        return _simple("data", links(subscriber), subscriber.email)


def _simple(name, context, address):
    subject = render_to_string(f"subscriptions/mail/{name}_subject.txt", context).strip()
    text = render_to_string(f"subscriptions/mail/{name}.txt", context)
    html = render_to_string(f"subscriptions/mail/{name}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [address],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
