"""Users: API tokens for machines, e-mail and password for people on the web pages.

A person gets a one-time invitation link to set their password: the link's token is random, stored only as its
SHA-256 hash, and expires. Passwords are stored as werkzeug's salted scrypt hash.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker import vocabulary as v
from matchmaker.errors import Conflict, InvalidInput
from matchmaker.models import ApiToken, Organisation, Person, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies, tokens
from matchmaker.services import audit
from matchmaker.services.queries import Page, contains_text, get_or_404, paginate

#: how long an invitation link works
INVITATION_VALID_FOR = timedelta(days=7)
#: shortest password accepted (NCSC and NIST advise length over composition rules)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
#: werkzeug's default (scrypt, n=2**15) unless the PASSWORD_HASH_METHOD setting says otherwise
DEFAULT_HASH_METHOD = "scrypt"
#: per method: a hash checked when no user has the e-mail, so that a wrong e-mail costs as long as a wrong password
_NO_USER_HASHES: dict[str, str] = {}


def _hash_method() -> str:
    configured = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
    return configured or DEFAULT_HASH_METHOD


def _no_user_hash() -> str:
    method = _hash_method()
    if method not in _NO_USER_HASHES:
        _NO_USER_HASHES[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    return _NO_USER_HASHES[method]


def normalised_email(email: str) -> str:
    return email.strip().lower()


#: the kinds of organisation a user of each organisation role works for
ROLE_ORGANISATION_KINDS = {"employer": ("employer",), "school": ("school",), "partner": ("network", "social_partner")}


def list_users(*, session: Session, actor: User, args: dict) -> Page:
    """A page of the user accounts (admins only), by name; ``q``: words that each occur in the name or the e-mail
    address (case aside); ``role``: accounts of that role only."""
    policies.require_role(actor, "admin")
    query = select(User)
    if role := args.get("role"):
        query = query.where(User.role == role)
    for word in (args.get("q") or "").split()[:10]:
        query = query.where(contains_text(word, User.name, User.email))
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=(func.lower(User.name), User.id))


def _links(session: Session, role: str, organisation_id: int | None,
           person_id: int | None) -> tuple[int | None, int | None]:
    """The organisation and the person a user of ``role`` is linked to, checked (None where the role has none)."""
    if role not in v.ROLES:
        raise InvalidInput("Choose a role.", field="role")
    if role in ROLE_ORGANISATION_KINDS:
        organisation = session.get(Organisation, organisation_id) if organisation_id else None
        if organisation is None:
            raise InvalidInput("Choose the organisation this user works for.", field="organisation_id")
        if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
            raise InvalidInput("%(organisation)s is not an organisation of the kind this role works for.",
                               field="organisation_id", organisation=organisation.name)
    if role == "person" and (not person_id or session.get(Person, person_id) is None):
        raise InvalidInput("Choose the person whose own pages this user sees.", field="person_id")
    return (organisation_id if role in ROLE_ORGANISATION_KINDS else None, person_id if role == "person" else None)


def create_user(*, session: Session, name: str, email: str, role: str, organisation_id: int | None = None,
                person_id: int | None = None) -> User:
    """Create the user, or take the existing one with this e-mail (same role)."""
    email = normalised_email(email)
    organisation_id, person_id = _links(session, role, organisation_id, person_id)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(name=name, email=email, role=role, organisation_id=organisation_id, person_id=person_id)
        session.add(user)
        session.flush()
    elif user.role != role:
        raise InvalidInput("%(email)s already exists with another role.", field="email", email=email)
    return user


def create_user_with_token(*, session: Session, name: str, email: str, role: str,
                           organisation_id: int | None = None, person_id: int | None = None,
                           label: str = "cli") -> tuple[User, str]:
    """Create the user (or reuse the one with this e-mail) and issue a fresh API token."""
    user = create_user(session=session, name=name, email=email, role=role, organisation_id=organisation_id,
                       person_id=person_id)
    return user, tokens.issue(session=session, user=user, label=label)


def invite(*, session: Session, user: User) -> str:
    """A new one-time token for ``user`` to set their password (the previous one stops working). Returned in
    clear text once; stored as its hash."""
    token = secrets.token_urlsafe(32)
    user.invitation_hash = tokens.hash_token(token)
    user.invitation_expires_at = utcnow() + INVITATION_VALID_FOR
    session.flush()
    return token


def invited_user(*, session: Session, token: str) -> User | None:
    """The active user whose unexpired invitation ``token`` is, or None."""
    if not token or len(token) > 200:
        return None
    user = session.scalar(select(User).where(User.invitation_hash == tokens.hash_token(token), User.active.is_(True)))
    if user is None or user.invitation_expires_at is None:
        return None
    return user if user.invitation_expires_at > utcnow() else None


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("Choose a password of at least %(count)s characters.", field="password",
                           count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput("Choose a password of at most %(count)s characters.", field="password",
                           count=MAX_PASSWORD_LENGTH)


def set_password(*, session: Session, token: str, password: str) -> User:
    """Use an invitation: set the password and make the link unusable."""
    user = invited_user(session=session, token=token)
    if user is None:
        raise InvalidInput("This link no longer works: it was used already or has expired. Ask for a new one.",
                           field="token")
    check_password_rules(password)
    user.password_hash = generate_password_hash(password, method=_hash_method())
    user.invitation_hash = None
    user.invitation_expires_at = None
    session.flush()
    return user


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (as slow for an unknown e-mail as a wrong password)."""
    user = session.scalar(select(User).where(func.lower(User.email) == normalised_email(email), User.active.is_(True)))
    stored = user.password_hash if user is not None and user.password_hash else _no_user_hash()
    if check_password_hash(stored, password) and user is not None and user.password_hash:
        return user
    return None


def session_marker(user: User) -> str:
    """A value that changes when the password changes: a web session holding an older one is signed out."""
    return tokens.hash_token(user.password_hash or "")[:16]


def deactivate(*, session: Session, user: User, actor: audit.Actor, forget: bool = False) -> None:
    """``user`` can no longer act: inactive, every token revoked (each revocation audited as ``actor``'s), no
    password or invitation. With ``forget`` (erasure of the person the user is) also without name and e-mail,
    and no longer linked to the person."""
    user.active = False
    revoked = session.scalars(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow()).returning(ApiToken.id)).all()
    audit.record(session=session, actor=actor, action=audit.TOKEN_REVOKE, subject_type="token", subject_ids=revoked)
    if forget:
        user.name = ""
        user.email = f"erased-{secrets.token_hex(12)}"  # unique, as the column must be; reaches no one
        user.person_id = None
    # no sign-in to the pages either: the password and any open invitation go
    user.password_hash = None
    user.invitation_hash = None
    user.invitation_expires_at = None


def _keep_an_admin(session: Session, user: User, field: str) -> None:
    """Refuse to take away the last active admin: someone must be able to manage the accounts. The active admins'
    rows are locked until the change commits, so two admins taking each other away at once cannot both succeed."""
    admins = select(User.id).where(User.role == "admin", User.active.is_(True))
    if session.get_bind().dialect.name == "postgresql":
        admins = admins.with_for_update()
    if user.role == "admin" and user.active and list(session.scalars(admins)) == [user.id]:
        raise Conflict("%(name)s is the last active admin. Make someone else admin first.", field=field,
                       name=user.name)


def deactivate_user(*, session: Session, actor: User, user_id: int) -> User:
    """An admin stops an account: it can no longer sign in, its sessions end and its API tokens stop working
    (:func:`deactivate`); audited. The last active admin stays."""
    policies.require_role(actor, "admin")
    user = get_or_404(session, User, user_id, "user")
    if user.active:
        _keep_an_admin(session, user, "active")
        deactivate(session=session, user=user, actor=actor)
        audit.record(session=session, actor=actor, action=audit.USER_DEACTIVATE, subject_type="user",
                     subject_ids=[user.id])
        session.flush()
    return user


def change_role(*, session: Session, actor: User, user_id: int, role: str, organisation_id: int | None = None,
                person_id: int | None = None) -> User:
    """An admin gives an account another role (with the organisation or person that role needs); audited. The
    last active admin keeps the admin role."""
    policies.require_role(actor, "admin")
    user = get_or_404(session, User, user_id, "user")
    organisation_id, person_id = _links(session, role, organisation_id, person_id)
    if (role, organisation_id, person_id) == (user.role, user.organisation_id, user.person_id):
        return user
    if role != "admin":
        _keep_an_admin(session, user, "role")
    user.role, user.organisation_id, user.person_id = role, organisation_id, person_id
    audit.record(session=session, actor=actor, action=audit.USER_ROLE_CHANGE, subject_type="user",
                 subject_ids=[user.id], fields=("role", "organisation_id", "person_id"))
    session.flush()
    return user


def revoke_token(*, session: Session, token: str) -> bool:
    """Revoke the token given in clear text (the command line); False when no unrevoked token matches."""
    row = session.execute(select(ApiToken).where(ApiToken.token_hash == tokens.hash_token(token))).scalar_one_or_none()
    return row is not None and tokens.revoke_row(session=session, row=row)
