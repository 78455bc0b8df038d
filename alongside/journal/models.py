"""Private expressive writing. Only the author can ever read an entry; text is encrypted at rest."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from alongside.crypto import EncryptedTextField


class JournalEntry(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    # Made by the writing page; saving twice (a retry, a double click) updates, never duplicates.
    client_token = models.UUIDField(default=uuid.uuid4)
    prompt_key = models.CharField(max_length=40, blank=True)
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"], name="one_entry_per_client_token"
            )
        ]

    def __str__(self) -> str:
        return f"Journal entry {self.pk} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("journal:edit", args=[self.pk])
