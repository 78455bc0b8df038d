"""Writing prompts for the private journal.

The approach follows the expressive-writing paradigm (Pennebaker & Beall 1986, J Abnorm Psychol
95:274–281: writing about one's deepest thoughts and feelings for about 15–20 minutes on several
days). The wording of these prompts is Alongside's own, not the study's instructions.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROMPTS = {
    "deepest": _(
        "Write about your deepest thoughts and feelings about something that is affecting you right now. "
        "Let yourself go; nobody else will read this."
    ),
    "today": _("What happened today, and how did it feel? What stayed with you?"),
    "week": _("Looking back on this week: what was hard, and what helped, even a little?"),
    "letter": _("Write a letter you will never send, to someone or something on your mind."),
    "free": _("Write whatever comes. There's no right way to do this."),
}
SUGGESTED_MINUTES = 15
