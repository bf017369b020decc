"""State transitions of documents: recording a step.

The admin's bulk action, the demo loader and the tests record steps through here. The
document's current status follows by itself: the database recomputes it whenever steps
change (migration 0007).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .models import DocumentStep, StepStatus


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
    document.refresh_from_db(fields=["current_status", "current_status_date"])
    return step
