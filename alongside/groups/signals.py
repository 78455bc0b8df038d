"""What the groups app tells the apps above it. They connect in their AppConfig.ready(); groups
never imports them (layers: core ← accounts ← groups ← safety ← meetings, outcomes, rooms, …).
Receivers run inside the sending action's transaction."""

from django.dispatch import Signal

# A membership became active (joined an open group, or a request was approved). Args: membership.
membership_started = Signal()
# A membership ended: left, removed, the age band changed or the account was erased.
# Args: user, group, status (Membership.Status), reason, told (the caller tells the member itself;
# when False and the member did not end it, safety leaves them an in-app notice saying which and why).
membership_ended = Signal()
# A group's language changed (search in rooms stems words by language). Args: group, old_language.
group_language_changed = Signal()
# A member attended one of the group's meetings (meetings sends it; outcomes opens identification
# after the 2nd meeting and the session feedback). Args: user, group, count (meetings of this group
# they have attended), now.
meeting_attended = Signal()
# A facilitator role began or ended (appointed by a facilitator or admin, or stepped down).
# Args: membership, actor, appointed (True: now a facilitator; False: no longer one).
facilitator_role_changed = Signal()
