"""The samenwerkingscontract's service, in one namespace for views, other features and
tests. The work is done in drafting.py (sections, parties, commitments, placeholders),
publishing.py (versions, fingerprints, seals), signing.py (answers, overview) and
receipts.py (what a signing party keeps); integrity.py verifies."""

from plein.agreements.drafting import (  # noqa: F401
    BODY_MAX,
    HOURS_MAX,
    MAX_PARTIES,
    MONEY_MAX,
    TEXT_MAX,
    NeedsConfirmation,
    Placeholder,
    PlaceholdersLeft,
    StaleDraft,
    Totals,
    add_party,
    agreement_of,
    get_party,
    has_yes_decision,
    party_name,
    placeholders,
    remove_party,
    set_commitment,
    signers,
    start,
    totals,
    update_sections,
)
from plein.agreements.publishing import (  # noqa: F401
    canonical_text,
    current_version,
    get_version,
    has_unpublished_changes,
    publish,
    version_content,
)
from plein.agreements.signing import (  # noqa: F401
    LIBRARY_SIDE,
    AlreadyAnswered,
    PartyStatus,
    StaleVersion,
    answers_on,
    decline,
    may_answer_for,
    overview,
    sign,
    standing,
)
