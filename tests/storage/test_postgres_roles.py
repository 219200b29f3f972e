"""Team roles are enforced by PostgreSQL itself: a coder connecting with plain SQL (as psql
would) cannot change another coder's codings, the codebook or the log; the app gets one-line
errors for the same refusals."""

from __future__ import annotations

import psycopg
import pytest
from tests.pg_team import Team, make_team

from annotator.domain.errors import ValidationError
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.project import Project

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def team(pg_module) -> Team:  # noqa: ANN001
    """One team project for the module: each test works on codings of its own."""
    return make_team(pg_module.database(), pg_module.login)


def _code(team: Team, who: str, start: int = 0, end: int = 10, code: int = 0) -> str:
    with team.open(who) as p:
        return p.execute(ApplyCode(team.document_id, start, end, team.code_uuids[code])).result.uuid


def _sql(team: Team, who: str) -> psycopg.Connection:
    return psycopg.connect(team.urls[who], autocommit=True)


def _coding(team: Team, uuid: str) -> tuple[str, int, int] | None:
    with psycopg.connect(team.url) as conn:
        return conn.execute("SELECT memo, start, coder_id FROM codings WHERE uuid = %s",
                            (uuid,)).fetchone()


def test_the_login_acts_as_its_coder(team: Team) -> None:
    with team.open("amina") as p:
        assert p.coder is not None and p.coder.name == "amina"
        c = p.execute(ApplyCode(team.document_id, 4, 10, team.code_uuids[0])).result
        assert c.coder_id == p.coder.id
        with p.read() as tx:
            assert tx.events(1)[0]["actor"] == "amina"


def test_coder_cannot_update_or_delete_another_coders_codings_through_sql(team: Team) -> None:
    bens = _code(team, "ben")
    before = _coding(team, bens)
    with _sql(team, "amina") as conn:
        for statement in ("UPDATE codings SET memo = 'hacked' WHERE uuid = %s",
                          "UPDATE codings SET coder_id = (SELECT id FROM coders "
                          "WHERE name = 'amina') WHERE uuid = %s",
                          "DELETE FROM codings WHERE uuid = %s"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another coder"):
                conn.execute(statement, (bens,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM codings")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE codings")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE codings DISABLE TRIGGER ALL")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO codings (uuid, document_id, code_id, coder_id, start, \"end\", "
                "memo, attributes, created_at, modified_at, version) SELECT 'forged', 1, "
                "(SELECT min(id) FROM codes), id, 0, 5, '', '{}', now(), now(), 1 "
                "FROM coders WHERE name = 'ben'")
        assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] >= 1  # may read
    assert _coding(team, bens) == before


def test_coder_may_change_and_delete_own_codings_through_sql(team: Team) -> None:
    mine = _code(team, "amina")
    with _sql(team, "amina") as conn:
        conn.execute("UPDATE codings SET memo = 'note', start = 2 WHERE uuid = %s", (mine,))
        assert _coding(team, mine)[:2] == ("note", 2)
        conn.execute("DELETE FROM codings WHERE uuid = %s", (mine,))
    assert _coding(team, mine) is None


def test_coder_cannot_touch_codebook_documents_coders_or_the_log(team: Team) -> None:
    with _sql(team, "amina") as conn:
        for statement in ("UPDATE codes SET name = 'x'", "DELETE FROM codes",
                          "UPDATE documents SET title = 'x'",
                          "UPDATE coders SET db_role = NULL",
                          "INSERT INTO project_meta VALUES ('k', 'v')",
                          "DELETE FROM events", "UPDATE events SET actor = 'x'",
                          "SET ROLE " + team.logins["lead"]):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO events (uuid, at, actor, action, entity_type, payload) "
                         "VALUES ('e1', now(), 'ben', 'coding.delete', 'coding', '{}')")
        conn.execute("INSERT INTO events (uuid, at, actor, action, entity_type, payload) "
                     "VALUES ('e2', now(), 'amina', 'note', 'project', '{}')")


def test_app_gets_one_line_refusals_and_nothing_changes(team: Team) -> None:
    bens = _code(team, "ben")
    before = _coding(team, bens)
    with team.open("amina") as p:
        with p.read() as tx:
            logged = len(tx.events())
        with pytest.raises(ValidationError, match="belongs to another coder"):
            p.execute(UpdateCoding(bens, memo="mine now"))
        with pytest.raises(ValidationError, match="belongs to another coder"):
            p.execute(DeleteCoding(bens))
        ben_id = _coding(team, bens)[2]
        with pytest.raises(ValidationError, match="only your own codings"):
            p.execute(ApplyCode(team.document_id, 0, 3, team.code_uuids[0], coder_id=ben_id))
        with pytest.raises(ValidationError, match="may not change coders"):
            p.use_coder("somebody else")
        with p.read() as tx:
            assert len(tx.events()) == logged
    assert _coding(team, bens) == before


def test_adjudicator_writes_gold_codings_but_not_coders_codings(team: Team) -> None:
    bens = _code(team, "ben")
    with psycopg.connect(team.url) as conn:
        gold = conn.execute("SELECT id FROM coders WHERE is_gold").fetchone()[0]
    with team.open("judge") as p:
        c = p.execute(ApplyCode(team.document_id, 0, 8, team.code_uuids[1],
                                coder_id=gold)).result
        p.execute(UpdateCoding(c.uuid, memo="settled"))
        with pytest.raises(ValidationError, match="another coder"):
            p.execute(UpdateCoding(bens, memo="overruled"))
    with _sql(team, "judge") as conn:
        conn.execute("DELETE FROM codings WHERE coder_id = %s", (gold,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM codings WHERE uuid = %s", (bens,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE codes SET name = 'x'")


def test_owner_manages_the_codebook_and_may_fix_any_coding(team: Team) -> None:
    bens = _code(team, "ben")
    with _sql(team, "lead") as conn:
        conn.execute("UPDATE codes SET name = 'Torture and ill-treatment' WHERE uuid = %s",
                     (team.code_uuids[0],))
        conn.execute("UPDATE codings SET memo = 'checked' WHERE uuid = %s", (bens,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM events")
    assert _coding(team, bens)[0] == "checked"


def test_memos_belong_to_their_coder(team: Team) -> None:
    with team.open("ben") as p, p.store.begin() as tx:
        memo = tx.add_memo("document", None, "ben's thought", p.coder.id)
    with _sql(team, "amina") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE memos SET text = 'x' WHERE uuid = %s", (memo,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM memos WHERE uuid = %s", (memo,))


def test_init_is_repeatable_and_add_user_relinks(team: Team, pg_module) -> None:  # noqa: ANN001
    from annotator.services.team.server_admin import add_user, init_server

    init_server(team.url)  # again: same roles, policies replaced, no error
    with pytest.raises(ValidationError, match="already acts as coder"):
        add_user(team.url, name="carla", role="coder", login=team.logins["amina"])
    login = pg_module.login("dora")
    add_user(team.url, name="dora", role="coder", login=login)
    added = add_user(team.url, name="dora", role="adjudicator", login=login)
    assert added.group.endswith("_adjudicator") and added.coder.role == "adjudicator"
    with psycopg.connect(team.url) as conn:
        groups = {r for (r,) in conn.execute(
            "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member "
            "JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = %s", (login,))}
    assert groups == {added.group}


def test_sqlite_projects_have_no_server_roles(tmp_path) -> None:  # noqa: ANN001
    from annotator.services.team.server_admin import init_server

    Project.create(tmp_path / "p.annotator").close()
    with pytest.raises(ValidationError, match="postgresql"):
        init_server(str(tmp_path / "p.annotator"))


def test_coder_marks_own_assignment_done_but_cannot_unblind_it(team: Team) -> None:
    from annotator.services.assignments import MarkDone

    with psycopg.connect(team.url) as conn:
        conn.execute("INSERT INTO assignments (document_id, coder_id, blind, done, assigned_at) "
                     "SELECT %s, id, true, false, now() FROM coders "
                     "WHERE name IN ('amina', 'ben')", (team.document_id,))
    with team.open("amina") as p:
        p.execute(MarkDone(team.document_id, "amina"))
        with pytest.raises(ValidationError, match="not allowed"):
            p.execute(MarkDone(team.document_id, "ben"))
    with _sql(team, "amina") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only the owner"):
            conn.execute("UPDATE assignments SET blind = false")
    with psycopg.connect(team.url) as conn:
        rows = conn.execute("SELECT c.name, a.done, a.blind FROM assignments a JOIN coders c "
                            "ON c.id = a.coder_id ORDER BY c.name").fetchall()
    assert rows == [("amina", True, True), ("ben", False, True)]


def test_a_coder_cannot_upgrade_the_schema_and_is_told_who_can(team: Team) -> None:
    from annotator.domain.errors import ProjectError
    from annotator.storage.migrate import head_revision

    with psycopg.connect(team.url, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0003'")
        try:
            with pytest.raises(ProjectError, match="administrator opens it once"):
                team.open("amina")
        finally:
            conn.execute("UPDATE alembic_version SET version_num = %s", (head_revision(),))
