"""The persoonlijk ontwikkelingsprofiel as an A4 PDF (WeasyPrint).

`profile_html` builds the document as HTML (queries and template); `html_to_pdf` hands it to
WeasyPrint with the project's own stylesheet and font, so the PDF looks the same on every machine.
`profile_pdf_for` renders it once per content and keeps a final round's PDF as its document of record
(in the database, so every app server shares it and it goes with the account).
"""

import atexit
import contextlib
import functools
import gc
import hashlib
import re
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.models import option_rows
from catalog.tree import build_tree
from cycle import selectors as cycle_selectors
from feedback import selectors as feedback_selectors
from functie import selectors as functie_selectors

from . import limits, scoring
from .models import Assessment, GoalProgress, RenderedPdf
from .workspace import load_workspace, pair_chart, section_chart

# A row or goal with more typed text than this may run on to the next page: kept whole, each one
# of the largest content the limits allow took a page of its own, half empty (bench/worst_case.py).
LONG_TEXT = 400


@dataclass
class PdfRow:
    score: scoring.ItemScore
    contents: list[tuple[str, bool]]  # what the item contains (kerntaken) in full, and whether it is ticked
    manager: scoring.ItemScore | None = None  # the manager's view of this item, when shared
    group: str = ""  # the title of the cluster or kennis list that starts at this row

    @property
    def is_long(self) -> bool:
        return len(self.score.note) > LONG_TEXT


MAX_LINES = 12
LONGEST_RUN = 40
_LONG_RUN = re.compile(rf"[^\s\u200b]{{{LONGEST_RUN}}}(?=[^\s\u200b])")


def breakable(text: str) -> str:
    """A run of more than LONGEST_RUN characters without a space (a long link, a key held down) gets
    a place to break (U+200B, invisible) after every LONGEST_RUN: unbroken, it ran off the page,
    and the worst case with such notes took WeasyPrint twice as long."""
    return _LONG_RUN.sub(lambda match: match.group() + "\u200b", text)


def printable(text: str) -> str:
    """Typed text with its line breaks, blank lines left out; beyond MAX_LINES lines the lines run
    on, separated by " · ": a note of 2,000 characters in one-word lines ran to 9 pages of PDF.
    Long runs without a space can break (see `breakable`)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return breakable(("\n" if len(lines) <= MAX_LINES else " · ").join(lines))


@dataclass
class PdfSection:
    section: object
    score: scoring.SectionScore
    rows: list[PdfRow]


def _contents(node, ticked) -> list[tuple[str, bool]]:
    """A taakgebied's kerntaken as the profile prints them: whole, each with its tick box."""
    return [(child.item.title, child.item.pk in ticked) for child in node.children if not child.item.rateable]


def shown_manager_view(assessment: Assessment, *, viewer=None) -> Assessment | None:
    """The manager's view printed beside the coordinator's: for the coordinator, the newest one
    whose author shared it with them; for a manager downloading a member's profile, their own."""
    views = assessment.manager_views.select_related("owner", "version").order_by("-updated_at")
    if viewer is not None and viewer.pk != assessment.owner_id:
        return views.filter(owner=viewer).first()
    return views.filter(shares__viewer_id=assessment.owner_id).first()


def profile_context(assessment: Assessment, *, viewer=None) -> dict:
    """`viewer`: who downloads. The coordinator sees a manager's view once it was shared with
    them; a manager downloading a member's shared profile sees their own view beside it."""
    workspace = load_workspace(assessment)
    nodes = {}

    def index(node):
        nodes[node.item.pk] = node
        for child in node.children:
            index(child)

    for root in build_tree(workspace.items):
        index(root)

    manager_view = shown_manager_view(assessment, viewer=viewer)
    manager_workspace = load_workspace(manager_view) if manager_view else None
    manager_scores = (
        {score.item.code: score for section in manager_workspace.sections for score in section.items}
        if manager_workspace
        else {}
    )
    items = {item.pk: item for item in workspace.items}
    sections = []
    for section in workspace.sections:
        rows, group = [], None
        for score in section.ticked:
            parent = items.get(score.item.parent_id)
            row = PdfRow(score, _contents(nodes[score.item.pk], workspace.ticked), manager_scores.get(score.item.code))
            if parent is not None and parent.pk != section.section.pk and parent.pk != group:
                row.group = parent.title
            group = parent.pk if parent is not None else None
            rows.append(row)
        sections.append(PdfSection(section=section.section, score=section, rows=rows))
    chosen = {}
    for option in assessment.context_options.select_related("variable").order_by("variable__position", "position"):
        chosen.setdefault(option.variable_id, []).append(option)
    situation = [  # per variable the labels chosen, per row of the profile (Context has two)
        (variable.name, [[option.label for option in row] for row in option_rows(chosen.get(variable.pk, []))])
        for variable in assessment.version.context_variables.order_by("position")
    ]
    goals = list(
        assessment.goals.prefetch_related(
            "items", Prefetch("progress", queryset=GoalProgress.objects.order_by("-date", "-id"))
        ).order_by("created_at", "id")
    )
    for goal in goals:  # the newest few progress entries are printed, and how many more there are
        entries = list(goal.progress.all())
        goal.recent_progress = entries[: limits.PROGRESS_IN_PDF]
        goal.older_progress = len(entries) - len(goal.recent_progress)
    gesprek = cycle_selectors.pdf_gesprek(assessment, viewer=viewer)
    confirmed = {c.user_id: c for c in gesprek.confirmations.all()} if gesprek else {}
    return {
        "assessment": assessment,
        "owner": assessment.owner,
        "organisation": organisation_name(assessment.owner),
        "workspace": workspace,
        "chart": pair_chart(workspace, manager_workspace) if manager_workspace else section_chart(workspace),
        "manager_view": manager_view,
        "sections": sections,
        "situation": situation,
        "gaps": scoring.largest_gaps(workspace.sections, limit=8),
        "strengths": scoring.strengths(workspace.sections, limit=8),
        "goals": goals,
        "long_goals": {
            goal.pk
            for goal in goals
            if len(goal.actions) + len(goal.support) + sum(len(e.did) + len(e.result) for e in goal.recent_progress)
            > LONG_TEXT
        },
        "printed_on": timezone.localdate(),
        # what others see, from the rounds the owner left in the PDF (and, for a manager, shared)
        "feedback": feedback_selectors.feedback_view(
            assessment,
            viewer=viewer or assessment.owner,
            own_scores={score.item.code: score for section in workspace.sections for score in section.items},
            manager_scores=manager_scores,
            for_pdf=True,
        ),
        "takenpakket": functie_selectors.pdf_takenpakket(assessment, viewer=viewer),
        "gesprek": gesprek,
        "gesprek_people": [
            (person, confirmed.get(person.pk)) for person in cycle_selectors.confirmers(gesprek, assessment)
        ],
    }


def organisation_name(user) -> str:
    """The organisation(s) the person belongs to, for the cover; empty for someone on their own."""
    memberships = getattr(user, "organisation_memberships", None)
    if memberships is None:
        return ""
    return ", ".join(membership.organisation.name for membership in memberships.select_related("organisation"))


# The template's indentation between tags: WeasyPrint parses every character, and a fifth of
# the document was layout whitespace. Escaped user text never holds "<", so only markup matches.
_INDENTATION = re.compile(r">\s*\n\s*<")


def profile_html(assessment: Assessment, *, viewer=None) -> str:
    html = render_to_string("assessments/pdf/profile.html", profile_context(assessment, viewer=viewer))
    return _INDENTATION.sub("><", html)


STYLESHEET = settings.BASE_DIR / "static" / "css" / "pdf.css"
# One font configuration is shared by every PDF of the process; Pango's font map is not meant for
# two threads at once (runserver and the browser tests' live server are threaded).
_render_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _stylesheet(modified: int):
    """The parsed stylesheet and its fonts, read again only when the file changes (`modified`):
    parsing them took a tenth of a short profile's time."""
    # Imported here: WeasyPrint needs Pango, which only the PDF needs.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=STYLESHEET, font_config=fonts), fonts


# Let the font configuration go while WeasyPrint can still clean up after it.
atexit.register(_stylesheet.cache_clear)


@contextlib.contextmanager
def _rendering():
    """One render at a time (see `_render_lock`), without Python's cyclic garbage collector.

    WeasyPrint makes about a million objects for a 14-page profile; on the way the collector ran
    some 170 times, twice over every object of the process, and that was a tenth of the render
    (bench/pdf.py). It is off while WeasyPrint works and on again after; a collection of the young
    generation then frees at once the cycles the render left. Collection is a per-process switch,
    so this holds the lock: no other render can switch it on halfway."""
    with _render_lock:
        enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if enabled:
                gc.enable()
                gc.collect(0)


def _render(html: str):
    from weasyprint import HTML

    stylesheet, fonts = _stylesheet(STYLESHEET.stat().st_mtime_ns)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.render(stylesheets=[stylesheet], font_config=fonts)


def layout(html: str):
    """The document laid out in pages (a WeasyPrint Document): to inspect in tests and benchmarks."""
    with _rendering():
        return _render(html)


def html_to_pdf(html: str) -> bytes:
    with _rendering():
        return _render(html).write_pdf()


def profile_pdf(assessment: Assessment, *, viewer=None) -> bytes:
    """Renders, always: about a second of WeasyPrint for a full profile. Downloads use `profile_pdf_for`."""
    return html_to_pdf(profile_html(assessment, viewer=viewer))


# ---------------------------------------------------------------------------------------
# Rendered once per content


@functools.cache
def _code_version() -> str:
    """What the PDF's look depends on besides the data: the templates, the stylesheet, the font
    files and WeasyPrint itself. Read once per process: a deploy restarts the process."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    paths = sorted((settings.BASE_DIR / "templates" / "assessments").glob("**/*.html"))
    paths += sorted((settings.BASE_DIR / "templates" / "cycle" / "pdf").glob("**/*.html"))
    paths += sorted((settings.BASE_DIR / "templates" / "functie" / "pdf").glob("**/*.html"))
    paths += [STYLESHEET, *sorted((settings.BASE_DIR / "static" / "fonts").glob("**/*"))]
    for path in paths:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(assessment: Assessment, *, viewer) -> str:
    """What the PDF of `assessment` shows to `viewer`, in a few small queries instead of a render.

    Every change to a zelfscan's answers or Mijn situatie moves `Assessment.updated_at` (the
    services do that); goals are counted with their newest change; the manager's view printed
    beside it, the names on the cover, the language and (for a concept) the date are read as
    they are now; so is the gesprek (every change to its afspraken, confirmations or "met wie"
    moves its `updated_at`, see `cycle.selectors.gesprek_stamp`), and the feedback rounds it prints
    (every answer, withdrawal or switch moves a round's `changed_at`, see `feedback.selectors.pdf_stamp`),
    and the takenpakket with the functieprofielen it is compared with (`functie.selectors.pdf_stamp`).
    Anything new that the PDF prints must be part of this, or move `updated_at`.
    """
    goals = assessment.goals.aggregate(count=Count("pk"), changed=Max("updated_at"))
    manager_view = shown_manager_view(assessment, viewer=viewer)
    parts = [
        _code_version(),
        get_language() or "",
        viewer.pk,
        assessment.pk,
        assessment.updated_at.isoformat(),
        assessment.status,
        assessment.owner.name,
        organisation_name(assessment.owner),
        goals["count"],
        goals["changed"].isoformat() if goals["changed"] else "",
        "" if assessment.is_final else timezone.localdate().isoformat(),
        cycle_selectors.gesprek_stamp(assessment),
        feedback_selectors.pdf_stamp(assessment, viewer=viewer),
        functie_selectors.pdf_stamp(assessment),
    ]
    if manager_view is not None:
        parts += [manager_view.pk, manager_view.updated_at.isoformat(), manager_view.owner.name]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def profile_pdf_for(assessment: Assessment, *, viewer) -> bytes:
    """The profile as `viewer` may see it (they were let in already), rendered only when its
    content changed since the last download; the owner's first download of a final round is
    kept as the document of record. The gesprek usually comes after finalising: when its
    afspraken or confirmations change, the record is made anew (with them) at the next download."""
    language = get_language() or settings.LANGUAGE_CODE
    is_owner = viewer.pk == assessment.owner_id
    copies = RenderedPdf.objects.filter(assessment=assessment, viewer=viewer, language=language)
    stale_record = None
    if assessment.is_final and is_owner:
        record = copies.filter(is_record=True).first()
        if record is not None:
            if not cycle_selectors.gesprek_changed_since(
                assessment, record.created_at
            ) and not feedback_selectors.pdf_changed_since(assessment, viewer=viewer, moment=record.created_at):
                return bytes(record.content)
            stale_record = record
    key = fingerprint(assessment, viewer=viewer)
    stored = copies.filter(is_record=False).first()
    if stored is not None and stored.fingerprint == key and stale_record is None:
        return bytes(stored.content)
    content = profile_pdf(assessment, viewer=viewer)
    if stale_record is not None:  # the record, with the afspraken as they are now
        RenderedPdf.objects.filter(pk=stale_record.pk).update(
            fingerprint=key, content=content, created_at=timezone.now()
        )
        return content
    is_record = assessment.is_final and is_owner and not assessment.rendered_pdfs.filter(is_record=True).exists()
    if stored is not None and not is_record:  # the content changed since: this copy replaces it
        RenderedPdf.objects.filter(pk=stored.pk).update(fingerprint=key, content=content, created_at=timezone.now())
        return content
    try:
        with transaction.atomic():
            RenderedPdf.objects.create(
                assessment=assessment,
                viewer=viewer,
                language=language,
                fingerprint=key,
                is_record=is_record,
                content=content,
            )
    except IntegrityError:  # the same download in another tab a moment ago stored it first
        pass
    return content


def profile_filename(assessment: Assessment) -> str:
    name = slugify(assessment.owner.get_full_name().split("@")[0]) or "profiel"
    # Outside the f-string, so that makemessages (xgettext) finds both texts.
    stem = slugify(_("ontwikkelprofiel"))
    status = "" if assessment.is_final else "-" + slugify(_("concept"))
    return f"{stem}-{name}-{timezone.localdate().isoformat()}{status}.pdf"
