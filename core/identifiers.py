"""Identifier guard: reject publishable text that contains a BSN, postcode or e-mail address."""

from __future__ import annotations

import re


class IdentifierInTextError(ValueError):
    """Raised when text meant for publication contains something that looks like an identifier."""


# 9 digits, optionally grouped with single spaces, dots or dashes (e.g. "1234.56.782"), not glued
# to other digits.
_BSN_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ .-]?\d){8}(?![\d])")
# Postcode: 4 digits not starting with 0, optional space, two capital letters; SA, SD and SS are
# never issued. Lower case is not matched on purpose: "in 2024 is" must not trip the guard.
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def is_valid_bsn(digits: str) -> bool:
    """The 11-proef: weights 9..2 and -1 over nine digits; the sum must be divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def find_identifiers(text: str) -> list[str]:
    """Return the kinds of identifier-shaped substrings in `text` ("bsn", "postcode", "e-mail")."""
    found: list[str] = []
    for match in _BSN_CANDIDATE.finditer(text):
        if is_valid_bsn(re.sub(r"[ .-]", "", match.group())):
            found.append("bsn")
            break
    if _POSTCODE.search(text):
        found.append("postcode")
    if _EMAIL.search(text):
        found.append("e-mail")
    return found


def assert_no_identifiers(*, field_name: str, text: str) -> None:
    """Raise `IdentifierInTextError` when `text` contains a BSN, postcode or e-mail address."""
    kinds = find_identifiers(text)
    if kinds:
        raise IdentifierInTextError(
            f"{field_name} bevat iets dat op een {' / '.join(kinds)} lijkt; "
            "tekst voor publicatie mag geen persoonsgegevens bevatten"
        )
