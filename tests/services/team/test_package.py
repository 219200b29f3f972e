"""Making coding packages: contents, blind mode, metadata, codebook version, atomic writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.services.team import team_helpers as th
from tests.services.team.team_helpers import Origin

from annotator.domain.errors import InputError, NotFoundError
from annotator.services.codebook_commands import UpdateCode
from annotator.services.project import Project
from annotator.services.team import make_package, read_info


def test_package_holds_documents_codebook_and_coder_with_the_same_ids(origin: Origin) -> None:
    out = origin.folder / "alice.annotator-pkg"
    with origin.open() as p:
        summary = make_package(p, out, "alice", [origin.info["docs"]["alpha"]], blind=False)
        docs = {d.uuid: d for d in p.documents()}
        codes = th.codes_of(p)
        alice = next(c for c in p.coders() if c.name == "alice")
        project_uuid = p.uuid
    assert summary.documents == 1 and summary.coder == "alice" and not summary.blind
    with Project.open(out, backup=False) as pkg:  # the normal app opens it
        pdocs = pkg.documents()
        assert [d.uuid for d in pdocs] == [d.uuid for d in docs.values() if d.title == "alpha"]
        assert pkg.text(pdocs[0].id) == th.TEXTS["alpha"]
        assert pdocs[0].sha256 == docs[pdocs[0].uuid].sha256
        assert set(th.codes_of(pkg)) == set(codes)
        assert {u: r["name"] for u, r in th.codes_of(pkg).items()} == {
            u: r["name"] for u, r in codes.items()}
        assert alice.uuid in {c.uuid for c in pkg.coders()}
        # not blind: every coding on the chosen document, both coders
        got = th.codings_of(pkg)
        assert set(got) == {origin.coding("alice:detained"), origin.coding("bob:convicted")}
        with pkg.read() as tx:
            meta = tx.meta()
    assert meta["package.origin"] == project_uuid
    assert meta["package.coder"] == alice.uuid
    assert meta["package.id"] == summary.package_id == meta["uuid"]
    assert meta["package.created_at"] and meta["package.codebook_version"]
    base = json.loads(meta["package.base"])
    assert set(base["codes"]) == set(codes) and set(base["codings"]) == set(got)


def test_blind_package_carries_only_the_coders_own_codings(origin: Origin) -> None:
    out = origin.package("alice", blind=True)
    with Project.open(out, backup=False) as pkg:
        assert set(th.codings_of(pkg)) == {origin.coding("alice:detained"),
                                           origin.coding("alice:censored")}
        assert {c.name for c in pkg.coders()} == {"alice"}
        assert len(pkg.documents()) == 2
    info = read_info(out)
    assert info.blind and info.coder_uuid


def test_a_version_is_frozen_only_when_the_codebook_changed(origin: Origin) -> None:
    with origin.open() as p:
        first = make_package(p, origin.folder / "a.annotator-pkg", "alice")
        second = make_package(p, origin.folder / "b.annotator-pkg", "bob")
        p.use_coder("owner")
        p.execute(UpdateCode(origin.code("Trial"), name="Fair trial"))
        third = make_package(p, origin.folder / "c.annotator-pkg", "carol")
        with p.read() as tx:
            versions = [v["name"] for v in tx.versions()]
            assert tx.coder_by_name("carol") is not None  # a new coder is created
    assert first.froze_version and not second.froze_version and third.froze_version
    assert second.codebook_version == first.codebook_version
    assert versions == [first.codebook_version, third.codebook_version]
    with Project.open(origin.folder / "c.annotator-pkg", backup=False) as pkg, pkg.read() as tx:
        assert [v["name"] for v in tx.versions()][-1] == third.codebook_version


def test_package_is_written_atomically_and_never_overwrites_by_accident(origin: Origin) -> None:
    out = origin.package("alice")
    before = out.read_bytes()
    with origin.open() as p:
        with pytest.raises(InputError, match="already exists"):
            make_package(p, out, "alice")
        with pytest.raises(NotFoundError, match="no document with id 99"):
            make_package(p, origin.folder / "x.annotator-pkg", "alice", [99])
    assert out.read_bytes() == before
    assert not list(origin.folder.glob(".*.part*"))
    assert not (origin.folder / "x.annotator-pkg").exists()


def test_package_opens_and_can_be_coded_in_with_the_normal_app(origin: Origin) -> None:
    from annotator.services.coding_commands import ApplyCode

    out = origin.package("alice", blind=True)
    with th.open_as(out, "alice") as pkg:
        doc = pkg.documents()[0]
        c = pkg.execute(ApplyCode(doc.id, 0, 9, origin.code("Arrest"))).result
        assert c.coder_id == pkg.coder.id
        assert pkg.store.check() == []


@pytest.mark.sqlite_only("reads the project file as a package")
def test_read_info_names_the_file_when_it_is_no_package(origin: Origin, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a coding package"):
        read_info(origin.path)
