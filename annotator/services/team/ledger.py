"""What earlier merges took in, kept in ``project_meta`` so that merging is idempotent and the
result does not depend on the order of the packages.

One key per merged package, ``team.merged.<package id>``, holds the package's claims (see
:mod:`annotator.services.team.resolve`): ``item -> [base fingerprint, value fingerprint]`` with
items ``c:<coding uuid>``, ``m:<memo uuid>`` and ``k:<code uuid>:<field>``. Nothing in it
depends on when or in which order packages were merged (merge times go to the event log).

``team.adjusted`` remembers code names and shortcuts the merge had to change to keep the
codebook sound (two packages naming sibling codes alike): ``"<uuid>:<field>" -> [wanted,
written]``, so a later merge compares against what the package asked for.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.services.team.resolve import Claim

if TYPE_CHECKING:
    from annotator.storage.store import Tx

PREFIX = "team.merged."
ADJUSTED = "team.adjusted"


@dataclass(slots=True)
class PackageClaims:
    package: str
    coder_uuid: str
    coder_name: str
    claims: dict[str, list[str | None]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"coder": self.coder_uuid, "coder_name": self.coder_name,
                           "claims": self.claims}, sort_keys=True, separators=(",", ":"))


@dataclass(slots=True)
class Ledger:
    packages: dict[str, PackageClaims]
    adjusted: dict[str, list[Any]]
    index: dict[str, list[Claim]] = field(default_factory=dict)

    def claims_for(self, item: str) -> list[Claim]:
        return self.index.get(item, [])

    def own(self, package: str, item: str) -> Claim | None:
        pc = self.packages.get(package)
        if pc is None or item not in pc.claims:
            return None
        base, value = pc.claims[item]
        return Claim(package, base, value)

    def update(self, claims: PackageClaims, adjusted: dict[str, list[Any]]) -> bool:
        """Replace one package's claims (after it was merged) and the adjustments; False when
        nothing changed."""
        same_adjusted = adjusted == self.adjusted
        self.adjusted = adjusted
        old = self.packages.get(claims.package)
        if old is not None and old.claims == claims.claims:
            self.packages[claims.package] = claims
            return not (same_adjusted and old.coder_name == claims.coder_name)
        if old is not None:
            for key in old.claims:
                self.index[key] = [c for c in self.index.get(key, [])
                                   if c.package != claims.package]
        self.packages[claims.package] = claims
        for key, (base, value) in claims.claims.items():
            self.index.setdefault(key, []).append(Claim(claims.package, base, value))
        return True

    def coder_name(self, package: str) -> str:
        pc = self.packages.get(package)
        return pc.coder_name if pc else "?"


def load(meta: dict[str, str]) -> Ledger:
    packages: dict[str, PackageClaims] = {}
    index: dict[str, list[Claim]] = defaultdict(list)
    for key, value in meta.items():
        if not key.startswith(PREFIX):
            continue
        pid = key[len(PREFIX):]
        data = json.loads(value)
        pc = PackageClaims(pid, data["coder"], data.get("coder_name", ""), data["claims"])
        packages[pid] = pc
        for item, (base, val) in pc.claims.items():
            index[item].append(Claim(pid, base, val))
    adjusted = json.loads(meta.get(ADJUSTED, "{}"))
    return Ledger(packages, adjusted, dict(index))


def save(tx: Tx, ledger: Ledger, package: str) -> None:
    """Write one package's claims and the adjustments to ``project_meta``."""
    tx.set_meta(PREFIX + package, ledger.packages[package].to_json())
    tx.set_meta(ADJUSTED, json.dumps(ledger.adjusted, sort_keys=True, separators=(",", ":")))
