"""A crawl of every page reachable from the navigation, as each demo user, through Django's client.

It is the smoke test of a running configuration: `manage.py crawl_pages` runs it against the
database the settings point at (the embedded SQLite default of `make run` as well as PostgreSQL),
so a page that only breaks on one database or one role is found before a user finds it.

A page fails when it answers 5xx, or when its visible text (outside `<code>`) shows what people
should not have to read: a snake_case field name, or an amount with a decimal point.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client

from core.demo import DEMO_USERS
from core.models import User

# Not pages for people, or not GET-safe: the crawl stays out of them.
SKIPPED_PREFIXES = (
    "/uitloggen/",
    "/i18n/",
    "/beheer/",
    "/api/",
    "/static/",
    "/health/",
    "/oidc/",
    "/hub/api/",
)
# Text people read is never source code: snake_case words are field names or codes.
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Money in Dutch notation has a decimal comma; "€ 476.70" is an unformatted amount.
POINT_AMOUNT = re.compile(r"€\s?-?\d+\.\d{2}(?!\d)")
# Elements whose text is not prose: code shown as code, and what the browser never shows.
NOT_PROSE = frozenset({"code", "pre", "kbd", "samp", "script", "style", "template", "textarea"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Page(HTMLParser):
    """The links (href and hx-get) and the visible prose of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []  # (url, fetched by htmx)
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append((values["href"] or "", False))
        if values.get("hx-get"):
            self.links.append((values["hx-get"] or "", True))
        if tag not in VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not NOT_PROSE.intersection(self._stack) and data.strip():
            self.text.append(data.strip())


@dataclass
class Finding:
    username: str
    url: str
    problem: str

    def __str__(self) -> str:
        return f"{self.username} {self.url}: {self.problem}"


@dataclass
class CrawlResult:
    visited: dict[str, list[str]] = field(default_factory=dict)  # username -> urls visited
    # username -> the full HTML pages among them (200, not an htmx fragment)
    pages: dict[str, list[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def page_kind(url: str) -> str:
    """Pages that differ only in ids or query values are one kind of page."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def _internal(href: str) -> str | None:
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return url


def text_problems(html: str) -> list[str]:
    """What a person should not have to read in this page's visible text."""
    page = _Page()
    page.feed(html)
    problems = []
    for chunk in page.text:
        problems.extend(
            f"veldnaam of code in de tekst: {word!r}" for word in SNAKE_CASE.findall(chunk)
        )
        problems.extend(f"bedrag met decimale punt: {hit!r}" for hit in POINT_AMOUNT.findall(chunk))
    return problems


def crawl_as(
    *, user: User, per_kind: int = 2, max_pages: int = 400, host: str = "localhost"
) -> tuple[list[str], list[str], list[Finding]]:
    """Visit every page reachable from the start page as `user`: at most `per_kind` of a kind."""
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    seen: set[str] = {"/"}
    kinds: dict[str, int] = {}
    queue: deque[tuple[str, bool]] = deque([("/", False)])
    findings: list[Finding] = []
    visited: list[str] = []
    pages: list[str] = []
    while queue and len(visited) < max_pages:
        url, by_htmx = queue.popleft()
        response = client.get(url, headers={"HX-Request": "true"} if by_htmx else {})
        visited.append(url)
        if response.status_code >= 500:
            findings.append(Finding(user.username, url, f"antwoord {response.status_code}"))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            links = [(response.headers.get("Location", ""), False)]
        elif response.headers.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode(response.charset or "utf-8")
            if response.status_code == 200 and not by_htmx:
                pages.append(url)
            findings.extend(Finding(user.username, url, problem) for problem in text_problems(html))
            page = _Page()
            page.feed(html)
            links = page.links
        else:
            links = []
        for href, htmx in links:
            link = _internal(href)
            if link is None:
                continue
            kind = page_kind(link)
            if link in seen or kinds.get(kind, 0) >= per_kind:
                continue
            seen.add(link)
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append((link, htmx))
    return visited, pages, findings


def crawl_demo_roles(*, per_kind: int = 2, max_pages: int = 400) -> CrawlResult:
    """The crawl as every demo user (one per role, plus a second team)."""
    result = CrawlResult()
    usernames = [username for username, *_rest in DEMO_USERS]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    for username in usernames:
        user = users.get(username)
        if user is None:
            result.findings.append(Finding(username, "-", "demogebruiker bestaat niet"))
            continue
        visited, pages, findings = crawl_as(user=user, per_kind=per_kind, max_pages=max_pages)
        result.visited[username] = visited
        result.pages[username] = pages
        result.findings.extend(findings)
    return result
