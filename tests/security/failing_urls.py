"""A URLconf with a view that fails, to see what readers get from an unexpected error."""

from django.urls import path


def boom(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("boom/", boom)]
