"""State transitions of documents: recording a step and keeping the current status right.

The admin (inlines and the bulk action), the demo loader and the tests all go through here
or through the model save/delete hooks that call the same refresh.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .models import Document, DocumentStep, StepStatus


def refresh_current_status(document):
    """Recompute ``document``'s current status and date from its steps (database and instance)."""
    Document.objects.filter(pk=document.pk).refresh_current_status()
    latest = (
        DocumentStep.objects.filter(document_id=document.pk)
        .order_by("-date", "-order", "-pk")
        .values("status", "date")
        .first()
    )
    document.current_status = latest["status"] if latest else ""
    document.current_status_date = latest["date"] if latest else None
    return document


@transaction.atomic
def record_step(document, *, status, date, meeting=None, body=None, note=""):
    """Add a step to ``document``'s path; it goes after the steps already on that day.

    The acting body defaults to the meeting's. Returns the new step; the document's current
    status (in the database and on ``document``) reflects it.
    """
    if status not in StepStatus.values:
        raise ValidationError(f"Unknown document status: {status!r}")
    same_day = DocumentStep.objects.filter(document=document, date=date).aggregate(
        last=Max("order")
    )["last"]
    step = DocumentStep(
        document=document,
        status=status,
        date=date,
        order=0 if same_day is None else same_day + 1,
        meeting=meeting,
        body=body if body is not None else (meeting.body if meeting is not None else None),
        note=note,
    )
    step.full_clean()
    step.save()
    refresh_current_status(document)
    return step
