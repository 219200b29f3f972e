"""One simulated coder for the concurrency test, run as its own process.

``python pg_coder_worker.py URL SEED N [FOREIGN_UUID]``: connects as the login in URL (so it acts
as that login's coder), does N random actions (apply a code, edit or delete one of its own
codings, optimistic locking on) and now and then tries to edit another coder's coding, which
the database must refuse. Prints one JSON object: what it did and the codings it believes it
has at the end, plus the latency of each ApplyCode.
"""

from __future__ import annotations

import json
import random
import sys
import time


def main(url: str, seed: int, n: int, foreign: str | None) -> dict:
    from annotator.domain.errors import ValidationError
    from annotator.services.coding_commands import ApplyCode, DeleteCoding, UpdateCoding
    from annotator.services.project import Project

    rng = random.Random(seed)
    project = Project.open(url, backup=False)
    assert project.coder is not None, "the login is not linked to a coder"
    docs = project.documents()
    with project.read() as tx:
        codes = [c.uuid for c in tx.codes() if c.codable]
    mine: dict[str, dict] = {}
    counts = {"coding.add": 0, "coding.update": 0, "coding.delete": 0}
    refused = 0
    apply_ms: list[float] = []
    for i in range(n):
        roll = rng.random()
        if foreign and i % 100 == 50:
            try:
                project.execute(UpdateCoding(foreign, memo=f"overwritten by {seed}"))
            except ValidationError:
                refused += 1
        if not mine or roll < 0.5:
            doc = rng.choice(docs)
            start = rng.randrange(0, doc.chars - 50)
            end = start + rng.randrange(1, 50)
            code = rng.choice(codes)
            t0 = time.perf_counter()
            c = project.execute(ApplyCode(doc.id, start, end, code)).result
            apply_ms.append((time.perf_counter() - t0) * 1000)
            mine[c.uuid] = {"start": start, "end": end, "memo": "", "code": code, "version": 1}
            counts["coding.add"] += 1
        elif roll < 0.8:
            uuid = rng.choice(sorted(mine))
            rec = mine[uuid]
            memo = f"edit {i} by {seed}"
            end = rec["start"] + rng.randrange(1, 50)
            c = project.execute(UpdateCoding(uuid, end=end, memo=memo,
                                             expected_version=rec["version"])).result
            rec.update(end=end, memo=memo, version=c.version)
            counts["coding.update"] += 1
        else:
            uuid = rng.choice(sorted(mine))
            project.execute(DeleteCoding(uuid))
            del mine[uuid]
            counts["coding.delete"] += 1
    project.close()
    return {"coder": project.coder.name, "counts": counts, "codings": mine,
            "refused": refused, "apply_ms": apply_ms}


if __name__ == "__main__":
    foreign_uuid = sys.argv[4] if len(sys.argv) > 4 else None
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), foreign_uuid)))
