"""Proposals on a team server: a coder makes and decides their own proposals; another coder's
proposals cannot be changed through plain SQL (row-level security and the guard trigger)."""

from __future__ import annotations

import psycopg
import pytest
from tests.pg_team import Team, make_team

from annotator.domain.proposals import NewProposal
from annotator.services.proposals import AcceptProposal, MakeProposals

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def team(pg_module) -> Team:  # noqa: ANN001
    return make_team(pg_module.database(), pg_module.login)


def test_coder_decides_own_proposals_but_not_anothers(team: Team) -> None:
    with team.open("amina") as p:
        me = p.coder.id
        made = p.execute(MakeProposals([NewProposal(team.document_id, 4, 10, team.code_uuids[0],
                                                    me, "carry", "x", 1.0, {"method": "same"}),
                                        NewProposal(team.document_id, 11, 20,
                                                    team.code_uuids[1], me, "carry")])).result
        out = p.execute(AcceptProposal(made.uuids[0]))
        assert out.result and len(out.result) == 1
    with psycopg.connect(team.urls["ben"], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another coder"):
            conn.execute("UPDATE proposals SET status = 'rejected' WHERE uuid = %s",
                         (made.uuids[1],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO proposals (uuid, document_id, start, \"end\", code_uuid, coder_id, "
                "origin, origin_ref, evidence, status, batch, doc_sha256, created_at) SELECT "
                "'forged', %s, 0, 5, 'c', id, 'carry', '', '{}', 'pending', 'b', 'x', now() "
                "FROM coders WHERE name = 'amina'", (team.document_id,))
    with psycopg.connect(team.urls["amina"], autocommit=True) as conn:
        conn.execute("UPDATE proposals SET status = 'rejected' WHERE uuid = %s",
                     (made.uuids[1],))
