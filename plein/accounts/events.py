"""What happens to accounts, for the features above that react to it (mail): they
connect to these signals; accounts itself imports none of them. Receivers run inside
the service call, so what they write joins the same transaction."""

from blinker import Namespace

_signals = Namespace()

# sender: the Invitation; token= the link's token (shown once, never stored)
invitation_created = _signals.signal("invitation-created")
# sender: the User; by_admin= True when an admin set it
password_changed = _signals.signal("password-changed")
# sender: the User that was blocked
account_blocked = _signals.signal("account-blocked")
