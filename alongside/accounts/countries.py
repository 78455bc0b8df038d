"""The countries a person can choose in their profile (used to show crisis lines near them).

Every country here must have crisis lines in alongside/safety/crisis_lines.py or be listed
there as having no sourced line (then its emergency number and the directory are shown);
tests/resources/test_crisis_lines_page.py holds the two lists together.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# "Somewhere else": ISO 3166 reserves ZZ for user-assigned use ("unknown or unspecified").
ELSEWHERE = "ZZ"

COUNTRIES = [
    ("US", _("United States")),
    ("CA", _("Canada")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("AU", _("Australia")),
    ("NZ", _("New Zealand")),
    ("DE", _("Germany")),
    ("FR", _("France")),
    ("NL", _("Netherlands")),
    ("IN", _("India")),
    ("ES", _("Spain")),
    ("MX", _("Mexico")),
    ("AR", _("Argentina")),
    ("BO", _("Bolivia")),
    ("CL", _("Chile")),
    ("CO", _("Colombia")),
    ("CR", _("Costa Rica")),
    ("CU", _("Cuba")),
    ("DO", _("Dominican Republic")),
    ("EC", _("Ecuador")),
    ("SV", _("El Salvador")),
    ("GT", _("Guatemala")),
    ("HN", _("Honduras")),
    ("NI", _("Nicaragua")),
    ("PA", _("Panama")),
    ("PY", _("Paraguay")),
    ("PE", _("Peru")),
    ("UY", _("Uruguay")),
    ("VE", _("Venezuela")),
]

COUNTRY_NAMES = dict(COUNTRIES)
