"""Users become coders and the codebook is merged: by GUID first, then by path."""

from __future__ import annotations

import re

from annotator.domain.codebook import MAX_NAME_LENGTH, Codebook
from annotator.domain.codebook_checks import name_key
from annotator.domain.errors import ValidationError
from annotator.services.codebook_rules import node_fields
from annotator.services.exchange.qdpx_common import guid
from annotator.services.exchange.qdpx_state import State
from annotator.services.exporting.data import codebook_of

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def import_users(st: State) -> None:
    """Match each <User> to a coder by GUID, then by name; create the others."""
    coders = st.tx.coders()
    by_uuid = {c.uuid: c for c in coders}
    by_name = {c.name.casefold(): c for c in coders}
    seen: set[str] = set()
    for raw_guid, raw_name in st.parsed.users:
        g = guid(raw_guid)
        if g is None:
            st.skipped.add("baduser", "{n} user(s) without a valid GUID were ignored "
                           "({examples})", raw_name or str(raw_guid))
            continue
        if g in seen:
            raise ValidationError(f"duplicate GUID {g} in <Users>; codings could not be "
                                  "attributed to the right coder")
        seen.add(g)
        name = _CONTROL.sub(" ", raw_name).strip()[:MAX_NAME_LENGTH] or f"user {g[:8]}"
        coder = by_uuid.get(g) or by_name.get(name.casefold())
        if coder is not None:
            st.report.coders_matched.append(coder.name)
        else:
            extra = st.extras.coders.get(g, {})
            coder = st.tx.add_coder(st.free_coder_name(name), role=extra.get("role", "coder"),
                                    is_gold=bool(extra.get("is_gold", False)), uuid=g)
            by_name[coder.name.casefold()] = coder
            st.report.coders_added.append(coder.name)
        st.coder_by_guid[g] = coder.id


def merge_codebook(st: State, book: Codebook) -> None:
    """Add the codes of ``book`` that the project does not have yet.

    A code is the same as a project code when their GUIDs match, or else when their paths
    match (names compared case-insensitively, as sibling names are). Matched codes keep their
    project definition; new codes keep their GUID and go under their (matched) parent.
    """
    current = codebook_of(st.tx.codes())
    ids = {c.uuid: c.id for c in st.tx.codes()}
    path_index = {_key(current, n.uuid): n.uuid for n in current.walk()}
    shortcuts = {n.shortcut.strip().casefold() for n in current.nodes if n.shortcut}
    next_pos: dict[str | None, int] = {}
    for n in current.nodes:
        next_pos[n.parent_uuid] = max(next_pos.get(n.parent_uuid, 0), n.position + 1)
    target_of: dict[str, str] = {}  # imported uuid -> project uuid
    proj_key = {u: k for k, u in path_index.items()}
    for node in book.renumbered().walk():
        parent = target_of.get(node.parent_uuid) if node.parent_uuid else None
        key = (proj_key[parent] if parent else ()) + (name_key(node.name),)
        if node.uuid in ids:
            target_of[node.uuid] = node.uuid
            st.report.codes_matched += 1
            continue
        if key in path_index:
            target_of[node.uuid] = path_index[key]
            st.report.codes_matched += 1
            continue
        values = node_fields(node)
        if node.shortcut and node.shortcut.strip().casefold() in shortcuts:
            values["shortcut"] = None
            st.warnings.add("shortcut", "{n} shortcut(s) were left out because the project "
                            "already uses them ({examples})", node.shortcut)
        elif node.shortcut:
            shortcuts.add(node.shortcut.strip().casefold())
        position = next_pos.get(parent, 0)
        next_pos[parent] = position + 1
        code = st.tx.add_code(uuid=node.uuid, parent_id=ids[parent] if parent else None,
                              position=position, **values)
        ids[code.uuid] = code.id
        path_index[key] = code.uuid
        proj_key[code.uuid] = key
        target_of[node.uuid] = code.uuid
        st.report.codes_added += 1
    for imported, target in target_of.items():
        st.code_by_guid[imported] = (ids[target], target)


def _key(book: Codebook, code_uuid: str) -> tuple[str, ...]:
    return tuple(name_key(p) for p in book.path_parts(code_uuid))
