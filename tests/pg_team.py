"""Shared set-up for the team-server tests: a PostgreSQL project with team roles and logins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.pg_backend import login_url

from annotator.domain.text import text_sha256
from annotator.services.project import Project
from annotator.services.team.server_admin import add_user, init_server

TEXT = ("The police detained journalists in the capital. Torture was reported in prisons. "
        "Courts were not independent. Elections were neither free nor fair.\n") * 20


@dataclass
class Team:
    url: str
    document_id: int
    code_uuids: list[str]
    #: name -> URL connecting as that person's login
    urls: dict[str, str] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)

    def open(self, name: str) -> Project:
        return Project.open(self.urls[name], backup=False)


def make_team(url: str, pg_login: Callable[[str], str],
              people: dict[str, str] | None = None, n_docs: int = 1) -> Team:
    """A project at ``url`` (built as the admin) with one document, three codes, the team roles
    and a login per person (name -> role)."""
    people = people or {"amina": "coder", "ben": "coder", "lead": "owner",
                        "judge": "adjudicator"}
    with Project.create(url) as p:
        p.use_coder("admin", role="owner")
        with p.store.begin() as tx:
            docs = [tx.add_document(title=f"doc {i}", country=None, year=None,
                                    source_name=f"{i}.txt", source_type="txt", text=TEXT,
                                    sha256=text_sha256(TEXT), is_report=False, segs=[])
                    for i in range(n_docs)]
            codes = [tx.add_code(name=n, position=i)
                     for i, n in enumerate(("Torture", "Detention", "Elections"))]
    init_server(url)
    team = Team(url, docs[0].id, [c.uuid for c in codes])
    for name, role in people.items():
        login = pg_login(name)
        add_user(url, name=name, role=role, login=login, password=f"pw-{name}")
        team.logins[name] = login
        team.urls[name] = login_url(url, login, f"pw-{name}")
    return team
