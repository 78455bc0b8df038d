"""Date and time formats per locale (FORMAT_MODULE_PATH): one clock per language, the 24-hour one
the rest of the interface (rooms, meetings, the live panel) writes, so a page never shows
"07:04 PM" next to "19:04". Spanish uses Django's own formats, already 24-hour."""
