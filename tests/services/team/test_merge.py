"""Merging packages: adding work, idempotence, preview, the codebook diff, conflicts, documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.services.team import team_helpers as th
from tests.services.team.team_helpers import Origin

from annotator.domain.errors import ValidationError
from annotator.domain.text import text_sha256
from annotator.services.codebook_commands import AddCode, DeleteCode, UpdateCode
from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
from annotator.services.team import merge_packages


def _code_new_work(pkg_path: Path, coder: str, origin: Origin) -> dict[str, str]:
    """In a package: one new coding, one edited coding, one new code with a coding on it."""
    with th.open_as(pkg_path, coder) as pkg:
        alpha = next(d for d in pkg.documents() if d.title == "alpha")
        s, e = th.span(th.TEXTS["alpha"], "journalists")
        new = pkg.execute(ApplyCode(alpha.id, s, e, origin.code("Arrest"))).result.uuid
        pkg.execute(UpdateCoding(origin.coding(f"{coder}:detained" if coder == "alice"
                                               else "bob:convicted"), memo=f"note by {coder}"))
        code = pkg.execute(AddCode(f"Raids ({coder})", origin.code("Rights"))).result.uuid
        s, e = th.span(th.TEXTS["alpha"], "protest")
        on_new = pkg.execute(ApplyCode(alpha.id, s, e, code)).result.uuid
    return {"new": new, "code": code, "on_new": on_new}


def test_merge_adds_work_and_a_second_merge_changes_nothing(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    work = _code_new_work(pkg, "alice", origin)
    with origin.open() as p:
        report = merge_packages(p, [pkg], accept_codebook="all")
        assert report.changed and not report.conflicts
        got = th.codings_of(p)
        assert {work["new"], work["on_new"]} <= set(got)
        assert got[origin.coding("alice:detained")]["memo"] == "note by alice"
        assert th.codes_of(p)[work["code"]]["name"] == "Raids (alice)"
        assert report.packages[0].codings["added"] == 2
        assert report.packages[0].codings["updated"] == 1
        once = th.canonical(p)
        again = merge_packages(p, [pkg], accept_codebook="all")
        assert not again.changed and again.packages[0].codings["already"] == 3
        assert th.canonical(p) == once
        assert p.store.check() == []


def test_preview_reports_the_same_as_the_merge_and_changes_nothing(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    _code_new_work(pkg, "alice", origin)
    with origin.open() as p:
        before = p.store.dump()
        preview = merge_packages(p, [pkg], accept_codebook="all", dry_run=True)
        assert p.store.dump() == before
        assert preview.dry_run and preview.backup is None
        done = merge_packages(p, [pkg], accept_codebook="all")
    assert preview.packages[0].codings == done.packages[0].codings
    assert [c.change_id for c in preview.codebook_changes] == [
        c.change_id for c in done.codebook_changes]


def test_codings_on_a_new_code_wait_until_the_code_is_accepted(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    work = _code_new_work(pkg, "alice", origin)
    with origin.open() as p:
        report = merge_packages(p, [pkg], accept_codebook="none")
        added = next(c for c in report.codebook_changes if c.kind == "added")
        assert added.status == "pending" and added.codings == 1
        assert [x.uuid for x in report.pending] == [work["on_new"]]
        assert work["on_new"] not in th.codings_of(p) and work["code"] not in th.codes_of(p)
        assert work["new"] in th.codings_of(p)  # work on known codes merges anyway
        later = merge_packages(p, [pkg], accept_codebook={added.change_id})
        assert later.packages[0].codings["added"] == 1 and not later.pending
        assert work["on_new"] in th.codings_of(p)


def test_renamed_code_is_not_duplicated(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        q.execute(UpdateCode(origin.code("Arrest"), name="Arbitrary arrest"))
        alpha = next(d for d in q.documents() if d.title == "alpha")
        q.execute(ApplyCode(alpha.id, 0, 9, origin.code("Arrest")))
    with origin.open() as p:
        n = len(th.codes_of(p))
        preview = merge_packages(p, [pkg], dry_run=True)
        (change,) = preview.codebook_changes
        assert (change.kind, change.old, change.new) == ("renamed", "Arrest", "Arbitrary arrest")
        merge_packages(p, [pkg], accept_codebook=[change.change_id])
        codes = th.codes_of(p)
        assert len(codes) == n
        assert codes[origin.code("Arrest")]["name"] == "Arbitrary arrest"
        assert [r["name"] for r in codes.values()].count("Arrest") == 0


def test_rejected_rename_leaves_the_code_alone(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        q.execute(UpdateCode(origin.code("Arrest"), name="Arbitrary arrest", color="#112233"))
    with origin.open() as p:
        report = merge_packages(p, [pkg], accept_codebook={
            f"recoloured:{origin.code('Arrest')}"})
        code = th.codes_of(p)[origin.code("Arrest")]
        assert (code["name"], code["color"]) == ("Arrest", "#112233")
        status = {c.kind: c.status for c in report.codebook_changes}
        assert status == {"renamed": "pending", "recoloured": "applied"}


@pytest.mark.sqlite_only("copies the project file byte for byte")
def test_same_coding_edited_in_two_packages_is_a_conflict_in_either_order(
        origin: Origin, tmp_path: Path) -> None:
    target = origin.coding("bob:convicted")
    a, b = origin.package("alice"), origin.package("bob")
    for path, coder, memo in ((a, "alice", "from alice"), (b, "bob", "from bob")):
        with th.open_as(path, coder) as q:
            q.execute(UpdateCoding(target, memo=memo))
    dumps = []
    for order in ((a, b), (b, a)):
        copy = tmp_path / f"copy{len(dumps)}.annotator"
        copy.write_bytes(origin.path.read_bytes())
        with th.open_as(copy, "owner") as p:
            first = merge_packages(p, [order[0]])
            assert th.codings_of(p)[target]["memo"].startswith("from ")
            second = merge_packages(p, [order[1]])
            assert not first.conflicts
            (conflict,) = second.conflicts
            assert conflict.uuid == target and "several packages" in conflict.reason
            assert th.codings_of(p)[target]["memo"] == ""  # the base value is kept
            dumps.append(th.canonical(p))
    assert dumps[0] == dumps[1]


def test_edit_in_the_project_and_in_the_package_keeps_the_projects(origin: Origin) -> None:
    target = origin.coding("alice:detained")
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        q.execute(UpdateCoding(target, memo="package"))
        q.execute(DeleteCoding(origin.coding("alice:censored")))
    with th.open_as(origin.path, "owner") as p:
        p.execute(UpdateCoding(target, memo="owner"))
        p.execute(UpdateCoding(origin.coding("alice:censored"), memo="owner too"))
        report = merge_packages(p, [pkg])
        codings = th.codings_of(p)
        assert codings[target]["memo"] == "owner"
        assert codings[origin.coding("alice:censored")]["memo"] == "owner too"
    reasons = sorted(c.reason for c in report.conflicts)
    assert len(reasons) == 2
    assert "changed in the project and in the package" in reasons[0]
    assert "deleted in the package but changed in the project" in reasons[1]


def test_code_deleted_in_the_project_but_used_in_the_package(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        alpha = next(d for d in q.documents() if d.title == "alpha")
        used = q.execute(ApplyCode(alpha.id, 0, 9, origin.code("Censorship"))).result.uuid
    with th.open_as(origin.path, "owner") as p:
        p.execute(DeleteCode(origin.code("Censorship"), codings="remove"))
        report = merge_packages(p, [pkg], accept_codebook="all")
        assert used not in th.codings_of(p)
        assert origin.code("Censorship") not in th.codes_of(p)
    assert any(c.uuid == used and "deleted in the project" in c.reason
               for c in report.conflicts)
    assert used in [x.uuid for x in report.pending]


def test_code_deleted_in_the_package_but_used_in_the_project(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        q.execute(DeleteCode(origin.code("Trial"), codings="remove"))
    with origin.open() as p:
        report = merge_packages(p, [pkg], accept_codebook="all")
        assert origin.code("Trial") in th.codes_of(p)
    (removed,) = [c for c in report.codebook_changes if c.kind == "removed"]
    assert removed.status == "conflict" and "used by 1 coding" in removed.note
    assert any(c.uuid == origin.code("Trial") for c in report.conflicts)


def test_document_with_a_changed_text_is_reported_never_matched(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    changed = th.TEXTS["beta"].replace("Torture", "Abuse!!")  # same length, other text
    with th.open_as(pkg, "alice") as q:
        beta = next(d for d in q.documents() if d.title == "beta")
        with q.store.begin() as tx:  # the text was re-imported under the same document id
            tx.delete_document(beta.id)
            new_id = tx.add_document(title="beta", country=None, year=None,
                                     source_name="beta.txt", source_type="txt", text=changed,
                                     sha256=text_sha256(changed), is_report=False, segs=[],
                                     uuid=beta.uuid).id
        on_beta = q.execute(ApplyCode(new_id, 0, 7, origin.code("Torture"))).result.uuid
    with origin.open() as p:
        report = merge_packages(p, [pkg])
        assert on_beta not in th.codings_of(p)
        assert p.text(origin.info["docs"]["beta"]) == th.TEXTS["beta"]
        assert len(p.documents()) == 2
    (doc,) = report.packages[0].documents_changed
    assert doc["title"] == "beta" and doc["package_sha256"] == text_sha256(changed)
    assert any(c.kind == "document" for c in report.conflicts)
    assert [x.uuid for x in report.pending] == [on_beta]


def test_new_document_in_a_package_is_imported_with_its_codings(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    text = "A new report about prison conditions.\n"
    with th.open_as(pkg, "alice") as q:
        doc_id = th.add_text(q, "gamma", text)
        c = q.execute(ApplyCode(doc_id, 2, 5, origin.code("Torture"))).result.uuid
    with origin.open() as p:
        report = merge_packages(p, [pkg])
        gamma = next(d for d in p.documents() if d.title == "gamma")
        assert p.text(gamma.id) == text and report.packages[0].documents_imported == ["gamma"]
        assert th.codings_of(p)[c]["document_id"] == gamma.id
        again = merge_packages(p, [pkg])
        assert again.packages[0].documents_matched == 3 and not again.changed


def test_documents_match_by_text_not_by_name(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q:
        alpha = next(d for d in q.documents() if d.title == "alpha")
        with q.store.begin() as tx:
            tx.rename_document(alpha.id, "a renamed copy")
        c = q.execute(ApplyCode(alpha.id, 0, 9, origin.code("Arrest"))).result.uuid
    with origin.open() as p:
        merge_packages(p, [pkg])
        assert th.codings_of(p)[c]["document_id"] == origin.info["docs"]["alpha"]
        assert {d.title for d in p.documents()} == {"alpha", "beta"}


def test_memos_merge_by_uuid(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    with th.open_as(pkg, "alice") as q, q.store.begin() as tx:
        alpha = next(d for d in tx.documents() if d.title == "alpha")
        memo = tx.add_memo("document", alpha.uuid, "Check the dates.", q.coder.id, "dates")
    with origin.open() as p:
        report = merge_packages(p, [pkg])
        with p.read() as tx:
            (m,) = tx.memos()
        assert (m["uuid"], m["text"]) == (memo, "Check the dates.")
        assert report.packages[0].memos["added"] == 1
        assert not merge_packages(p, [pkg]).changed


def test_a_failure_inside_the_merge_leaves_the_project_unchanged(
        origin: Origin, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services.team import merge as merge_mod

    pkg = origin.package("alice", blind=True)
    _code_new_work(pkg, "alice", origin)

    def broken(*_a: object, **_k: object) -> None:
        raise ValidationError("simulated failure")

    monkeypatch.setattr(merge_mod, "merge_memos", broken)
    with origin.open() as p:
        before = p.store.dump()
        with pytest.raises(ValidationError, match="simulated"):
            merge_packages(p, [pkg], accept_codebook="all")
        assert p.store.dump() == before


@pytest.mark.sqlite_only("server projects are backed up on the server")
def test_a_backup_is_taken_before_merging(origin: Origin) -> None:
    from annotator import paths

    pkg = origin.package("alice", blind=True)
    with origin.open() as p:
        report = merge_packages(p, [pkg])
        assert report.backup and Path(report.backup).exists()
        assert Path(report.backup).parent.parent == paths.backups_dir()


def test_a_package_sent_again_brings_later_work_and_undone_changes(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    work = _code_new_work(pkg, "alice", origin)
    with th.open_as(pkg, "alice") as q:
        q.execute(UpdateCode(origin.code("Trial"), name="Fair trial"))
    with origin.open() as p:
        merge_packages(p, [pkg], accept_codebook="all")
        assert th.codes_of(p)[origin.code("Trial")]["name"] == "Fair trial"
    with th.open_as(pkg, "alice") as q:  # the coder goes on working in the same package
        q.execute(UpdateCode(origin.code("Trial"), name="Trial"))
        q.execute(DeleteCoding(work["new"]))
        q.execute(UpdateCoding(origin.coding("alice:detained"), memo=""))
        s, e = th.span(th.TEXTS["beta"], "prisons")
        later = q.execute(ApplyCode(2, s, e, origin.code("Torture"))).result.uuid
    with origin.open() as p:
        report = merge_packages(p, [pkg], accept_codebook="all")
        got = th.codings_of(p)
        assert later in got and work["new"] not in got and work["on_new"] in got
        assert got[origin.coding("alice:detained")]["memo"] == ""
        assert th.codes_of(p)[origin.code("Trial")]["name"] == "Trial"
        assert report.packages[0].codings["deleted"] == 1
        once = th.canonical(p)
        assert not merge_packages(p, [pkg], accept_codebook="all").changed
        assert th.canonical(p) == once


def test_a_second_copy_of_a_package_takes_nothing_away(origin: Origin) -> None:
    pkg = origin.package("alice", blind=True)
    twin = origin.folder / "alice-laptop.annotator-pkg"
    twin.write_bytes(pkg.read_bytes())  # the coder worked in two copies of one package
    first = _code_new_work(pkg, "alice", origin)
    with th.open_as(twin, "alice") as q:
        s, e = th.span(th.TEXTS["beta"], "prisons")
        other = q.execute(ApplyCode(2, s, e, origin.code("Torture"))).result.uuid
    with origin.open() as p:
        merge_packages(p, [pkg], accept_codebook="all")
        merge_packages(p, [twin], accept_codebook="all")
        got = th.codings_of(p)
        assert {first["new"], first["on_new"], other} <= set(got)
        assert got[origin.coding("alice:detained")]["memo"] == "note by alice"
