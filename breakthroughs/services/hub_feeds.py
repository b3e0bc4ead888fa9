"""Pulling the VNG hub's feeds (national precedents, national knelpunten) into a local copy.

Daily, by Celery beat, with a conditional GET: the ETag of the copy goes along as If-None-Match,
so an unchanged feed costs a 304 and no parsing. Any failure (no answer, a server error, a body
that is not the feed) leaves the last good copy as it is and is raised as `HubUnavailable`, which
the task retries with backoff. The feeds are national open data: nothing of a household is sent
or received.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

import requests

from breakthroughs.catalogue_cache import clear_catalogue_cache
from breakthroughs.models import HubFeed, HubFeedCopy

FEED_SCHEMAS = {
    HubFeed.PRECEDENTS: ("doorbraak.lever-precedents/1", "precedents"),
    HubFeed.KNELPUNTEN: ("doorbraak.national-knelpunten/1", "knelpunten"),
}
NOT_MODIFIED = "not_modified"
UPDATED = "updated"


class HubUnavailable(Exception):  # noqa: N818 - reads as the situation
    """The hub did not give a usable answer; the copy was kept."""


def feed_url(feed: str) -> str:
    return settings.HUB_FEEDS_URL.rstrip("/") + f"/{feed}.json"


def backoff_seconds(retries: int) -> int:
    """Exponential backoff for the pull's retries: base, 2x, 4x ... capped."""
    base = settings.HUB_FEED_RETRY_BASE_SECONDS
    return int(min(base * 2**retries, settings.HUB_FEED_RETRY_MAX_SECONDS))


def _is_feed(feed: str, content: Any) -> bool:
    schema, rows = FEED_SCHEMAS[HubFeed(feed)]
    return (
        isinstance(content, dict)
        and content.get("schema") == schema
        and isinstance(content.get(rows), list)
        and all(isinstance(row, dict) for row in content[rows])
    )


def _failed(copy: HubFeedCopy, reason: str, now: datetime) -> HubUnavailable:
    copy.last_error = reason[:200]
    copy.failed_at = now
    copy.save(update_fields=["last_error", "failed_at"])
    return HubUnavailable(f"{copy.feed}: {reason}")


def hub_feed_pull(*, feed: str, now: datetime | None = None) -> str:
    """One conditional GET of `feed`; returns UPDATED or NOT_MODIFIED, raises HubUnavailable."""
    now = now or timezone.now()
    copy, _created = HubFeedCopy.objects.get_or_create(feed=HubFeed(feed).value)
    headers = {"Accept": "application/json"}
    if copy.etag and copy.fetched_at:
        headers["If-None-Match"] = copy.etag
    try:
        response = requests.get(
            feed_url(copy.feed), headers=headers, timeout=settings.HUB_FEED_TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        raise _failed(copy, exc.__class__.__name__, now) from exc
    if response.status_code == 304 and copy.fetched_at:
        copy.checked_at, copy.last_error = now, ""
        copy.save(update_fields=["checked_at", "last_error"])
        return NOT_MODIFIED
    if response.status_code != 200:
        raise _failed(copy, f"HTTP {response.status_code}", now)
    try:
        content = response.json()
    except ValueError as exc:
        raise _failed(copy, "geen JSON", now) from exc
    if not _is_feed(copy.feed, content):
        raise _failed(copy, "geen geldige feed", now)
    copy.etag = response.headers.get("ETag", "")[:100]
    copy.content = content
    copy.fetched_at = copy.checked_at = now
    copy.last_error = ""
    copy.save()

    clear_catalogue_cache()
    return UPDATED
