from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running a portal: backup and restore, personal data (export, erase) and the user
    admin that offers them."""

    name = "operations"
