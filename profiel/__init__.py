# The Celery app is loaded with Django, so that shared tasks bind to it (see profiel/celery.py).
from .celery import app as celery_app

__all__ = ("celery_app",)
