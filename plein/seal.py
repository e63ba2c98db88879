"""Canonical JSON, SHA-256 fingerprints and keyed seals: the one helper for everything
plein freezes (agreement versions and signatures, plan snapshots).

A *fingerprint* is the SHA-256 of a text: anyone can recompute it, so it shows that a
text is the one that was fingerprinted, not who made it. A *seal* is an HMAC-SHA-256
with the installation's seal key (``PLEIN_SEAL_KEY``), which lives outside the
database: whoever can write the database but does not hold the key cannot make a seal
that verifies. Every seal is stored with the id of the key that made it (the first 16
hex of an HMAC of a fixed label), so verification can tell "made with another key"
from "the sealed data changed".
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from flask import current_app

KEY_ID_LABEL = b"plein seal key id"


def canonical(data):
    """Stable JSON (sorted keys, no extra spaces, UTF-8 kept): the same data always gives
    the same text."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(text):
    """SHA-256 of a text, as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_bytes(key=None):
    """The seal key as bytes (default: the app's ``SEAL_KEY``)."""
    key = current_app.config["SEAL_KEY"] if key is None else key
    return key.encode("utf-8") if isinstance(key, str) else key


def key_id(key=None):
    """A short public name for a key: shows which key made a seal, reveals nothing."""
    return hmac.new(key_bytes(key), KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Seal:
    value: str  # HMAC-SHA-256 as hex
    key: str  # key_id() of the key that made it


def make(data, key=None):
    """The seal of ``data`` (anything ``canonical`` takes)."""
    mac = hmac.new(key_bytes(key), canonical(data).encode("utf-8"), hashlib.sha256)
    return Seal(mac.hexdigest(), key_id(key))


# The outcome of check(): the stored seal ...
VALID = "valid"  # ... was made by this key over exactly this data
CHANGED = "changed"  # ... was made by this key, but the data differs now
OTHER_KEY = "other-key"  # ... names another key: made elsewhere, or before a rotation
UNKEYED = "unkeyed"  # ... has no key at all: made by a release before keyed seals


def check(data, value, key_name, key=None):
    """How a stored seal (``value``, ``key_name``) relates to ``data`` and the key."""
    if not key_name:
        return UNKEYED
    if key_name != key_id(key):
        return OTHER_KEY
    expected = make(data, key).value
    return VALID if hmac.compare_digest(expected, value or "") else CHANGED
