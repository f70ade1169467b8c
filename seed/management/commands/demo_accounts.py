from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core import roles

# (username, password, role or None for the administrator, description). Development only:
# the command refuses to run with DEBUG off.
DEMO_ACCOUNTS = [
    ("admin", "admin-demo-portal", None, "administrator (Django admin)"),
    ("planerare", "planerare-demo-portal", roles.PLANNER, "planner"),
    ("registrator", "registrator-demo-portal", roles.REGISTRAR, "registrar (nämndsekreterare)"),
    ("ledamot", "ledamot-demo-portal", roles.COMMITTEE_MEMBER, "committee member"),
]


class Command(BaseCommand):
    help = "Create (or reset) one demo account per role. Only with DEBUG on."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only; DEBUG is off.")
        User = get_user_model()
        self.stdout.write("Demo accounts (user / password):")
        for username, password, role, description in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = role is None
            user.is_superuser = role is None
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)] if role else [])
            self.stdout.write(f"  {username:<12} {password:<26} {description}")
