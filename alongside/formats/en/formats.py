# English, with the 24-hour clock the whole interface uses (see alongside/formats/__init__.py).
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
