from django.core.exceptions import ValidationError

import pytest

from core.bsn import decrypt_bsn, encrypt_bsn, hash_bsn, is_valid_bsn, mask_bsn, validate_bsn


@pytest.mark.parametrize("value", ["111222333", "123456782", "999996708"])
def test_valid_bsns_pass_the_11_proef(value):
    assert is_valid_bsn(value)


@pytest.mark.parametrize("value", ["123456789", "000000000", "12345678a", "1234", "", "1112223334"])
def test_invalid_bsns_fail(value):
    assert not is_valid_bsn(value)
    with pytest.raises(ValidationError, match="11-proef"):
        validate_bsn(value)


def test_mask_shows_last_four_digits_only():
    assert mask_bsn("123456782") == "*****6782"
    assert mask_bsn("") == ""


def test_encryption_round_trip_and_ciphertext_hides_the_number():
    token = encrypt_bsn("123456782")
    assert "123456782" not in token
    assert decrypt_bsn(token) == "123456782"
    assert encrypt_bsn("123456782") != token  # random IV: equal BSNs give different ciphertexts


def test_hash_is_stable_per_municipality_and_differs_between_them():
    assert hash_bsn("123456782", municipality_code="GM0479") == hash_bsn(
        "123456782", municipality_code="GM0479"
    )
    assert hash_bsn("123456782", municipality_code="GM0479") != hash_bsn(
        "123456782", municipality_code="GM0363"
    )
