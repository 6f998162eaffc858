"""How much one zelfscan may hold: part of the model, stated in the interface, enforced by the server.

Every limit is named here once; models (max_length), forms, templates (maxlength, through the
`limits` template tag), services and the interface text all read it from this module.
bench/worst_case.py fills a zelfscan up to every limit at once and times its PDF: the PDF must stay
within 10 s and a worker within 300 MB afterwards, so raise a limit only after running it.
"""

# An ontwikkelplan: "liever twee doelen die lukken dan tien die blijven liggen"; 20 is far beyond
# any real plan. With 30 goals of 15 items and texts of 2,000 characters, the worst case was a
# 119-page PDF of 19–23 s (bench/README.md says what was measured).
GOALS_PER_ASSESSMENT = 20
ITEMS_PER_GOAL = 10
# Progress entries on one goal: one a week for a year. The PDF prints the newest few of them.
PROGRESS_PER_GOAL = 52
PROGRESS_IN_PDF = 3

# Free text, in characters. 1,000 characters are some 150 words: room for an example and a context.
NOTE_MAX_LENGTH = 1000
ROLE_TITLE_MAX_LENGTH = 200
GOAL_TITLE_MAX_LENGTH = 300
GOAL_TEXT_MAX_LENGTH = 1000  # what you will do, what you need
PROGRESS_TEXT_MAX_LENGTH = 1000  # a progress entry: what you did, what it brought
NORM_NAME_MAX_LENGTH = 150

# A zelfscan is made final from this many items ticked and given a current level. Fewer is an
# empty or nearly empty scan: its PDF is pages of dashes and there is nothing to talk about.
# Five is a small part of any framework (the 2025 profile has 110 items, Bouwstenen 38).
FINALISE_MIN_RATED = 5
