"""Amounts typed the Swedish way, whatever the browser's language (issue 12 §3: a
``type=number`` input took "1 500 000,50" as 150 000 050 kr)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.forms import SwedishAmountField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 500 000,50", Decimal("1500000.50")),
        ("1\u00a0500\u00a0000,50", Decimal("1500000.50")),  # no-break spaces
        ("1\u2009500\u2009000", Decimal("1500000")),  # thin spaces
        ("1\u202f500", Decimal("1500")),  # narrow no-break space
        ("1500000.50", Decimal("1500000.50")),
        ("1500000,5", Decimal("1500000.5")),
        ("250000", Decimal("250000")),
        ("  12 000 kr ", Decimal("12000")),
        ("1,5", Decimal("1.5")),
    ],
)
def test_swedish_and_plain_amounts_are_read(typed, amount):
    field = SwedishAmountField(max_digits=14, decimal_places=2, required=False)
    assert field.clean(typed) == amount


@pytest.mark.parametrize("typed", ["1.500", "1,500", "1.500.000", "1,500,000.50", "1.500,50"])
def test_ambiguous_amounts_are_refused_with_a_message(typed):
    field = SwedishAmountField(max_digits=14, decimal_places=2, required=False)
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.code == "ambiguous"


@pytest.mark.parametrize("typed", ["1 50 000", "15 00", "abc", "-100", "1 500,505"])
def test_malformed_amounts_are_refused(typed):
    field = SwedishAmountField(max_digits=14, decimal_places=2, required=False)
    with pytest.raises(ValidationError):
        field.clean(typed)


def test_the_input_is_text_with_a_decimal_keyboard_and_shows_swedish():
    field = SwedishAmountField(max_digits=14, decimal_places=2, required=False)
    html = field.widget.render("amount", field.prepare_value(Decimal("1500000.50")))
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert "1\u00a0500\u00a0000,50" in html
    assert field.clean(field.prepare_value(Decimal("1500000.50"))) == Decimal("1500000.50")
