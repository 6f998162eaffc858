"""How much a gesprek may hold: named once, read by models, forms, templates and services."""

AFSPRAAK_MAX_LENGTH = 1000  # about 150 words: one agreement, with who does what by when
AFSPRAKEN_PER_GESPREK = 20
WITH_WHOM_MAX_LENGTH = 200
