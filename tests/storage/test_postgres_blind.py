"""Blind double coding enforced by PostgreSQL: a coder logged in with their own login (as psql
would) cannot read other coders' codings, memos, adjudications or log entries on a document
assigned to them blind until they mark it done; owners and adjudicators read everything, and
agreement and adjudication keep working for them."""

from __future__ import annotations

import psycopg
import pytest
from tests.pg_team import Team, make_team

from annotator.services.adjudication import disagreements
from annotator.services.agreement import AgreementRequest, compute_agreement
from annotator.services.assignments import AssignDocuments, MarkDone
from annotator.services.coding_commands import ApplyCode
from annotator.services.team.server_admin import init_server
from annotator.storage import pg_blind, pg_security

pytestmark = pytest.mark.postgres


@pytest.fixture
def team(pg_url, pg_login) -> Team:  # noqa: ANN001
    """doc 0 assigned blind to amina and ben; doc 1 not assigned. Ben codes both (with memos),
    amina codes doc 0."""
    team = make_team(pg_url, pg_login, n_docs=2)
    with psycopg.connect(team.url) as conn:
        team.other_doc = conn.execute("SELECT max(id) FROM documents").fetchone()[0]
    with team.open("lead") as p:
        p.execute(AssignDocuments([team.document_id], ["amina", "ben"]))
    with team.open("ben") as p:
        team.bens_blind = p.execute(ApplyCode(team.document_id, 0, 10, team.code_uuids[0],
                                              memo="ben thinks so")).result.uuid
        team.bens_open = p.execute(ApplyCode(team.other_doc, 0, 10, team.code_uuids[0])).result.uuid
        with p.store.begin() as tx:
            tx.add_memo("coding", team.bens_blind, "ben's note on his coding", p.coder.id)
            doc_uuid = tx.document(team.document_id).uuid
            tx.add_memo("document", doc_uuid, "ben's note on the document", p.coder.id)
            tx.add_memo("project", None, "ben's general note", p.coder.id)
    with team.open("amina") as p:
        team.aminas = p.execute(ApplyCode(team.document_id, 20, 30,
                                          team.code_uuids[0])).result.uuid
    return team


def _seen(team: Team, who: str, *, set_role: str | None = None) -> dict[str, set]:
    """What ``who``'s login reads with plain SQL."""
    with psycopg.connect(team.urls[who], autocommit=True) as conn:
        if set_role:
            conn.execute(f'SET ROLE "{set_role}"')
        return {
            "codings": {u for (u,) in conn.execute("SELECT uuid FROM codings")},
            "memos": {t for (t,) in conn.execute("SELECT text FROM memos")},
            "events": {u for (u,) in conn.execute(
                "SELECT entity_uuid FROM events WHERE entity_type = 'coding'")},
            "count": {conn.execute("SELECT count(*) FROM codings").fetchone()[0]},
        }


def _group(team: Team, role: str) -> str:
    from sqlalchemy.engine import make_url

    return pg_security.group_roles(make_url(team.url).database)[role]


def test_a_blind_coder_cannot_read_colleagues_work_until_done(team: Team) -> None:
    everything = {team.bens_blind, team.bens_open, team.aminas}
    seen = _seen(team, "amina")
    assert seen["codings"] == {team.aminas, team.bens_open}
    assert seen["count"] == {2}
    assert seen["memos"] == {"ben's general note"}
    assert team.bens_blind not in seen["events"] and team.aminas in seen["events"]
    # ... not even by shedding the login for the bare group role
    assert _seen(team, "amina", set_role=_group(team, "coder"))["codings"] == seen["codings"]
    # her own app view works and shows only what she may see
    with team.open("amina") as p:
        with p.read() as tx:
            assert {c.uuid for c in tx.codings()} == {team.aminas, team.bens_open}
        p.execute(ApplyCode(team.document_id, 40, 50, team.code_uuids[1]))
        p.execute(MarkDone(team.document_id, "amina"))
        with p.read() as tx:  # done: the blind is lifted for her at once
            assert team.bens_blind in {c.uuid for c in tx.codings()}
    after = _seen(team, "amina")
    assert everything <= after["codings"]
    assert after["memos"] == {"ben's general note", "ben's note on his coding",
                              "ben's note on the document"}
    assert team.bens_blind in after["events"]
    # ben has not marked it done: he still cannot see amina's work there
    bens = _seen(team, "ben")
    assert team.aminas not in bens["codings"] and team.bens_blind in bens["codings"]


def test_the_log_of_a_coding_changed_then_deleted_stays_hidden(team: Team) -> None:
    from annotator.services.coding_commands import DeleteCoding, UpdateCoding

    with team.open("ben") as p:
        gone = p.execute(ApplyCode(team.document_id, 50, 60, team.code_uuids[0])).result.uuid
        p.execute(UpdateCoding(gone, end=70))
        p.execute(DeleteCoding(gone))
    with psycopg.connect(team.urls["amina"], autocommit=True) as conn:
        actions = [a for (a,) in conn.execute(
            "SELECT action FROM events WHERE entity_uuid = %s", (gone,))]
    assert actions == []  # neither the add, the change nor the deletion
    with psycopg.connect(team.url, autocommit=True) as conn:  # the owner reads them all
        assert sorted(a for (a,) in conn.execute(
            "SELECT action FROM events WHERE entity_uuid = %s", (gone,))) == [
            "coding.add", "coding.delete", "coding.update"]


def test_owners_and_adjudicators_read_everything_and_compare(team: Team) -> None:
    everything = {team.bens_blind, team.bens_open, team.aminas}
    for who in ("lead", "judge"):
        seen = _seen(team, who)
        assert seen["codings"] == everything
        assert len(seen["memos"]) == 3
        assert {team.bens_blind, team.aminas} <= seen["events"]
    request = AgreementRequest(("amina", "ben"), unit="character",
                               documents=(team.document_id,), pairwise=False)
    for who in ("lead", "judge"):
        with team.open(who) as p:
            report = compute_agreement(p, request)
            assert report.documents, report.excluded
            items = disagreements(p, ["amina", "ben"], documents=[team.document_id])
            assert len(items) == 2  # [0, 10) by ben only, [20, 30) by amina only


def test_adjudications_are_hidden_from_blind_coders(team: Team) -> None:
    with psycopg.connect(team.url) as conn:
        conn.execute("INSERT INTO adjudications (uuid, document_id, start, \"end\", code_uuid, "
                     "decision, reason, sources, gold_coding_uuids, decided_by, decided_at) "
                     "VALUES ('adj-1', %s, 0, 10, %s, 'accept:ben', '', '[]', '[]', 'judge', "
                     "now())", (team.document_id, team.code_uuids[0]))
    count = "SELECT count(*) FROM adjudications"
    with psycopg.connect(team.urls["amina"]) as conn:
        assert conn.execute(count).fetchone()[0] == 0
    with psycopg.connect(team.urls["judge"]) as conn:
        assert conn.execute(count).fetchone()[0] == 1


def test_init_installs_the_policies_again_and_check_says_when_it_is_due(team: Team) -> None:
    with psycopg.connect(team.url, autocommit=True) as conn:
        conn.execute("UPDATE project_meta SET value = '1' WHERE key = %s", (pg_blind.META_KEY,))
        for table in ("codings", "memos", "events"):  # an older server: reading was open
            conn.execute(f"DROP POLICY annotator_read_blind ON {table}")
            conn.execute(f'CREATE POLICY annotator_read_old ON {table} FOR SELECT TO '
                         f'"{_group(team, "coder")}" USING (true)')
    assert team.bens_blind in _seen(team, "amina")["codings"]
    with team.open("lead") as p:  # 'annotator check' says what to run
        assert any("server init" in m for m in p.store.check())
    init_server(team.url)
    init_server(team.url)  # idempotent
    assert team.bens_blind not in _seen(team, "amina")["codings"]
    with team.open("lead") as p, p.read() as tx:
        assert pg_security.security_problems(tx.conn) == []
