"""
Diarienummer (registration numbers) in the form used by Region Jämtland Härjedalen:
``RUN/479/2024`` = body prefix ``RUN`` (the registry, here Regionala utvecklingsnämnden),
sequence number ``479`` within the year, and year ``2024``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2100

# Canonical form, also used by the database check constraints.
CANONICAL_PATTERN = r"^[A-ZÅÄÖ]{1,10}/[1-9][0-9]{0,5}/(19|20|21)[0-9]{2}$"

# What we accept from people: any case, spaces around the slashes, leading zeros. Digits are
# ASCII only ([0-9], not \d, which would take Arabic-Indic or full-width digits as well).
_INPUT = re.compile(
    r"^\s*(?P<prefix>[A-Za-zÅÄÖåäö]{1,10})"
    r"\s*/\s*(?P<sequence>[0-9]{1,6})"
    r"\s*/\s*(?P<year>[0-9]{4})\s*$"
)


@dataclass(frozen=True, order=True)
class Diarienummer:
    prefix: str
    sequence: int
    year: int

    @classmethod
    def parse(cls, text: str) -> Diarienummer:
        """Parse a diarienummer, raising ``ValidationError`` with a message saying what is
        wrong. Accepts lower case, spaces around the slashes and leading zeros."""
        if not isinstance(text, str):
            raise ValidationError(_("A case number must be text."), code="invalid")
        match = _INPUT.match(text)
        if not match:
            raise ValidationError(
                _(
                    "“%(value)s” is not a case number of the form PREFIX/NUMBER/YEAR, "
                    "e.g. RUN/479/2024."
                ),
                code="invalid",
                params={"value": text[:50]},
            )
        sequence = int(match["sequence"])
        year = int(match["year"])
        if sequence == 0:
            raise ValidationError(
                _("The sequence number of a case number starts at 1."), code="invalid"
            )
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                _("The year of a case number must be between %(min)s and %(max)s."),
                code="invalid",
                params={"min": MIN_YEAR, "max": MAX_YEAR},
            )
        return cls(prefix=match["prefix"].upper(), sequence=sequence, year=year)

    def __str__(self) -> str:
        return f"{self.prefix}/{self.sequence}/{self.year}"


def normalize_diarienummer(value: str) -> str:
    """The canonical text of a diarienummer; raises ``ValidationError`` when malformed."""
    return str(Diarienummer.parse(value))


def validate_diarienummer(value: str) -> None:
    if value != normalize_diarienummer(value):
        raise ValidationError(
            _("Write the case number as %(canonical)s."),
            code="not_canonical",
            params={"canonical": normalize_diarienummer(value)},
        )
