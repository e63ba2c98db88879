"""A fictional plein with one account per role, so a newcomer can look around.

Safe to run again: what exists already is left alone.
"""

from sqlalchemy import select

from plein.accounts import service as accounts
from plein.accounts.models import ROLE_LABELS, Membership, Plein
from plein.admin import service as admin_service
from plein.extensions import db
from plein.partners import service as partners

PASSWORD = "plein-demo-2026"  # noqa: S105 (fictional demo logins, printed on purpose)
PLEIN = {
    "name": "Ontwikkelplein Lindeburg",
    "organisation": "Bibliotheek Lindeburg (fictief)",
    "location": "Vestiging Centrum, Marktplein 1",
}
# email, name, role (None: installation admin only), partner organisation
USERS = [
    ("admin@lindeburg.example", "Anna Beheerder", None, None),
    ("lead@lindeburg.example", "Lotte de Vries", "lead", None),
    ("team@lindeburg.example", "Tarik El Amrani", "team", None),
    ("mt@lindeburg.example", "Marleen Bos", "mt", None),
    ("welzijn@lindeburg.example", "Pieter Jansen", "partner", "Welzijn Lindeburg"),
    ("schuldhulp@lindeburg.example", "Fatma Yilmaz", "partner", "Schuldhulp Lindeburg"),
]


def load():
    """Create what is missing; return (email, role label, password) per demo login."""
    plein = db.session.scalar(select(Plein).where(Plein.name == PLEIN["name"]))
    if plein is None:
        plein = admin_service.create_plein(**PLEIN)
    logins = []
    for email, name, role, organisation in USERS:
        user = accounts.user_by_email(email)
        if user is None:
            user = accounts.create_user(email, name, PASSWORD, is_admin=role is None)
        if role is not None:
            partner = partners.find_or_create(plein, organisation) if organisation else None
            has_role = db.session.scalar(select(Membership).where(
                Membership.plein_id == plein.id, Membership.user_id == user.id,
                Membership.role == role))
            if has_role is None:
                accounts.add_membership(plein, user, role, partner)
        label = ROLE_LABELS[role or "admin"] + (f" ({organisation})" if organisation else "")
        logins.append((email, label, PASSWORD))
    db.session.commit()
    return plein, logins
