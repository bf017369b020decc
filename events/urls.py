from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("<int:year>/<int:month>/", views.MonthView.as_view(), name="event_month"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar_ics"),
    path("calendar/body/<slug:slug>.ics", views.BodyCalendarFeedView.as_view(), name="body_ics"),
    path("calendar/kind/<slug:slug>.ics", views.KindCalendarFeedView.as_view(), name="kind_ics"),
    path("meeting/<slug:slug>.ics", views.MeetingIcsView.as_view(), name="meeting_ics"),
    path("<slug:slug>.ics", views.EventIcsView.as_view(), name="event_ics"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
