"""What the accounts app tells the apps above it (they connect in their AppConfig.ready())."""

from django.dispatch import Signal

# An erasure was asked for but waits (see accounts.privacy.register_hold). Args: user, deadline.
erasure_deferred = Signal()
