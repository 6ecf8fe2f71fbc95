"""The keys of encrypted fields: `settings.FIELD_ENCRYPTION_KEYS`, newest first.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) behind `MultiFernet`: the newest key
encrypts, every key listed decrypts. Rotating is: put a new key first, deploy, run
`manage.py rotate_field_keys` (re-encrypts every value with the newest key), then drop the old
keys from the list and deploy again.

The MultiFernet is built once per list of keys (cached on the tuple), so a test that changes the
setting gets the new keys without a signal.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENERATE_KEY_COMMAND = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)

__all__ = [
    "InvalidToken",
    "check_key",
    "decrypt",
    "decrypt_bytes",
    "encrypt",
    "encrypt_bytes",
    "is_current",
    "keys",
    "rotate",
]


def keys() -> tuple[str, ...]:
    configured = getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or ()
    if isinstance(configured, str):  # one key written as a string instead of a list
        configured = [configured]
    return tuple(configured)


def check_key(key) -> str | None:
    """Why `key` is not a usable Fernet key, or None when it is."""
    if not isinstance(key, str | bytes):
        return "not a string"
    try:
        Fernet(key)
    except (ValueError, TypeError):  # binascii.Error is a ValueError
        return "not 32 bytes encoded in URL-safe base64 (generate one with Fernet.generate_key())"
    return None


@cache
def _fernets(configured: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not configured:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: encrypted fields need at least one Fernet key."
        )
    fernets = [Fernet(key) for key in configured]
    return MultiFernet(fernets), fernets[0]


def encrypt(plaintext: str) -> str:
    """A Fernet token (ASCII text) of `plaintext`, with the newest key."""
    return _fernets(keys())[0].encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text under `token`, whichever configured key made it. Raises InvalidToken otherwise."""
    return _fernets(keys())[0].decrypt(token.encode("utf-8")).decode("utf-8")


def is_current(token: str) -> bool:
    """True if the newest key decrypts `token` (a rotation would change nothing but the IV)."""
    try:
        _fernets(keys())[1].decrypt(token.encode("utf-8"))
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """`token` re-encrypted with the newest key, keeping its original timestamp."""
    return _fernets(keys())[0].rotate(token.encode("utf-8")).decode("ascii")


def encrypt_bytes(data: bytes) -> bytes:
    """A Fernet token of `data` (a file: the personal data exports), with the newest key."""
    return _fernets(keys())[0].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The bytes under `token`, whichever configured key made it. Raises InvalidToken otherwise."""
    return _fernets(keys())[0].decrypt(token)
