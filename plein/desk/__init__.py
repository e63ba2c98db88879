"""The desk (de balie) of a plein: counting contacts (``tally``), and the figures made
from them (``figures``, drawn by ``charts``). Referral agreements, warm referrals and
signals are later modules of this package, each beside these (``referrals.py``,
``signals.py``), reading tallies through ``tally`` and ``figures``."""
