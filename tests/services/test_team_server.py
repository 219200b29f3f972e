"""Team server services: copying projects between SQLite and PostgreSQL, the live change feed,
optimistic locking between two connections, and losing the server connection mid-session."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from tests.pg_backend import login_url
from sqlalchemy import text

from annotator.cli import main
from annotator.domain.errors import ConflictError, ProjectError, ValidationError
from annotator.domain.model import AttributeDef
from annotator.domain.text import text_sha256
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.codebook_edit import UpdateCode
from annotator.services.commands import Outcome
from annotator.services.live import Cursor, changes_since, poll, start_cursor
from annotator.services.project import Project
from annotator.services.team.copy import copy_project
from annotator.storage.db_errors import CONNECTION_LOST

pytestmark = pytest.mark.postgres

TEXT = "Café owners 😀 said the police harassed them.\n\nTorture was common in prisons.\n"


def _rich_project(target: str | Path) -> Project:
    """A project using every table: documents, segments, a code tree with attributes, coders,
    a codebook version, codings (memo, attributes, old timestamps), memos, events,
    assignments and an adjudication record."""
    from annotator.domain.model import Segment

    p = Project.create(target)
    t0 = datetime(2021, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    p.use_coder("ann")
    with p.store.begin() as tx:
        doc = tx.add_document(title="Turkey 2020", country="Turkey", year=2020,
                              source_name="t.txt", source_type="txt", text=TEXT,
                              sha256=text_sha256(TEXT), is_report=True,
                              segs=[Segment("section", "1", "Section 1", 0, 40)])
        bob = tx.add_coder("bob", role="adjudicator")
        gold = tx.add_coder("gold", is_gold=True)
        later = tx.add_code(name="Later parent", position=1)
        root = tx.add_code(name="Rights", codable=False)
        child = tx.add_code(name="Torture", parent_id=root.id,
                            attributes=[AttributeDef("score", "ordinal", ("0", "1"))])
        tx.update_code(root.id, parent_id=later.id)  # a parent with a higher id
        vid = tx.add_version("v1", {"codes": [child.uuid]})
        c = tx.add_coding(document_id=doc.id, start=0, end=4, code_id=child.id,
                          coder_id=bob.id, memo="é memo", attributes={"score": "1"},
                          codebook_version_id=vid, created_at=t0, modified_at=t0)
        tx.add_coding(document_id=doc.id, start=5, end=11, code_id=child.id, coder_id=gold.id)
        tx.add_memo("coding", c.uuid, "a memo", bob.id, title="T")
        tx.put_assignment(doc.id, bob.id, blind=True)
        tx.put_adjudication({"document_id": doc.id, "start": 0, "end": 4,
                             "code_uuid": child.uuid, "decision": "union", "sources": [],
                             "gold_coding_uuids": [], "decided_by": "bob"})
    p.execute(ApplyCode(doc.id, 12, 18, child.uuid, memo="via command"))
    return p


def _normal(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def _dump(p: Project) -> dict[str, list[tuple]]:
    return {t: [tuple(_normal(v) for v in row) for row in rows]
            for t, rows in p.store.dump().items()}


def _roundtrip_check(source: str | Path, target: str | Path) -> None:
    with Project.open(source, backup=False) as a, Project.open(target, backup=False) as b:
        assert _dump(b) == _dump(a)
        assert a.uuid == b.uuid
        assert b.store.check() == []
        assert b.search("cafe") and b.search("cafe")[0].match == "Café"


def test_copy_sqlite_to_postgresql_and_back_is_lossless(tmp_path: Path, pg_url: str) -> None:
    src = tmp_path / "src.annotator"
    _rich_project(src).close()
    report = copy_project(src, pg_url)
    assert report.rows["codings"] == 3 and report.rows["events"] >= 2
    _roundtrip_check(src, pg_url)
    back = tmp_path / "back.annotator"
    copy_project(pg_url, back)
    _roundtrip_check(src, back)
    with Project.open(pg_url, backup=False) as p:  # ids continue after the copied ones
        p.use_coder("ann")
        with p.read() as tx:
            code = next(c for c in tx.codes() if c.name == "Torture")
            top = max(c.id for c in tx.codings())
        assert p.execute(ApplyCode(1, 0, 3, code.uuid)).result.id == top + 1


def test_copy_refuses_a_non_empty_target_and_changes_nothing(tmp_path: Path,
                                                             pg_url: str) -> None:
    src = tmp_path / "src.annotator"
    _rich_project(src).close()
    copy_project(src, pg_url)
    with Project.open(pg_url, backup=False) as p:
        before = p.store.dump()
    with pytest.raises(ValidationError, match="already holds project data"):
        copy_project(src, pg_url)
    with Project.open(pg_url, backup=False) as p:
        assert p.store.dump() == before
    with pytest.raises(ProjectError, match="same project"):
        copy_project(src, src)


def test_failed_copy_leaves_no_target_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    from annotator.storage import copying

    src = tmp_path / "src.annotator"
    _rich_project(src).close()

    def explode(rows: Any) -> Any:
        raise ValidationError("boom")

    monkeypatch.setattr(copying, "_parents_first", explode)  # fails after some tables
    with pytest.raises(ValidationError, match="boom"):
        copy_project(src, tmp_path / "out.annotator")
    assert not list(tmp_path.glob("out.annotator*"))


def test_copy_command_both_directions(tmp_path: Path, pg_url: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src.annotator"
    _rich_project(src).close()
    assert main(["copy", str(src), pg_url]) == 0
    assert "3 codings" in capsys.readouterr().out
    assert main(["copy", pg_url, str(tmp_path / "b.annotator")]) == 0
    _roundtrip_check(src, tmp_path / "b.annotator")
    assert main(["copy", str(src), pg_url]) == 1
    assert "already holds project data" in capsys.readouterr().err


def test_server_commands_set_up_a_coder(pg_url: str, pg_login: Callable[[str], str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    Project.create(pg_url).close()
    assert main(["server", "init", pg_url]) == 0
    login = pg_login("eve")
    assert main(["server", "add-user", pg_url, "--name", "Eve", "--role", "coder",
                 "--login", login, "--password", "s3cret", "--json"]) == 0
    assert '"coder": "Eve"' in capsys.readouterr().out
    with Project.open(login_url(pg_url, login, "s3cret"), backup=False) as p:
        assert p.coder is not None and p.coder.name == "Eve"
    with pytest.raises(SystemExit):
        main(["server", "add-user", pg_url, "--name", "X", "--role", "boss"])


# --- live feed --------------------------------------------------------------------------------
def _doc_and_code(p: Project) -> tuple[int, str]:
    with p.store.begin() as tx:
        doc = tx.add_document(title="d", country=None, year=None, source_name="d.txt",
                              source_type="txt", text=TEXT, sha256=text_sha256(TEXT),
                              is_report=False, segs=[])
        code = tx.add_code(name="Torture")
    return doc.id, code.uuid


def test_a_coder_sees_the_others_codings_within_two_seconds(pg_url: str) -> None:
    with Project.create(pg_url) as a, Project.open(pg_url, backup=False) as b:
        a.use_coder("amina")
        b.use_coder("ben")
        doc, code = _doc_and_code(a)
        cursor = start_cursor(b)
        t0 = time.monotonic()
        made = a.execute(ApplyCode(doc, 0, 4, code)).result
        cursor, changes = changes_since(b, cursor)
        assert time.monotonic() - t0 < 2.0
        assert changes.codings == {made.id} and changes.coded_documents == {doc}
        cursor, changes = changes_since(b, cursor)
        assert not changes.codings  # reported once
        a.execute(DeleteCoding(made.uuid))
        update = poll(b, cursor, skip_actor="ben")
        assert update.changes.coded_documents == {doc} and update.actors == {"amina"}
        assert poll(a, cursor, skip_actor="amina").events == 0  # own actions left out


def test_feed_reports_events_committed_out_of_id_order(pg_url: str) -> None:
    with Project.create(pg_url) as p:
        p.use_coder("amina")
        doc, code = _doc_and_code(p)
        cursor = start_cursor(p)
        slow = p.store.engine.connect()
        slow_tx = slow.begin()
        slow.execute(text("INSERT INTO events (uuid, at, actor, action, entity_type, payload) "
                          "VALUES ('slow', now(), 'x', 'coding.add', 'coding', "
                          "'{\"document\": %d}')" % doc))
        fast = p.execute(ApplyCode(doc, 0, 4, code)).result  # a later id, committed first
        cursor, changes = changes_since(p, cursor)
        assert changes.codings == {fast.id} and cursor.pending
        slow_tx.commit()
        slow.close()
        cursor, changes = changes_since(p, cursor)
        assert changes.coded_documents == {doc} and not cursor.pending
        old = Cursor(cursor.last_id, ((cursor.last_id - 1, -1e9),))
        assert poll(p, old).cursor.pending == ()  # long-missing ids are forgotten


def test_feed_works_on_sqlite_too(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path) as a, Project.open(path, backup=False) as b:
        a.use_coder("amina")
        doc, code = _doc_and_code(a)
        cursor = start_cursor(b)
        c = a.execute(ApplyCode(doc, 0, 4, code)).result
        a.execute(UpdateCode(code, name="Torture and ill-treatment"))
        update = poll(b, cursor)
        assert c.id in update.changes.codings and update.changes.codebook


# --- optimistic locking -----------------------------------------------------------------------
def test_second_writer_of_a_coding_gets_a_conflict(pg_url: str) -> None:
    with Project.create(pg_url) as a, Project.open(pg_url, backup=False) as b:
        a.use_coder("amina")
        b.use_coder("amina")
        doc, code = _doc_and_code(a)
        c = a.execute(ApplyCode(doc, 0, 4, code)).result
        a.execute(UpdateCoding(c.uuid, memo="first", expected_version=c.version))
        with pytest.raises(ConflictError, match="changed by someone else; reload"):
            b.execute(UpdateCoding(c.uuid, memo="second", expected_version=c.version))
        with b.read() as tx:
            assert tx.coding_by_uuid(c.uuid).memo == "first"
            assert [e["action"] for e in tx.events(2)] == ["coding.update", "coding.add"]


def test_concurrent_writers_wait_then_the_second_conflicts(pg_url: str) -> None:
    """The first writer holds its transaction open; the second blocks on the row, then sees
    the new version and is refused (read committed re-checks the WHERE clause)."""
    with Project.create(pg_url) as a, Project.open(pg_url, backup=False) as b:
        a.use_coder("lead")
        b.use_coder("lead")
        doc, code = _doc_and_code(a)
        with a.read() as tx:
            version = tx.code_by_uuid(code).version
        errors: list[Exception] = []
        started = threading.Event()

        def second() -> None:
            started.wait()
            try:
                b.execute(UpdateCode(code, expected_version=version, name="Ill-treatment"))
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

        t = threading.Thread(target=second)
        t.start()
        with a.store.begin() as tx:
            tx.update_code(tx.code_by_uuid(code).id, version, name="Torture (all forms)")
            started.set()
            time.sleep(0.3)  # the second writer is now waiting for this row
        t.join(10)
        assert len(errors) == 1 and isinstance(errors[0], ConflictError)
        with b.read() as tx:
            assert tx.code_by_uuid(code).name == "Torture (all forms)"


# --- losing the connection --------------------------------------------------------------------
class _Proxy:
    """A TCP relay to the server that can be cut (all connections dropped, port closed) and
    restored on the same port: a network outage on demand."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._socks: list[socket.socket] = []
        self._server: socket.socket | None = None
        self.start()

    def start(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen()
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            try:
                server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
            except OSError:
                pass
            server.close()
        for s in self._socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self._socks.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._socks += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass


def test_outage_refuses_actions_with_a_clear_message_and_reconnecting_resumes(
        pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    proxy = _Proxy(url.host or "127.0.0.1", url.port or 5432)
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        with Project.create(via_proxy) as p:
            p.use_coder("amina")
            doc, code = _doc_and_code(p)
            p.execute(ApplyCode(doc, 0, 4, code))
            assert p.is_connected()
            proxy.cut()
            with pytest.raises(ProjectError) as info:
                p.execute(ApplyCode(doc, 5, 9, code))
            assert str(info.value) == CONNECTION_LOST
            assert not p.is_connected()
            with pytest.raises(ProjectError, match="lost the connection"):
                p.execute(ApplyCode(doc, 10, 14, code))
            proxy.start()
            assert p.is_connected()
            p.execute(ApplyCode(doc, 15, 19, code))
            with p.read() as tx:
                assert [(c.start, c.end) for c in tx.codings()] == [(0, 4), (15, 19)]
    finally:
        proxy.cut()


def test_backend_terminated_mid_action_saves_nothing_and_the_next_action_works(
        pg_url: str) -> None:
    with Project.create(pg_url) as p:
        p.use_coder("amina")
        doc, code = _doc_and_code(p)

        class DiesHalfway:
            def apply(self, tx: Any, ctx: Any) -> Outcome:
                out = ApplyCode(doc, 0, 4, code).apply(tx, ctx)
                pid = tx.conn.execute(text("SELECT pg_backend_pid()")).scalar()
                with psycopg.connect(pg_url, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
                tx.conn.execute(text("SELECT 1"))
                return out

        with pytest.raises(ProjectError, match="lost the connection to the team server; "
                                               "your last action was not saved"):
            p.execute(DiesHalfway())
        with psycopg.connect(pg_url, autocommit=True) as admin:  # idle connections die too
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        p.execute(ApplyCode(doc, 5, 9, code))  # pre-ping replaces the dead connection
        with p.read() as tx:
            assert [(c.start, c.end) for c in tx.codings()] == [(5, 9)]


def test_unreachable_server_is_a_one_line_error() -> None:
    with pytest.raises(ProjectError, match="cannot be"):
        Project.open("postgresql://nobody:secret@127.0.0.1:1/none", backup=False)
    try:
        Project.open("postgresql://nobody:secret@127.0.0.1:1/none", backup=False)
    except ProjectError as exc:
        assert "secret" not in str(exc)
