"""What the meetings app tells the apps above it (media). They connect in their AppConfig.ready();
meetings never imports them. Receivers run inside the sending action's transaction."""

from django.dispatch import Signal

# A running meeting's live state changed (a step, the round, the talking piece). Args: meeting,
# speaker_id (who holds the talking piece now, or None).
live_state_changed = Signal()
