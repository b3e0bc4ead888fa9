"""The municipality's last good copy of a feed the VNG hub publishes (issue 14).

Pulled daily with a conditional GET; a failed pull never touches the copy, so the proposal and the
signals workspace keep showing the last national figures during an outage of the hub.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HubFeed(models.TextChoices):
    PRECEDENTS = "precedents", _("Landelijke precedenten")
    KNELPUNTEN = "knelpunten", _("Landelijke knelpunten")


class HubFeedCopy(models.Model):
    feed = models.CharField(max_length=20, choices=HubFeed.choices, unique=True)
    etag = models.CharField(max_length=100, blank=True)
    content = models.JSONField(default=dict)
    # When the content last changed (200) and when the hub last answered (200 or 304).
    fetched_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # The last failure (exception type or HTTP status only), cleared by the next good answer.
    last_error = models.CharField(max_length=200, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kopie van een hubfeed")
        verbose_name_plural = _("kopieën van hubfeeds")

    def __str__(self) -> str:
        return self.feed
