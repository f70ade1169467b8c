from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Before any connection is opened: the search folds case with a function that each
        # SQLite connection must know (core.search.register_sqlite_functions).
        from django.db.backends.signals import connection_created

        from core.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="core.search.casefold")


def portal_app_labels() -> tuple[str, ...]:
    """The apps whose rows are the portal's records (what a backup holds, what the admin
    lists and restores): each says so on its AppConfig with ``portal_records = True``.
    In INSTALLED_APPS order."""
    return tuple(
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "portal_records", False)
    )
