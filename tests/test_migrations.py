from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_migration_is_pending():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:  # pragma: no cover - the failure path
        pytest.fail(f"Models and migrations disagree:\n{out.getvalue()}")
