"""Identifier guard: reject publishable text that contains personal data.

Text meant for the VNG (a signal's description, workaround, proposed fix, ...) must describe a
problem, never a person. The guard looks for the shapes personal data takes in Dutch case notes:
a BSN (9 digits, or the 8-digit form with its leading zero dropped, both by the 11-proef), a
postcode (also in lower case), an e-mail address (also written with [at]), a phone number, an
IBAN (mod-97 checked), a full date or a date next to "geboren", a street with a house number,
and a name after a form of address ("mevrouw Jansen"). A false positive costs a rewording; a
false negative puts a person in a national report, so the guard errs towards refusing.
"""

from __future__ import annotations

import re


class IdentifierInTextError(ValueError):
    """Raised when text meant for publication contains something that looks like an identifier."""


# 8 or 9 digits, optionally grouped with single spaces, dots or dashes (e.g. "1234.56.782"), not
# glued to other digits. The casework reads an 8-digit BSN as one with a leading zero.
_BSN_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ .-]?\d){7,8}(?![\d])")
# Postcode: 4 digits not starting with 0, optional space, two letters; SA, SD and SS are never
# issued. In lower case only when the letters are no Dutch word or unit ("in 2024 is" must pass).
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)([A-Za-z]{2})(?![\w])")
_NOT_POSTCODE_LETTERS = frozenset(
    [
        "af",
        "al",
        "am",
        "an",
        "as",
        "at",
        "ca",
        "da",
        "de",
        "di",
        "do",
        "en",
        "er",
        "ga",
        "ik",
        "in",
        "is",
        "je",
        "ja",
        "km",
        "kg",
        "me",
        "mg",
        "ml",
        "mm",
        "na",
        "nu",
        "of",
        "om",
        "on",
        "op",
        "or",
        "pp",
        "so",
        "te",
        "to",
        "tv",
        "up",
        "vs",
        "we",
        "wo",
        "za",
        "zo",
        "ze",
    ]
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_EMAIL_SPELLED = re.compile(
    r"[\w.+-]+\s*[\[(]\s*(?:at|apenstaartje)\s*[\])]\s*[\w-]+(?:\s*(?:\.|[\[(]\s*(?:dot|punt)\s*"
    r"[\])])\s*[\w-]+)+",
    re.IGNORECASE,
)
# Dutch phone numbers: 0 or +31/0031, then nine more digits (spaces, dashes, brackets allowed).
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?\(?0?\)?[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")
# A full numeric date could be anyone's birth date: policy text writes "1 juli 2026" instead. A
# written date before 2000 is a birth date rather than a rule's date. And any date or year right
# after a word for birth.
_FULL_DATE = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d{2}(?!\d)"
)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_OLD_WRITTEN_DATE = re.compile(
    rf"\b(?:0?[1-9]|[12]\d|3[01])\s+(?:{_MONTHS})\s+19\d{{2}}\b", re.IGNORECASE
)
_BIRTH = re.compile(
    r"\b(?:geboren|geb|geboortedatum|geboortejaar|born|dob)\b\.?[\s:]*(?:op\s+|in\s+)?"
    r"(?:\d{1,2}[\s/.-]+(?:\d{1,2}|[a-z]+)[\s/.-]+)?(?:19|20)\d{2}",
    re.IGNORECASE,
)
_STREET_SUFFIX = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|markt|hof|pad|park|baan|"
    "plantsoen|wal|boulevard|allee|erf|haven|veld|ring|oord|poort|burcht|kamp|hoven|dam"
)
_STREET = re.compile(
    rf"\b[A-Z][\w'-]*(?:{_STREET_SUFFIX})\s+\d{{1,5}}(?:\s?[a-zA-Z])?\b"
    r"|\b(?:[A-Z][\w'-]+\s+){1,3}(?:straat|laan|weg|plein|kade|singel|dijk)\s+\d{1,5}\b"
)
_ADDRESSED_NAME = re.compile(
    r"\b(?:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de heer|mr\.?|mrs\.?|ms\.?|familie|fam\.?)\s+"
    r"(?:[A-Z]\.\s*)*(?:(?:van|de|der|den|te|ten|ter|het|'t)\s+)*[A-Z][a-zà-ÿ'-]+",
    re.IGNORECASE,
)


def is_valid_bsn(digits: str) -> bool:
    """The 11-proef: weights 9..2 and -1 over nine digits; the sum must be divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def _is_iban(candidate: str) -> bool:
    value = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(value) <= 34:
        return False
    rearranged = value[4:] + value[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def _has_bsn(text: str) -> bool:
    for match in _BSN_CANDIDATE.finditer(text):
        digits = re.sub(r"[ .-]", "", match.group())
        if is_valid_bsn(digits.zfill(9)):
            return True
    return False


def _has_postcode(text: str) -> bool:
    for match in _POSTCODE.finditer(text):
        letters = match.group(1)
        if letters.isupper() or letters.lower() not in _NOT_POSTCODE_LETTERS:
            return True
    return False


def _has_addressed_name(text: str) -> bool:
    # The form of address in any case, the name itself capitalised: "mevrouw Jansen" but not
    # "de heer des huizes".
    return any(
        match.group()[-len(match.group().split()[-1]) :][0].isupper()
        for match in _ADDRESSED_NAME.finditer(text)
    )


def find_identifiers(text: str) -> list[str]:
    """The kinds of identifier-shaped substrings in `text`, in a fixed order.

    Kinds: "bsn", "postcode", "e-mail", "telefoonnummer", "IBAN", "geboortedatum", "datum",
    "adres", "naam".
    """
    found: list[str] = []
    if _has_bsn(text):
        found.append("bsn")
    if _has_postcode(text):
        found.append("postcode")
    if _EMAIL.search(text) or _EMAIL_SPELLED.search(text):
        found.append("e-mail")
    if _PHONE.search(text):
        found.append("telefoonnummer")
    if any(_is_iban(match.group()) for match in _IBAN.finditer(text)):
        found.append("IBAN")
    if _BIRTH.search(text) or _OLD_WRITTEN_DATE.search(text):
        found.append("geboortedatum")
    elif _FULL_DATE.search(text):
        found.append("datum")
    if _STREET.search(text):
        found.append("adres")
    if _has_addressed_name(text):
        found.append("naam")
    return found


def assert_no_identifiers(*, field_name: str, text: str) -> None:
    """Raise `IdentifierInTextError` when `text` contains something that looks like personal data."""
    kinds = find_identifiers(text)
    if kinds:
        raise IdentifierInTextError(
            f"{field_name} bevat iets dat op een {' / '.join(kinds)} lijkt; "
            "tekst voor publicatie mag geen persoonsgegevens bevatten"
        )
