"""Messages about accounts: an invitation, a changed password, a blocked account.
Connected to ``plein.accounts.events`` (accounts sits below mail and imports none of it)."""

from plein.accounts import events
from plein.accounts.models import Role
from plein.mail import outbox
from plein.mail.models import Kind


@events.invitation_created.connect
def _invited(invitation, *, token):
    plein = invitation.plein
    role = Role.label_of(invitation.role).lower()
    organisation = f" namens {invitation.partner.name}" if invitation.partner else ""
    outbox.queue(Kind.INVITATION, invitation.email, f"invitation:{invitation.id}",
                 subject=f"uitnodiging om mee te doen als {role}", template="mail/invitation",
                 link=outbox.absolute("accounts.accept", token=token), plein=plein,
                 invitation=invitation, role=role, organisation=organisation,
                 inviter=invitation.created_by.name, expires=invitation.expires_at)


@events.password_changed.connect
def _password_changed(user, *, by_admin):
    outbox.queue(Kind.SECURITY, user, f"password:{user.id}:{user.version_id}",
                 subject="je wachtwoord is gewijzigd", template="mail/password_changed",
                 link=outbox.absolute("accounts.login"), by_admin=by_admin)


@events.account_blocked.connect
def _blocked(user):
    outbox.queue(Kind.SECURITY, user, f"blocked:{user.id}:{user.version_id}",
                 subject="je account is geblokkeerd", template="mail/blocked")
