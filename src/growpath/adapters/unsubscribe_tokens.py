"""Unsubscribe tokens: a signed (person, category) pair, so one POST turns mail off without login.

Signed rather than stored: every optional e-mail carries one, none needs a table, and a token
can do nothing but turn one kind of mail off (or back on) for the person it names.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "growpath.mail-unsubscribe"  # keeps these signatures apart from the session cookie's


def unsubscribe_token(secret_key: str, person_id: int, category: str) -> str:
    """Return the token that turns category mail off for the person."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps([person_id, category])


def read_unsubscribe_token(secret_key: str, token: str) -> tuple[int, str] | None:
    """Return the (person id, category) a token names, or None if it is not one of ours."""
    try:
        value = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    ):
        return value[0], value[1]
    return None
