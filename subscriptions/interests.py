"""What a subscriber may follow, and which subscribers an item concerns.

One place: the sign-up form offers ``CHOICES`` and the outbox asks ``audience(item)``.
Following a new kind of thing is one many-to-many field on ``Subscriber``, one entry in
``CHOICES`` and a line in the matching rule of the items it concerns.
"""

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from meetings.models import Body, Document, Meeting
from news.models import Article, Section
from topics.models import Topic

# (Subscriber field, model offered, heading on the form)
CHOICES = [
    ("sections", Section, _("Sections")),
    ("bodies", Body, _("Statutory bodies")),
    ("topics", Topic, _("Topics")),
]


def _tagged(item):
    """Its topics' followers (a subquery: the topics as saved in this transaction)."""
    return Q(topics__in=item.topics.values("pk"))


def _article(item):
    who = Q(all_news=True) | Q(sections=item.section_id) | _tagged(item)
    if item.meeting_id:
        who |= Q(bodies=item.meeting.body_id)
    return who


def _of_body(item):
    return Q(bodies=item.body_id) | _tagged(item)


# The content types sent to subscribers, and who follows each item.
AUDIENCE = {
    Article: _article,
    Meeting: _of_body,
    Document: _of_body,
}


def is_mailed(model):
    return model in AUDIENCE


def audience(item):
    """The condition on ``Subscriber`` for "this item concerns them"."""
    return AUDIENCE[type(item)](item)


def lead(item):
    """The few lines under the title in a message: the article's lead, or the start of a
    meeting's or document's summary (rich text, so only its words)."""
    text = getattr(item, "lead", "") or strip_tags(getattr(item, "summary", "") or "")
    return Truncator(" ".join(text.split())).words(60)
