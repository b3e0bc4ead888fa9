"""BSN (burgerservicenummer) validation, masking, encryption at rest and the keyed lookup hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from stdnum.nl import bsn as stdnum_bsn


def normalise_bsn(value: str) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit()).zfill(9)


def is_valid_bsn(value: str) -> bool:
    """True when `value` is nine digits passing the 11-proef (and is not all zeros)."""
    digits = "".join(ch for ch in str(value) if not ch.isspace() and ch not in ".-")
    if not digits.isdigit() or len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    return digits != "000000000" and stdnum_bsn.is_valid(digits)


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de 11-proef."),
            code="invalid_bsn",
        )


def mask_bsn(value: str | None) -> str:
    """Show only the last four digits, e.g. `*****1234`."""
    if not value:
        return ""
    return "*****" + normalise_bsn(value)[-4:]


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise RuntimeError("BSN_ENCRYPTION_KEYS ontbreekt: BSN's kunnen niet versleuteld worden.")
    # The first key encrypts; older keys still decrypt, so keys can be rotated.
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt_text(value: str) -> str:
    """Encrypt other special personal data (health, justice, addiction) with the BSN's keys.

    Same Fernet keys and rotation as the BSN, so one key management covers every encrypted field.
    """
    return _fernet(tuple(settings.BSN_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet(tuple(settings.BSN_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise RuntimeError(
            "Gegevens kunnen niet ontsleuteld worden met de ingestelde sleutels."
        ) from exc


def encrypt_bsn(value: str) -> str:
    token = _fernet(tuple(settings.BSN_ENCRYPTION_KEYS)).encrypt(normalise_bsn(value).encode())
    return token.decode()


def decrypt_bsn(token: str) -> str:
    try:
        return _fernet(tuple(settings.BSN_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise RuntimeError("BSN kan niet ontsleuteld worden met de ingestelde sleutels.") from exc


def hash_bsn(value: str, *, municipality_code: str) -> str:
    """Keyed hash for exact lookup and uniqueness per municipality; useless without the key."""
    key = settings.BSN_HASH_KEY.encode()
    message = f"{municipality_code}:{normalise_bsn(value)}".encode()
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
