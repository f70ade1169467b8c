from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """makemessages without gettext's fuzzy matching: a new message starts untranslated
    (and the translation test says so) instead of borrowing a neighbour's translation."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
