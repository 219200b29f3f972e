"""Annual series through the CLI: series, changes (JSON and HTML), carry (--accept same),
codings --proposed, proposals accept/reject in bulk, and the bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.project import Project

REPO = Path(__file__).resolve().parents[2]
from bench import series_corpus  # noqa: E402
from bench.keyword_coder import KEYWORDS, code_sentences  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def kz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    why = series_corpus.available()
    if why:
        pytest.skip(why)
    pages = series_corpus.unpack([(2019, "kazakhstan"), (2020, "kazakhstan")])
    f = tmp_path / "kz.annotator"
    assert run(capsys, "new", str(f))[0] == 0
    assert run(capsys, "import", str(f), *map(str, pages.values()))[0] == 0
    from annotator.services.alignment import edition
    from annotator.services.codebook_commands import AddCode

    with Project.open(f, backup=False) as p:
        p.use_coder("alice")
        ids = {n: p.execute(AddCode(n)).result.id for n in KEYWORDS}
        with p.store.begin() as tx:
            tx.add_codings_bulk([{"document_id": 1, "start": s, "end": e, "code_id": ids[c],
                                  "coder_id": p.coder.id}
                                 for _i, s, e, c in code_sentences(edition(tx, 1))])
    return f


def test_series_changes_carry_and_bulk_decisions(kz: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "series", str(kz), "--json")
    [s] = json.loads(out)
    assert [(e["year"], e["document"]) for e in s["editions"]] == [(2019, 1), (2020, 2)]
    assert s["editions"][0]["coded_share"] > 0.1 and s["editions"][1]["coded_share"] == 0
    out_json = tmp_path / "ch.json"
    assert run(capsys, "changes", str(kz), "1", "2", "--out", str(out_json))[0] == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    kinds = {r["status"] for r in data["sentences"]}
    assert {"same", "edited", "new", "removed"} <= kinds
    edited = next(r for r in data["sentences"] if r["status"] == "edited")
    assert 0 < edited["similarity"] < 1 and edited["diff"] and edited["section"] is not None
    assert all(k in edited for k in ("old_start", "old_end", "new_start", "new_end"))
    html = tmp_path / "ch.html"
    assert run(capsys, "changes", str(kz), "1", "2", "--format", "html", "--out",
               str(html))[0] == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<ins>" in page and "1.c" in page
    rc, out, err = run(capsys, "carry", str(kz), "--from", "1", "--to", "2", "--coder",
                       "alice", "--accept", "same", "--json")
    assert rc == 0, err
    report = json.loads(out)
    assert report["accepted"] >= report["methods"]["same"] > 0
    assert report["not_carried"] and report["not_carried_list"][0]["reason"]
    rc, out, _ = run(capsys, "codings", str(kz), "--document", "2", "--json", "--proposed")
    rows = json.loads(out)
    assert {r["status"] for r in rows} == {"accepted", "pending"}
    pending = [r for r in rows if r["status"] == "pending"]
    assert all(r["origin"] == "carry" and r["similarity"] is not None and r["source_coding"]
               for r in rows)
    # proposals are not codings: the codings listing holds only the accepted ones
    rc, out, _ = run(capsys, "codings", str(kz), "--document", "2", "--json")
    assert len(json.loads(out)) == report["accepted"]
    rc, out, _ = run(capsys, "proposals", str(kz), "reject", "--batch", report["batch"],
                     "--min-score", "0.95", "--json")
    rejected = json.loads(out)["rejected"]
    assert rejected == sum(1 for r in pending if r["score"] >= 0.95)
    rc, out, _ = run(capsys, "proposals", str(kz), "accept", "--batch", report["batch"],
                     "--origin", "carry", "--json")
    assert json.loads(out)["accepted"] == len(pending) - rejected
    with Project.open(kz, backup=False) as p:  # what 'annotator check' reports
        assert p.store.check() == []


def test_carry_bad_inputs(kz: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(capsys, "carry", str(kz), "--from", "2", "--to", "1", "--coder", "alice")
    assert rc == 1 and "no codings by alice" in err
    rc, _, err = run(capsys, "carry", str(kz), "--from", "1", "--to", "2")
    assert rc == 1 and "--coder NAME" in err
    rc, _, err = run(capsys, "carry", str(kz), "--from", "1", "--to", "2", "--gold")
    assert rc == 1 and "no gold standard" in err
    rc, out, _ = run(capsys, "carry", str(kz), "--from", "1", "--to", "1", "--coder", "alice",
                     "--json")
    self_carry = json.loads(out)
    assert self_carry["proposals_made"] == 0 and set(self_carry["alignment"]) == {"same"}
    rc, _, err = run(capsys, "carry", str(kz), "--from", "1", "--to", "2", "--coder", "alice",
                     "--min-similarity", "2")
    assert rc == 1 and "between 0 and 1" in err
