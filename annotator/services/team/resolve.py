"""The deterministic three-way rule for one item (a coding, a memo, or one field of a code).

Every package that changed an item relative to the state it was made from leaves a *claim*:
``(package, base, value)`` with fingerprints (``None`` = absent). The value an item should have
is a function of the set of claims that share a base, never of the order they arrived in:

* no claims: the base value;
* all claims agree: that value (the record of the claim from the smallest package id, so even
  timestamps do not depend on the order);
* claims disagree: a conflict. An item that existed keeps its base value until the owner
  decides; a new item (no base) takes the value from the smallest package id, and the
  conflict is listed either way.

Merging package X moves the item from the value the earlier claims imply to the value all
claims imply, but only when the project still holds the former (or already holds the latter):
anything else means the project itself was edited since, and that is listed, not overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: What to do with the item: leave it, make it the package's record, or put the base back.
KEEP, TAKE, BASE, ALREADY = "keep", "take", "base", "already"


@dataclass(frozen=True, slots=True)
class Claim:
    package: str
    base: str | None
    value: str | None


@dataclass(frozen=True, slots=True)
class Desired:
    fp: str | None
    source: str | None  # the package whose record gives the value; None = the base record
    conflict: bool


@dataclass(frozen=True, slots=True)
class Decision:
    action: str
    conflict: bool = False  # packages disagree about the item
    edited_here: bool = False  # the project changed the item too (kept, listed)


def desired(claims: Iterable[Claim], base: str | None) -> Desired:
    """The value a set of claims with the same base asks for."""
    group = list(claims)
    if not group:
        return Desired(base, None, False)
    values = {c.value for c in group}
    if len(values) == 1:
        rep = min(group, key=lambda c: c.package)
        return Desired(rep.value, rep.package, False)
    if base is not None:
        return Desired(base, None, True)
    rep = min(group, key=lambda c: c.package)
    return Desired(rep.value, rep.package, True)


def decide(new: Claim, others: Iterable[Claim], previous: Claim | None,
           current: str | None) -> Decision:
    """What merging ``new`` does to an item whose project value has fingerprint ``current``.

    ``others`` are claims of other packages merged before (any base); ``previous`` is this
    package's own claim from an earlier merge, if any.
    """
    if previous == new:
        return Decision(ALREADY)
    group = [c for c in others if c.base == new.base and c.package != new.package]
    before = group + ([previous] if previous is not None and previous.base == new.base else [])
    old = desired(before, new.base)
    after = desired(group + [new], new.base)
    if current not in (old.fp, after.fp):
        return Decision(KEEP, after.conflict, edited_here=True)
    if after.source is None:
        return Decision(BASE, after.conflict)
    if after.source == new.package:
        return Decision(TAKE, after.conflict)
    # another package's record is wanted: the project holds it already when it matches
    return Decision(KEEP, after.conflict, edited_here=current != after.fp)
