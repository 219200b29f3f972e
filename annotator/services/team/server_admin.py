"""Setting up a team project on PostgreSQL: team roles and the people who use them.

Run by the database's owner (or a superuser), never by coders:

* :func:`init_server` creates the three group roles of the project database, grants their
  privileges and installs the row-level security policies (again after every schema upgrade);
* :func:`add_user` creates a login role in one of those groups and links it to a coder, so the
  app connecting as that login acts as that coder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.domain.errors import ValidationError
from annotator.domain.model import Coder
from annotator.storage import pg_security
from annotator.storage.engine import is_url
from annotator.storage.store import Store

ROLES = pg_security.ROLES


@dataclass(frozen=True, slots=True)
class UserAdded:
    login: str
    coder: Coder
    group: str


def _open(url: str) -> Store:
    if not is_url(url) or not url.split("://", 1)[0].startswith("postgres"):
        raise ValidationError("team roles need a postgresql:// project URL")
    return Store.open(url)


def default_login(name: str) -> str:
    """A login name derived from a coder's name: lower case letters, digits and ``_``."""
    login = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    if not login or login[0].isdigit():
        raise ValidationError(f"cannot derive a login name from {name!r}; give --login")
    return login[:63]


def init_server(url: str) -> dict[str, str]:
    """Install the team roles and policies on the project at ``url``; returns role → group."""
    store = _open(url)
    try:
        with store.begin() as tx:
            groups = pg_security.init_security(tx.conn)
            actor = pg_security.current_login(tx.conn)
            tx.log(actor, "team.server_init", "project", None, {"groups": groups})
    finally:
        store.close()
    return groups


def add_user(url: str, *, name: str, role: str, login: str | None = None,
             password: str | None = None) -> UserAdded:
    """Create the login (or reuse it), grant the group for ``role``, create or link the coder
    named ``name``."""
    if role not in ROLES:
        raise ValidationError(f"unknown team role {role!r}; use one of {', '.join(ROLES)}")
    name = name.strip()
    if not name:
        raise ValidationError("a coder needs a name")
    login = login or default_login(name)
    store = _open(url)
    try:
        with store.begin() as tx:
            coder, group = pg_security.add_login(tx.conn, login=login, name=name, role=role,
                                                 password=password)
            actor = pg_security.current_login(tx.conn)
            tx.log(actor, "coder.link", "coder", coder.uuid,
                   {"name": name, "login": login, "role": role})
    finally:
        store.close()
    return UserAdded(login, coder, group)

