"""The document's current status is its latest step's, whatever path changed the steps."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings import services
from meetings.models import Document, DocumentStep, StepStatus
from tests.factories import BodyFactory, DocumentFactory, DocumentStepFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def stored(document):
    """The current status as the database has it (not the Python instance)."""
    return Document.objects.values_list("current_status", "current_status_date").get(pk=document.pk)


def test_new_document_has_no_status():
    document = DocumentFactory()
    assert stored(document) == ("", None)


def test_record_step_sets_current_status_in_database_and_instance():
    document = DocumentFactory()
    services.record_step(document, status=StepStatus.DRAFTED, date=D(2019, 7, 1))
    services.record_step(document, status=StepStatus.DOMESTIC_APPROVAL, date=D(2019, 7, 16))
    assert stored(document) == (StepStatus.DOMESTIC_APPROVAL, D(2019, 7, 16))
    assert document.current_status == StepStatus.DOMESTIC_APPROVAL
    assert document.current_status_date == D(2019, 7, 16)


def test_backdated_step_does_not_become_current():
    document = DocumentFactory()
    services.record_step(document, status=StepStatus.ADOPTED, date=D(2021, 6, 30))
    services.record_step(document, status=StepStatus.DRAFTED, date=D(2021, 2, 1))
    assert stored(document) == (StepStatus.ADOPTED, D(2021, 6, 30))
    assert document.current_status == StepStatus.ADOPTED


def test_same_day_steps_recorded_later_come_after():
    document = DocumentFactory()
    first = services.record_step(
        document, status=StepStatus.UNDER_CONSIDERATION, date=D(2019, 7, 16)
    )
    second = services.record_step(
        document, status=StepStatus.DOMESTIC_APPROVAL, date=D(2019, 7, 16)
    )
    assert second.order > first.order
    assert stored(document)[0] == StepStatus.DOMESTIC_APPROVAL


def test_record_step_takes_the_acting_body_from_the_meeting():
    meeting = MeetingFactory()
    step = services.record_step(
        DocumentFactory(), status=StepStatus.AGREED, date=meeting.date, meeting=meeting
    )
    assert step.body == meeting.body


def test_record_step_refuses_an_unknown_status():
    document = DocumentFactory()
    with pytest.raises(Exception, match="bogus"):
        services.record_step(document, status="bogus", date=D(2020, 1, 1))
    assert not document.steps.exists()


def test_timeline_orders_by_date_then_order_then_pk():
    document = DocumentFactory()
    late = DocumentStepFactory(document=document, date=D(2020, 3, 1), order=0)
    same_day_second = DocumentStepFactory(document=document, date=D(2020, 2, 1), order=1)
    same_day_first = DocumentStepFactory(document=document, date=D(2020, 2, 1), order=0)
    tie_a = DocumentStepFactory(document=document, date=D(2020, 1, 1), order=0)
    tie_b = DocumentStepFactory(document=document, date=D(2020, 1, 1), order=0)
    assert list(document.steps.all()) == [tie_a, tie_b, same_day_first, same_day_second, late]
    assert stored(document) == (late.status, D(2020, 3, 1))


def test_model_save_of_an_edited_step_refreshes():
    document = DocumentFactory()
    step = DocumentStepFactory(document=document, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    step.status = StepStatus.SIGNED
    step.save()
    assert stored(document) == (StepStatus.SIGNED, D(2020, 1, 1))


def test_model_delete_of_the_latest_step_falls_back_to_the_previous_one():
    document = DocumentFactory()
    DocumentStepFactory(document=document, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    latest = DocumentStepFactory(document=document, status=StepStatus.ADOPTED, date=D(2020, 5, 1))
    latest.delete()
    assert stored(document) == (StepStatus.DRAFTED, D(2020, 1, 1))


def test_deleting_the_only_step_clears_the_status():
    step = DocumentStepFactory()
    step.delete()
    assert stored(step.document) == ("", None)


def test_moving_a_step_to_another_document_refreshes_both():
    source, target = DocumentFactory(), DocumentFactory()
    DocumentStepFactory(document=source, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    moving = DocumentStepFactory(document=source, status=StepStatus.SIGNED, date=D(2020, 6, 1))
    step = DocumentStep.objects.get(pk=moving.pk)
    step.document = target
    step.save()
    assert stored(source) == (StepStatus.DRAFTED, D(2020, 1, 1))
    assert stored(target) == (StepStatus.SIGNED, D(2020, 6, 1))


def test_queryset_update_refreshes_every_affected_document():
    documents = DocumentFactory.create_batch(3)
    for document in documents:
        DocumentStepFactory(document=document, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    DocumentStep.objects.filter(document__in=documents[:2]).update(
        status=StepStatus.REJECTED, date=D(2021, 1, 1)
    )
    assert stored(documents[0]) == (StepStatus.REJECTED, D(2021, 1, 1))
    assert stored(documents[1]) == (StepStatus.REJECTED, D(2021, 1, 1))
    assert stored(documents[2]) == (StepStatus.DRAFTED, D(2020, 1, 1))


def test_queryset_update_moving_steps_refreshes_the_new_document():
    source, target = DocumentFactory(), DocumentFactory()
    DocumentStepFactory(document=source, status=StepStatus.ADOPTED, date=D(2020, 1, 1))
    DocumentStep.objects.filter(document=source).update(document=target)
    assert stored(source) == ("", None)
    assert stored(target) == (StepStatus.ADOPTED, D(2020, 1, 1))


def test_queryset_delete_refreshes_every_affected_document():
    document = DocumentFactory()
    DocumentStepFactory(document=document, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    DocumentStepFactory(document=document, status=StepStatus.WITHDRAWN, date=D(2020, 2, 1))
    DocumentStep.objects.filter(status=StepStatus.WITHDRAWN).delete()
    assert stored(document) == (StepStatus.DRAFTED, D(2020, 1, 1))


def test_bulk_create_refreshes():
    document = DocumentFactory()
    DocumentStep.objects.bulk_create(
        [
            DocumentStep(document=document, status=StepStatus.DRAFTED, date=D(2020, 1, 1)),
            DocumentStep(document=document, status=StepStatus.DEFERRED, date=D(2020, 4, 1)),
        ]
    )
    assert stored(document) == (StepStatus.DEFERRED, D(2020, 4, 1))


def test_bulk_update_refreshes():
    document = DocumentFactory()
    step = DocumentStepFactory(document=document, status=StepStatus.DRAFTED, date=D(2020, 1, 1))
    step.status = StepStatus.IN_FORCE
    DocumentStep.objects.bulk_update([step], ["status"])
    assert stored(document) == (StepStatus.IN_FORCE, D(2020, 1, 1))


def test_saving_a_stale_document_instance_does_not_overwrite_the_status():
    document = DocumentFactory()
    stale = Document.objects.get(pk=document.pk)
    services.record_step(document, status=StepStatus.ADOPTED, date=D(2022, 1, 1))
    stale.title = "Edited title"
    stale.save()
    assert stored(document) == (StepStatus.ADOPTED, D(2022, 1, 1))
    assert stale.current_status == StepStatus.ADOPTED


def test_deleting_a_document_deletes_its_steps():
    step = DocumentStepFactory()
    step.document.delete()
    assert not DocumentStep.objects.filter(pk=step.pk).exists()


def test_deleting_a_meeting_keeps_its_steps_and_the_status():
    meeting = MeetingFactory()
    step = services.record_step(
        DocumentFactory(), status=StepStatus.AGREED, date=meeting.date, meeting=meeting
    )
    meeting.delete()
    step.refresh_from_db()
    assert step.meeting is None
    assert stored(step.document) == (StepStatus.AGREED, meeting.date)


def test_database_refuses_a_status_without_a_date():
    document = DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(current_status=StepStatus.ADOPTED)


def test_empty_reference_numbers_do_not_collide():
    body = BodyFactory()
    DocumentFactory(body=body, reference_number="")
    DocumentFactory(body=body, reference_number="")
    assert Document.objects.filter(reference_number__isnull=True).count() == 2
