"""The Celery application: `celery -A profiel worker` runs the app's background tasks.

Settings come from Django's settings under the CELERY_ prefix (see profiel/settings.py). Tasks
are only queued when CELERY_BROKER_URL is set; without it they run in the web process
(background.services.later, profiel.mail.send), so `make run` needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profiel.settings")

app = Celery("profiel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
