"""The small-cell rule for every aggregate members or facilitators can see: a count or share
built on fewer than MIN_CELL people is not shown, so nobody can be picked out of it."""

MIN_CELL = 5
