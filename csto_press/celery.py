"""The task queue: Celery workers send what the outbox (``subscriptions``) holds.

``celery -A csto_press worker`` (the compose service ``worker``). Its settings are Django's
``CELERY_*`` (settings/base.py); the tasks live in the apps' ``tasks.py``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csto_press.settings.production")

app = Celery("csto_press")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
