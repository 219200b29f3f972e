"""Code suggestions: determinism, safe model files, the project model's messages, the model as a
coder in agreement, blind-mode rules, frozen versions untouched. Tiny data, so it stays fast."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from annotator.domain.errors import InputError
from annotator.domain.text import text_sha256
from annotator.services.codebook import codebook
from annotator.services.codebook_bulk import FreezeVersion
from annotator.services.codebook_commands import AddCode
from annotator.services.coding_commands import ApplyCode
from annotator.services.project import Project
from annotator.services.suggest import run
from annotator.services.suggest.model import ModelError, SuggestModel, load_model
from annotator.services.suggest.project_model import (load_project_model, retrain_if_due,
                                                      train_project_model)
from annotator.services.suggest.training import TrainingCancelled, TrainParams, train

TOPICS = {
    "Torture": "police beat detainees with batons torture in custody electric shocks",
    "Press": "journalists newspaper editor censorship media outlet broadcast licence",
    "Labour": "workers union strike wages factory employer collective bargaining",
}
SMALL = TrainParams(max_features=2000, min_df=1, epochs=5, alpha=1e-4, jobs=1)


def _para(topic: str, i: int) -> str:
    words = TOPICS[topic].split()
    rng = np.random.default_rng(i)
    return " ".join(rng.choice(words, size=12)) + f" in region {i % 7}."


def _tiny() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for t in TOPICS:
        for i in range(15):
            texts.append(_para(t, i))
            labels.append(t)
    return texts, labels


def test_same_data_and_seed_give_the_same_model_and_suggestions() -> None:
    texts, labels = _tiny()
    two_threads = dataclasses.replace(SMALL, jobs=2)  # one-vs-rest in parallel, still the same
    a = train(texts, labels, [labels], list(TOPICS), two_threads)
    b = train(texts, labels, [labels], list(TOPICS), two_threads)
    assert a.to_bytes() == b.to_bytes()
    probe = ["the union called a strike at the factory", "police used electric shocks"]
    assert np.array_equal(a.probabilities(probe), b.probabilities(probe))
    assert [a.classes[i] for i in a.probabilities(probe, in_order=False).argmax(1)] == \
        ["Labour", "Torture"]


def test_training_can_be_cancelled() -> None:
    texts, labels = _tiny()
    with pytest.raises(TrainingCancelled):
        train(texts, labels, [], list(TOPICS), SMALL, cancelled=lambda: True)


def test_model_file_with_a_wrong_hash_is_refused(tmp_path: Path) -> None:
    texts, labels = _tiny()
    model = train(texts, labels, [], list(TOPICS), SMALL)
    path = tmp_path / "m.npz"
    digest = model.save(path, {"id": "t"})
    loaded, manifest = load_model(path)
    assert manifest["sha256"] == digest and loaded.classes == model.classes
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="refused.*sha256"):
        load_model(path)
    path.write_bytes(b"not a zip at all")
    man = json.loads(path.with_suffix(".json").read_text())
    man["sha256"] = __import__("hashlib").sha256(b"not a zip at all").hexdigest()
    path.with_suffix(".json").write_text(json.dumps(man))
    with pytest.raises(ModelError, match="refused: not a readable"):
        load_model(path)
    with pytest.raises(ModelError, match="refused"):
        SuggestModel.from_bytes(b"x" * 10, "0" * 64, "m.npz")


# ----- the project model -------------------------------------------------------------------
@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.annotator")
    p.use_coder("amina")
    codes = {t: p.execute(AddCode(t)).result.uuid for t in TOPICS}
    for d in range(3):
        paras = [_para(t, d * 20 + i) for i in range(8) for t in TOPICS]
        text = "\n\n".join(paras)
        with p.store.begin() as tx:
            tx.add_document(title=f"doc {d}", country=None, year=None, source_name=f"{d}.txt",
                            source_type="txt", text=text, sha256=text_sha256(text),
                            is_report=False, segs=[])
        pos = 0
        for j, para in enumerate(paras):
            if j % 3 != 2 or d < 2:  # leave some paragraphs of the last document uncoded
                p.execute(ApplyCode(d + 1, pos, pos + len(para), codes[list(TOPICS)[j % 3]]))
            pos += len(para) + 2
    yield p
    p.close()


def test_too_few_examples_are_named(project: Project) -> None:
    book = codebook(project)
    with pytest.raises(InputError, match=r"needs at least 50 coded examples of Labour \(16\), "
                                         r"Press \(24\), Torture \(24\)"):
        train_project_model(project, book, min_examples=50, params=SMALL)
    model, short = train_project_model(project, book, min_examples=20, params=SMALL)
    assert short == ["Labour (16)"]
    assert set(model.classes) == {book.find_path("Press").uuid, book.find_path("Torture").uuid,
                                  "__none__"}


def test_out_of_date_model_says_retrain(project: Project) -> None:
    book = codebook(project)
    train_project_model(project, book, min_examples=5, params=SMALL)
    bound = load_project_model(project, book)
    found = run.suggest_document(project, bound, book, 1)
    assert found and all(0 < s.confidence <= 1 for s in found)
    project.execute(AddCode("Evictions"))
    with pytest.raises(ModelError, match="the model is out of date; retrain.*Evictions"):
        load_project_model(project, codebook(project))
    assert retrain_if_due(project, codebook(project), min_examples=5, params=SMALL) is not None
    load_project_model(project, codebook(project))  # fresh again
    assert retrain_if_due(project, codebook(project), every=50, min_examples=5,
                          params=SMALL) is None


def test_rejected_suggestions_become_negative_examples(project: Project) -> None:
    from annotator.services.proposals import RejectProposal
    from annotator.services.suggest.project_model import collect

    book = codebook(project)
    train_project_model(project, book, min_examples=5, params=SMALL)
    bound = load_project_model(project, book)
    found = run.suggest_document(project, bound, book, 3)
    made = run.propose(project, found, bound.ref, "paragraph").result
    assert len(made.uuids) >= 1
    project.execute(RejectProposal(made.uuids[0]))
    assert collect(project, book).rejected == 1


def test_the_model_coder_appears_in_agreement(project: Project) -> None:
    from annotator.services.agreement import compute_agreement
    from annotator.services.agreement.request import AgreementRequest

    book = codebook(project)
    train_project_model(project, book, min_examples=5, params=SMALL)
    bound = load_project_model(project, book)
    found = run.suggest_document(project, bound, book, 1) + \
        run.suggest_document(project, bound, book, 2)
    coder = run.model_coder(project, "model-project")
    assert coder.kind == "model"
    out = run.write_as_coder(project, coder, found, bound.ref)
    assert len(out.result) == len(found)
    assert len(run.write_as_coder(project, coder, found, bound.ref).result) == 0  # no doubles
    with pytest.raises(InputError, match="person"):
        run.model_coder(project, "amina")
    report = compute_agreement(project, AgreementRequest(coders=("amina", "model-project"),
                                                         unit="sentence",
                                                         statistics=("kappa", "percent")))
    assert report.coders == ("amina", "model-project")
    assert report.n_units > 0 and report.overall is not None
    assert {d["id"] for d in report.documents} == {1, 2}


def test_blind_mode_hides_suggestions_until_done(project: Project) -> None:
    from annotator.services.assignments import assign, mark_done

    assign(project, ["amina", "ben"], documents=[1])
    assert run.suggestions_allowed(project, "amina", 1)[0] is False
    assert "mark this document done" in run.suggestions_allowed(project, "amina", 1)[1]
    assert run.suggestions_allowed(project, "amina", 2) == (True, "")
    run.set_blind_rule(project, on=False)
    assert run.suggestions_allowed(project, "amina", 1) == (True, "")
    run.set_blind_rule(project, on=True)
    mark_done(project, 1, "amina")
    assert run.suggestions_allowed(project, "amina", 1) == (True, "")
    assert run.suggestions_allowed(project, "ben", 1)[0] is False


def test_frozen_codebook_versions_are_never_touched(project: Project) -> None:
    project.execute(FreezeVersion("v1"))
    with project.read() as tx:
        before = tx.version_records()
    book = codebook(project)
    train_project_model(project, book, min_examples=5, params=SMALL)
    bound = load_project_model(project, book)
    found = run.suggest_document(project, bound, book, 1)
    run.write_as_coder(project, run.model_coder(project, "m"), found, bound.ref)
    with project.read() as tx:
        assert tx.version_records() == before
