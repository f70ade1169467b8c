"""``manage.py migrate`` as the owner role when MIGRATION_DATABASE_URL is set.

The runtime role (DATABASE_URL) may not create, alter or drop tables, nor create triggers;
migrations run as the role that owns the tables, the database alias ``migration``. This only
changes the default of ``--database``: an explicit ``--database`` (the test runner gives
``default``) is used as given."""

from django.conf import settings
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS


class Command(MigrateCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        if "migration" in settings.DATABASES:
            parser.set_defaults(database="migration")
        else:
            parser.set_defaults(database=DEFAULT_DB_ALIAS)
