"""Starting text for a group's guidelines. Facilitators edit it; each edit is a new version.

The sections follow what the support-group literature asks of a group (clear guidelines,
confidentiality, conflict handling, a policy for dangerous behaviour) and the Samaritans'
safe-messaging guidance for online communities (no method detail, signpost help).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _


def sections() -> list[tuple[str, str]]:
    return [
        (
            _("Confidentiality"),
            _(
                "What is shared here stays here. Don't repeat anyone's story, handle or details "
                "outside the group, and don't take screenshots. The only exception is when "
                "someone's life is at risk: then facilitators and safety staff act to keep people safe."
            ),
        ),
        (
            _("Respect"),
            _(
                "Speak about your own experience and listen to others without judging. No insults, "
                "harassment, slurs or threats. Disagree with ideas kindly, never with people."
            ),
        ),
        (
            _("Share the air"),
            _(
                "Everyone gets a turn. Keep your share to the time given, let others finish, and "
                "remember that passing is always fine: you can just listen."
            ),
        ),
        (
            _("No unsolicited advice"),
            _(
                "Share what helped you ('what worked for me was…') rather than telling others "
                "what to do. Ask before offering suggestions. We don't give medical advice."
            ),
        ),
        (
            _("Keeping each other safe"),
            _(
                "You can talk about hard feelings, including thoughts of suicide or self-harm. "
                "Please don't describe methods or share images of injuries: details can put "
                "others at risk. Messages with method detail are held for a facilitator."
            ),
        ),
        (
            _("If someone is in crisis"),
            _(
                "If you or someone here may be in danger, say so. Alongside shows crisis lines "
                "at once and alerts a facilitator and the on-call safety team, who will reach out "
                "privately. If life is in immediate danger, call your local emergency number. "
                "This group is peer support, not an emergency service."
            ),
        ),
        (
            _("When things go wrong"),
            _(
                "If a conversation hurts, tell a facilitator or use 'Report'. Facilitators may "
                "hide messages, pause the room, or ask someone to step back; every action is "
                "recorded and can be appealed."
            ),
        ),
    ]


def default_guidelines_text(language: str | None = None) -> str:
    """The template in a group's language (members consent to it, so it must be in the language
    the group is held in), whatever language the facilitator's interface happens to use. A
    language without a translation gets the English template."""
    with translation.override(language or translation.get_language()):
        return "\n\n".join(f"## {title}\n{body}" for title, body in sections())
