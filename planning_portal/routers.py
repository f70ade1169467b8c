"""Read replicas: with DATABASE_REPLICA_URLS set, reads go to a replica and writes to the
primary. Reads inside a transaction on the primary stay there (Django's atomic() uses the
write alias), so a request that writes and then reads sees its own write."""

import random

from django.conf import settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = getattr(settings, "DATABASE_REPLICAS", [])
        if not replicas:
            return "default"
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # "migration" is the primary under its owner role (MIGRATION_DATABASE_URL).
        return db in ("default", "migration")
