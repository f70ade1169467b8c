from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def bypass_minute_locks() -> Iterator[None]:
    """Let this transaction remove rows of adjusted minutes that the database otherwise
    refuses to change (see decisions migration 0003). For maintenance only — deleting
    generated test data — never for editing records."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL portal.maintenance = 'on'")
        try:
            yield
        finally:
            if postgres:
                # SET LOCAL lasts until the outermost transaction ends; end it here.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL portal.maintenance = 'off'")
