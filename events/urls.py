from django.urls import path

from meetings.models import Meeting

from . import calendar, views
from .models import Event

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("<int:year>/<int:month>/", views.MonthView.as_view(), name="event_month"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar_ics"),
    path("calendar/body/<slug:slug>.ics", views.BodyCalendarFeedView.as_view(), name="body_ics"),
    path("calendar/kind/<slug:slug>.ics", views.KindCalendarFeedView.as_view(), name="kind_ics"),
    path(
        "meeting/<slug:slug>.ics",
        views.AddToCalendarView.as_view(model=Meeting, to_item=calendar.from_meeting),
        name="meeting_ics",
    ),
    path(
        "<slug:slug>.ics",
        views.AddToCalendarView.as_view(model=Event, to_item=calendar.from_event),
        name="event_ics",
    ),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
