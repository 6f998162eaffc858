"""How much one zelfscan may hold: part of the model, stated in the interface, enforced by the server.

Every limit is named here once; models (max_length), forms, templates (maxlength, through the
`limits` template tags), services and the interface text all read it from this module.
bench/worst_case.py fills a zelfscan up to every limit at once and times its PDF: the PDF must stay
within 10 s and a worker within 300 MB afterwards, so raise a limit only after running it.
"""

# An ontwikkelplan: "liever twee doelen die lukken dan tien die blijven liggen"; 30 is far beyond
# any real plan and keeps the PDF of a full plan bounded.
GOALS_PER_ASSESSMENT = 30
ITEMS_PER_GOAL = 15

# Free text, in characters.
NOTE_MAX_LENGTH = 2000
ROLE_TITLE_MAX_LENGTH = 200
GOAL_TITLE_MAX_LENGTH = 300
GOAL_TEXT_MAX_LENGTH = 2000  # what you will do, what you need
NORM_NAME_MAX_LENGTH = 150
