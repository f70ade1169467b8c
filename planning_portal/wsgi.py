"""WSGI entry point: `gunicorn planning_portal.wsgi` (see README, "Deploying")."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planning_portal.settings")

application = get_wsgi_application()
