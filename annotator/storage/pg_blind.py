"""Blind double coding enforced by PostgreSQL: what a coder may *read*.

While a document is assigned to a coder blind and that coder has not marked it done, the
database hides from that coder's login every other coder's work on the document:

* ``codings`` and ``proposals`` of other coders (the gold standard included) on it;
* ``memos`` of other coders about it or about a coding in it;
* ``adjudications`` of it (they quote the coders' codings);
* ``events`` of other coders that name it (``payload.document``) or concern a coding in it.

Marking the document done lifts all of this for that coder at once (the policies read the
``assignments`` row). Owners and adjudicators read everything; so do logins outside the team
groups (the administrator). The policies are installed by :func:`pg_security.init_security`
(``annotator server init``), together with the write rules.

The coder is found as the linked coder (``coders.db_role``) of ``current_user`` *or*
``session_user``, so ``SET ROLE`` to the bare group role does not shed the blind.

Every coding event names its document (``payload.document``), so an event about a coding that
was later deleted stays hidden too. Known limit: such events written by annotator before this
rule (their ``coding.update``/``coding.delete`` payloads did not name the document) stay
readable; they say only which code was touched, never where.
"""

from __future__ import annotations

#: Bumped whenever the policies change; ``server init`` records it in ``project_meta``.
SECURITY_VERSION = "2"
META_KEY = "team_security_version"

_ME = ("(SELECT id FROM public.coders WHERE db_role IN "
       "(CAST(current_user AS text), CAST(session_user AS text)))")
_MY_NAMES = ("(SELECT name FROM public.coders WHERE db_role IN "
             "(CAST(current_user AS text), CAST(session_user AS text)))")
_BLIND_DOCS = "(SELECT annotator_blind_documents())"

FUNCTIONS = (
    # The documents the connecting coder must code blind (assigned blind, not done).
    """
CREATE OR REPLACE FUNCTION annotator_blind_documents() RETURNS SETOF integer
LANGUAGE sql STABLE AS $$
  SELECT a.document_id FROM public.assignments a JOIN public.coders c ON c.id = a.coder_id
   WHERE a.blind AND NOT a.done
     AND c.db_role IN (CAST(current_user AS text), CAST(session_user AS text))
$$""",
    # Whether a coding (by uuid) lies in a document ``who`` codes blind. SECURITY DEFINER, so
    # it sees the codings the caller may not (it answers yes/no for one uuid, nothing more).
    """
CREATE OR REPLACE FUNCTION annotator_in_blind_document(coding_uuid text, who name)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.codings k
      JOIN public.assignments a ON a.document_id = k.document_id
      JOIN public.coders c ON c.id = a.coder_id
     WHERE k.uuid = coding_uuid AND a.blind AND NOT a.done
       AND c.db_role IN (CAST(who AS text), CAST(session_user AS text)))
$$""",
)

#: The coder group's read rule per table (owners and adjudicators read every row).
CODER_READ: dict[str, str] = {
    "codings": f"coder_id IN {_ME} OR document_id NOT IN {_BLIND_DOCS}",
    "proposals": f"coder_id IN {_ME} OR document_id NOT IN {_BLIND_DOCS}",
    "adjudications": f"document_id NOT IN {_BLIND_DOCS}",
    "memos": (
        f"coder_id IS NULL OR coder_id IN {_ME} "
        "OR NOT EXISTS (SELECT 1 FROM annotator_blind_documents()) "
        "OR NOT ((target_type = 'document' AND target_uuid IN "
        f"(SELECT uuid FROM public.documents WHERE id IN {_BLIND_DOCS})) IS TRUE "
        "OR (target_type = 'coding' "
        "AND annotator_in_blind_document(target_uuid, current_user)) IS TRUE)"),
    "events": (
        f"actor IN {_MY_NAMES} "
        "OR NOT EXISTS (SELECT 1 FROM annotator_blind_documents()) "
        "OR NOT ((payload->>'document') IN "
        "(SELECT CAST(d AS text) FROM annotator_blind_documents() AS d) IS TRUE "
        "OR (entity_type = 'coding' "
        "AND annotator_in_blind_document(entity_uuid, current_user)) IS TRUE)"),
}
