"""Users and tokens."""
from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.errors import InvalidInput
from matchmaker.models import ApiToken, Organisation, Person, User
from matchmaker.models.base import utcnow
from matchmaker.security import tokens
from matchmaker.services import audit


def create_user_with_token(*, session: Session, name: str, email: str, role: str,
                           organisation_id: int | None = None, person_id: int | None = None,
                           label: str = "cli") -> tuple[User, str]:
    """Create the user (or reuse the one with this e-mail) and issue a fresh token."""
    if role in ("employer", "school"):
        organisation = session.get(Organisation, organisation_id) if organisation_id else None
        if organisation is None:
            raise InvalidInput("A %(role)s user needs an existing --organisation-id.", field="organisation_id", role=role)
        if organisation.kind != role:
            raise InvalidInput("Organisation %(id)s is a %(kind)s, not a %(role)s.", field="organisation_id", id=organisation.id, kind=organisation.kind, role=role)
    if role == "person" and (not person_id or session.get(Person, person_id) is None):
        raise InvalidInput("A person user needs an existing --person-id.", field="person_id")
    user = session.execute(select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        user = User(name=name, email=email, role=role, organisation_id=organisation_id, person_id=person_id)
        session.add(user)
        session.flush()
    elif user.role != role:
        raise InvalidInput("%(email)s already exists with role %(role)s.", field="email", email=email, role=user.role)
    return user, tokens.issue(session=session, user=user, label=label)


def deactivate(*, session: Session, user: User, actor: audit.Actor, forget: bool = False) -> None:
    """``user`` can no longer act: inactive, every token revoked (each revocation audited as ``actor``'s). With
    ``forget`` (erasure of the person the user is) also without name and e-mail, and no longer linked to the
    person."""
    user.active = False
    revoked = session.scalars(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow()).returning(ApiToken.id)).all()
    audit.record(session=session, actor=actor, action=audit.TOKEN_REVOKE, subject_type="token", subject_ids=revoked)
    if forget:
        user.name = ""
        user.email = f"erased-{secrets.token_hex(12)}"  # unique, as the column must be; reaches no one
        user.person_id = None


def revoke_token(*, session: Session, token: str) -> bool:
    """Revoke the token given in clear text (the command line); False when no unrevoked token matches."""
    row = session.execute(select(ApiToken).where(ApiToken.token_hash == tokens.hash_token(token))).scalar_one_or_none()
    return row is not None and tokens.revoke_row(session=session, row=row)
