"""The review hand-off between the editor who writes an item and the publisher who releases it.

An editor submits a draft for review, with a note if they like; every publisher is told by
email and finds it on their desk (the admin's front page). A publisher publishes it (now, or
at its publication time: scheduled), or sends it back with a comment the editor sees on the
item and receives by email. Each step is a save of the item, so its history keeps who did
what and when, with the note.

The admin calls ``apply()`` from its buttons; mail goes out once the change is committed,
through the project's mail settings (``DJANGO_EMAIL_URL``). A mail server that refuses is
logged and does not undo the step: the desk shows it all the same.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .publishing import PublicationStatus, ReviewState
from .roles import PUBLISHER

logger = logging.getLogger(__name__)

SUBMIT, SEND_BACK, PUBLISH = "_submit_for_review", "_send_back", "_publish"
ACTIONS = (SUBMIT, SEND_BACK, PUBLISH)


def apply(action, item, user, may_publish):
    """Change ``item`` (not saved yet) for the review button ``action``; returns the
    message for the user, or None when ``action`` is not one this user may take."""
    if action == SUBMIT:
        item.review = ReviewState.SUBMITTED
        item._change_reason = "Submitted for review"
        return _("Submitted for review: the publishers have been told.")
    if not may_publish:
        return None
    if action == SEND_BACK:
        item.review = ReviewState.RETURNED
        item._change_reason = "Returned to the editor"
        return _("Sent back to the editor with your comment.")
    if action == PUBLISH:
        item.status = PublicationStatus.PUBLISHED
        item.review = ReviewState.NONE
        item._change_reason = "Published"
        if item.published_at > timezone.now():
            when = timezone.localtime(item.published_at).strftime("%d.%m.%Y %H:%M")
            return _("Scheduled: readers will see it from %(when)s.") % {"when": when}
        return _("Published: readers see it now.")
    return None


def tell(action, item, change_url, language):
    """After the commit, email whoever the step concerns (see the module docstring)."""
    if action == SUBMIT:
        recipients = list(
            get_user_model()
            .objects.filter(is_active=True, groups__name=PUBLISHER)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        with override(language):
            subject = _("For review: %(title)s") % {"title": item}
            body = _("%(who)s submitted “%(title)s” for review.") % {
                "who": _submitter(item) or _("An editor"),
                "title": item,
            }
    elif action == SEND_BACK:
        submitter = _submitter_user(item)
        recipients = [submitter.email] if submitter and submitter.email else []
        with override(language):
            subject = _("Returned to you: %(title)s") % {"title": item}
            body = _("The publisher sent “%(title)s” back to you.") % {"title": item}
    else:
        return
    if not recipients:
        return
    with override(language):
        note = item.review_note.strip()
        if note:
            body += "\n\n" + _("Note: %(note)s") % {"note": note}
        body += "\n\n" + _("Open it: %(url)s") % {"url": change_url}

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # the mail server refused or is away: the desk still shows it
            logger.exception("review mail for %s could not be sent", item)

    transaction.on_commit(send)


def _submitter_user(item):
    """Who last submitted ``item`` for review (from its history), else who created it."""
    record = (
        item.history.filter(review=ReviewState.SUBMITTED)
        .exclude(history_user=None)
        .select_related("history_user")
        .first()
    )
    return record.history_user if record else getattr(item, "created_by", None)


def _submitter(item):
    user = _submitter_user(item)
    return (user.get_full_name() or user.get_username()) if user else None
