"""What the takenpakket and the functieomschrijving accept (stated on the pages, enforced by the services)."""

# The levels of work of chapter 3 of the profile, from uitvoerend up.
LEVELS = ("uitvoerend", "tactisch", "strategisch")

MAX_TASK_HOURS = 60  # hours a week for one taakgebied
MAX_TOTAL_HOURS = 80  # hours a week for the whole takenpakket
MAX_AGREED_HOURS = 60  # hours a week agreed for the work
# Hours above the agreed hours by more than this share (and at least 2 hours) get a warning.
OVER_AGREED_SHARE = 0.25

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 6000

# The item kinds that are tasks in a framework: the taakgebieden of the Competentieprofiel, the
# kerntaken of the Bouwstenen. Only rateable ones count (the profile's kerntaken are content).
TASK_KINDS = ("taakgebied", "kerntaak")
