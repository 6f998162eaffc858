"""How much a gesprek may hold: named once, read by models, forms, templates and services."""

AFSPRAAK_MAX_LENGTH = 1000  # about 150 words: one agreement, with who does what by when
AFSPRAKEN_PER_GESPREK = 20
WITH_WHOM_MAX_LENGTH = 200
ROUND_NAME_MAX_LENGTH = 150
ROUND_LONGEST_DAYS = 366  # from opening to due date
REMINDERS_PER_ROUND = 3
REMINDER_LONGEST_DAYS = 60
