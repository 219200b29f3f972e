"""Team roles enforced by PostgreSQL itself: group roles, privileges, row-level security.

Three group roles per project database (``annotator_<db>_owner|coder|adjudicator``):

* owner: the codebook, documents, coders and every other table (except the log: insert only);
* coder: inserts, updates and deletes only codings and memos whose ``coder_id`` is the coder
  linked to the connecting login (``coders.db_role``); marks own assignments done (nothing
  else of an assignment may change: a guard trigger);
* adjudicator: as a coder, plus codings of gold coders and adjudication records.

Everyone in a group may read every table, except that a coder does not see other coders' work
on a document assigned to them blind until they mark it done (:mod:`.pg_blind`). New rows are
checked by row-level security policies (``WITH CHECK``); changes to existing rows by a guard trigger, so touching another coder's row
fails loudly (SQLSTATE 42501) instead of silently matching nothing. The event log takes inserts
only, and team members may only log under their own coder name. Logins outside the groups (the
database owner, superusers) are governed by ordinary privileges.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, text, update

from annotator.domain.errors import ValidationError
from annotator.domain.model import Coder, new_uuid
from annotator.storage import pg_blind, rows
from annotator.storage.schema import coders

ROLES = ("owner", "coder", "adjudicator")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
#: Tables only the owner group writes.
OWNER_TABLES = ("project_meta", "coders", "documents", "segments", "codes", "codebook_versions",
                "assignments", "adjudications")
#: Tables with a ``coder_id`` whose rows belong to a coder (proposals: the coder whose decision
#: they await makes, decides and withdraws them).
OWN_ROW_TABLES = ("codings", "memos", "proposals")


def group_roles(database: str) -> dict[str, str]:
    """Team role → the group role's name for ``database`` (at most 63 bytes)."""
    base = database.lower()
    if not _IDENT.match(base) or len(base) > 40:
        digest = hashlib.sha256(database.encode()).hexdigest()[:8]
        base = re.sub(r"[^a-z0-9_]+", "_", base)[:30].strip("_") + "_" + digest
    return {role: f"annotator_{base}_{role}" for role in ROLES}


def _q(conn: Connection, name: str) -> str:
    """A quoted identifier."""
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(conn: Connection, value: str) -> str:
    """A string literal for utility statements that take no parameters, quoted by the server
    itself (so its string settings are respected)."""
    return str(conn.execute(text("SELECT quote_literal(CAST(:v AS text))"), {"v": value}).scalar())


def _run(conn: Connection, sql: str) -> None:
    """One DDL or privilege statement (through ``text`` so ``%`` in PL/pgSQL is kept)."""
    conn.execute(text(sql))


def current_login(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_user")).scalar())


def linked_coder(conn: Connection) -> Coder | None:
    """The coder the connecting login acts as (``coders.db_role``), if any."""
    if conn.dialect.name != "postgresql":
        return None
    r = conn.execute(select(coders).where(coders.c.db_role == text("current_user"))).first()
    return rows.coder(r) if r else None


def init_security(conn: Connection) -> dict[str, str]:
    """Create the group roles, grant privileges and install policies (idempotent; run again
    after upgrading the schema). Needs a login that owns the tables and may create roles."""
    if conn.dialect.name != "postgresql":
        raise ValidationError("team roles need a PostgreSQL project")
    db = str(conn.execute(text("SELECT current_database()")).scalar())
    groups = group_roles(db)
    q = {role: _q(conn, name) for role, name in groups.items()}
    everyone = ", ".join(q.values())
    for name in groups.values():
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
        if exists.first() is None:
            _run(conn, f"CREATE ROLE {_q(conn, name)} NOLOGIN")
    dbq = _q(conn, db)
    tables = [t for (t,) in conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
    sql = [
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {dbq} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {dbq} TO {everyone}",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
        f"GRANT INSERT ON events TO {everyone}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(OWNER_TABLES + OWN_ROW_TABLES)} "
        f"TO {q['owner']}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(OWN_ROW_TABLES)} "
        f"TO {q['coder']}, {q['adjudicator']}",
        f"GRANT UPDATE ON assignments TO {q['coder']}, {q['adjudicator']}",
        f"GRANT INSERT, UPDATE, DELETE ON adjudications TO {q['adjudicator']}",
        _MY_CODERS_FUNCTION,
        _GUARD_FUNCTION,
        _GUARD_ASSIGNMENT_FUNCTION,
        *pg_blind.FUNCTIONS,
    ]
    for sql_text in sql:
        _run(conn, sql_text)
    for table in [*OWN_ROW_TABLES, "assignments", "events", "adjudications"]:
        if table in tables:
            _policies(conn, table, groups)
    _ensure_gold_coder(conn)
    _record_version(conn)
    return groups


def _record_version(conn: Connection) -> None:
    """Note which policies are installed, so ``check`` can say when ``server init`` is due."""
    conn.execute(text("DELETE FROM project_meta WHERE key = :k"), {"k": pg_blind.META_KEY})
    conn.execute(text("INSERT INTO project_meta(key, value) VALUES (:k, :v)"),
                 {"k": pg_blind.META_KEY, "v": pg_blind.SECURITY_VERSION})


def security_problems(conn: Connection) -> list[str]:
    """On a team server whose roles were installed by an older annotator: what to run."""
    if conn.dialect.name != "postgresql":
        return []
    db = str(conn.execute(text("SELECT current_database()")).scalar())
    owner_group = group_roles(db)["owner"]
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                    {"n": owner_group}).first() is None:
        return []  # no team roles: not a team project (yet)
    have = conn.execute(text("SELECT value FROM project_meta WHERE key = :k"),
                        {"k": pg_blind.META_KEY}).scalar()
    if have == pg_blind.SECURITY_VERSION:
        return []
    return ["team roles: the database's policies are from an older annotator (blind coding is "
            "not enforced by the database yet); the administrator runs 'annotator server init "
            "URL' once"]


_MY_CODERS_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_writable_coders(adjudicator_group text)
RETURNS SETOF integer LANGUAGE sql STABLE AS $$
  SELECT id FROM coders WHERE db_role = current_user
  UNION
  SELECT id FROM coders
   WHERE is_gold AND pg_has_role(current_user, adjudicator_group, 'MEMBER')
$$"""

_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_guard_own_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- TG_ARGV: owner group, coder group, adjudicator group.
  IF pg_has_role(current_user, TG_ARGV[0], 'MEMBER')
     OR NOT (pg_has_role(current_user, TG_ARGV[1], 'MEMBER')
             OR pg_has_role(current_user, TG_ARGV[2], 'MEMBER'))
     OR OLD.coder_id IN (SELECT annotator_writable_coders(TG_ARGV[2])) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'this % belongs to another coder; you may change only your own',
    rtrim(TG_TABLE_NAME, 's')
    USING ERRCODE = 'insufficient_privilege';
END $$"""


_GUARD_ASSIGNMENT_FUNCTION = """
CREATE OR REPLACE FUNCTION annotator_guard_assignment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- TG_ARGV: owner, coder, adjudicator group. Team members other than owners (RLS: their own
  -- rows only) may change just the done mark.
  IF pg_has_role(current_user, TG_ARGV[0], 'MEMBER')
     OR NOT (pg_has_role(current_user, TG_ARGV[1], 'MEMBER')
             OR pg_has_role(current_user, TG_ARGV[2], 'MEMBER'))
     OR (NEW.document_id, NEW.coder_id, NEW.blind, NEW.assigned_at)
        IS NOT DISTINCT FROM (OLD.document_id, OLD.coder_id, OLD.blind, OLD.assigned_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'only the owner may change assignments; you may mark yours done'
    USING ERRCODE = 'insufficient_privilege';
END $$"""


def _policies(conn: Connection, table: str, groups: dict[str, str]) -> None:
    q = {role: _q(conn, name) for role, name in groups.items()}
    everyone = ", ".join(q.values())
    team = f"{q['coder']}, {q['adjudicator']}"
    adj = _literal(conn, groups["adjudicator"])
    mine = f"coder_id IN (SELECT annotator_writable_coders({adj}))"
    policies: dict[str, str] = {"read": f"FOR SELECT TO {everyone} USING (true)"}
    if table in pg_blind.CODER_READ:  # blind double coding: see pg_blind
        policies["read"] = f"FOR SELECT TO {q['owner']}, {q['adjudicator']} USING (true)"
        policies["read_blind"] = f"FOR SELECT TO {q['coder']} USING ({pg_blind.CODER_READ[table]})"
    if table == "adjudications":
        policies["owner_all"] = f"FOR ALL TO {q['owner']} USING (true) WITH CHECK (true)"
        policies["adjudicate"] = f"FOR ALL TO {q['adjudicator']} USING (true) WITH CHECK (true)"
    elif table == "events":
        policies["log_owner"] = f"FOR INSERT TO {q['owner']} WITH CHECK (true)"
        policies["log_own_name"] = (f"FOR INSERT TO {team} WITH CHECK (actor IN "
                                    "(SELECT name FROM coders WHERE db_role = current_user))")
    elif table == "assignments":
        policies["owner_all"] = f"FOR ALL TO {q['owner']} USING (true) WITH CHECK (true)"
        policies["mark_own"] = f"FOR UPDATE TO {team} USING ({mine}) WITH CHECK ({mine})"
    else:
        policies["owner_all"] = f"FOR ALL TO {q['owner']} USING (true) WITH CHECK (true)"
        policies["insert_own"] = f"FOR INSERT TO {team} WITH CHECK ({mine})"
        # Old rows are checked by the guard trigger (a loud error, not a silent no-op).
        policies["update_own"] = f"FOR UPDATE TO {team} USING (true) WITH CHECK ({mine})"
        policies["delete_own"] = f"FOR DELETE TO {team} USING (true)"
    _run(conn, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    existing = {p for (p,) in conn.execute(text(
        "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t"),
        {"t": table})}
    for name in existing:
        if name.startswith("annotator_"):
            _run(conn, f"DROP POLICY {_q(conn, name)} ON {table}")
    for name, body in policies.items():
        _run(conn, f"CREATE POLICY annotator_{name} ON {table} {body}")
    args = ", ".join(_literal(conn, groups[r]) for r in ROLES)
    if table == "assignments":
        _run(conn, "DROP TRIGGER IF EXISTS assignments_guard ON assignments")
        _run(conn, "CREATE TRIGGER assignments_guard BEFORE UPDATE ON assignments FOR EACH ROW "
                   f"EXECUTE FUNCTION annotator_guard_assignment({args})")
    if table in OWN_ROW_TABLES:
        _run(conn, f"DROP TRIGGER IF EXISTS {table}_guard_own_rows ON {table}")
        _run(conn, f"CREATE TRIGGER {table}_guard_own_rows BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION annotator_guard_own_rows({args})")


def _ensure_gold_coder(conn: Connection) -> None:
    """Adjudicators may not add coders, so the gold layer's coder is made here."""
    if conn.execute(select(coders.c.id).where(coders.c.is_gold.is_(True))).first() is None:
        name = "Gold"
        taken = {n for (n,) in conn.execute(select(coders.c.name))}
        while name in taken:
            name += "*"
        conn.execute(insert(coders).values(uuid=new_uuid(), name=name, role="adjudicator",
                                           is_gold=True, created_at=datetime.now(UTC)))


def add_login(conn: Connection, *, login: str, name: str, role: str,
              password: str | None = None) -> tuple[Coder, str]:
    """Create (or reuse) the login role ``login``, put it in the team group for ``role``, and
    create or link the coder ``name`` to it. Returns the coder and the group role's name."""
    if role not in ROLES:
        raise ValidationError(f"unknown team role {role!r}; use one of {', '.join(ROLES)}")
    if not login or len(login.encode()) > 63:
        raise ValidationError("a login name needs 1 to 63 bytes")
    db = str(conn.execute(text("SELECT current_database()")).scalar())
    groups = group_roles(db)
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                    {"n": groups[role]}).first() is None:
        raise ValidationError("the team roles are missing; run 'annotator server init' first")
    lq = _q(conn, login)
    exists = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"),
                          {"n": login}).first()
    if exists is None:
        _run(conn, f"CREATE ROLE {lq} LOGIN")
    elif not exists[0]:
        raise ValidationError(f"{login!r} is a group role, not a login")
    if password is not None:
        _run(conn, f"ALTER ROLE {lq} PASSWORD {_literal(conn, password)}")
    for other, group in groups.items():
        if other != role:
            _run(conn, f"REVOKE {_q(conn, group)} FROM {lq}")
    _run(conn, f"GRANT {_q(conn, groups[role])} TO {lq}")
    holder = conn.execute(select(coders.c.name).where(coders.c.db_role == login)).scalar()
    if holder is not None and holder != name:
        raise ValidationError(f"login {login!r} already acts as coder {holder!r}")
    r = conn.execute(select(coders).where(coders.c.name == name)).first()
    if r is None:
        conn.execute(insert(coders).values(uuid=new_uuid(), name=name, role=role,
                                           is_gold=False, created_at=datetime.now(UTC),
                                           db_role=login))
    else:
        conn.execute(update(coders).where(coders.c.id == r.id).values(db_role=login, role=role))
    r = conn.execute(select(coders).where(coders.c.name == name)).first()
    return rows.coder(r), groups[role]
