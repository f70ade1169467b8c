import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.diarienummer import Diarienummer, normalize_diarienummer
from core.fields import DiarienummerFormField


def test_diarienummer_is_parsed_into_prefix_sequence_and_year():
    number = Diarienummer.parse("RUN/479/2024")
    assert (number.prefix, number.sequence, number.year) == ("RUN", 479, 2024)
    assert str(number) == "RUN/479/2024"


@pytest.mark.parametrize(
    "written", ["run/479/2024", " RUN / 479 / 2024 ", "RUN/0479/2024", "Run/479/2024"]
)
def test_diarienummer_is_normalised_to_its_canonical_form(written):
    assert normalize_diarienummer(written) == "RUN/479/2024"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("479/2024", "PREFIX/NUMBER/YEAR"),
        ("RUN-479-2024", "PREFIX/NUMBER/YEAR"),
        ("RUN/479/24", "PREFIX/NUMBER/YEAR"),
        ("RUN/0/2024", "starts at 1"),
        ("RUN/479/1800", "between 1900 and 2100"),
        ("RUN/479/2024/1", "PREFIX/NUMBER/YEAR"),
        ("", "PREFIX/NUMBER/YEAR"),
        ("R2N/1/2024", "PREFIX/NUMBER/YEAR"),
    ],
)
def test_malformed_diarienummer_is_refused_with_a_message(written, says):
    with pytest.raises(ValidationError) as excinfo:
        Diarienummer.parse(written)
    assert says in " ".join(excinfo.value.messages)


def test_form_field_cleans_to_the_canonical_form():
    assert DiarienummerFormField().clean("run / 12 / 2025") == "RUN/12/2025"
    with pytest.raises(ValidationError):
        DiarienummerFormField().clean("nonsense")


@given(
    prefix=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=1, max_size=10),
    sequence=st.integers(min_value=1, max_value=999_999),
    year=st.integers(min_value=1900, max_value=2100),
)
def test_every_canonical_diarienummer_round_trips(prefix, sequence, year):
    text = f"{prefix}/{sequence}/{year}"
    assert str(Diarienummer.parse(text)) == text
    assert str(Diarienummer.parse(text.lower())) == text


@given(st.text(max_size=40))
def test_parser_never_fails_other_than_with_a_validation_error(text):
    try:
        parsed = Diarienummer.parse(text)
    except ValidationError:
        return
    assert str(Diarienummer.parse(str(parsed))) == str(parsed)
