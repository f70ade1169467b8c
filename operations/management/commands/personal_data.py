"""``manage.py personal_data export USERNAME`` prints a user's data as JSON;
``manage.py personal_data erase USERNAME`` deactivates and anonymises the account (see
operations.personal_data). The same as the actions of the user admin."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from operations.personal_data import erased_username, user_erase, user_export


class Command(BaseCommand):
    help = "Export (JSON) or erase (deactivate and anonymise) a user's personal data."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if action == "export":
            data = user_export(user=user)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
            return
        try:
            user_erase(user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Erased {username!r}: now {erased_username(user)!r}, deactivated.")
