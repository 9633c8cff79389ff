"""Browser sessions kept on the server, so that logging out ends every copy of a cookie.

What the database holds about a session says nothing a thief could use: the cookie's key
only as a SHA-256, the session data encrypted with a key derived from the cookie itself
(so neither a database copy nor the server's own encryption key opens it), and, in the
clear, just what the person's own list of sessions shows: browser, system, a coarse
network address and when the session started and was last used.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BrowserSession(models.Model):
    key_hash = models.CharField(max_length=64, primary_key=True)
    # What the "end this session" form names: never the key or its hash.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    data = models.TextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="browser_sessions",
    )
    browser = models.CharField(max_length=32, blank=True)
    system = models.CharField(max_length=32, blank=True)
    network = models.CharField(max_length=48, blank=True)  # /24 (IPv4) or /48 (IPv6)
    created_at = models.DateTimeField()
    last_seen = models.DateTimeField()
    expire_date = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"sessie {self.public_id}"
