"""The development profile as PDF: what is in it, who may download it, the concept mark."""

import io
import re
from types import SimpleNamespace

import lxml.html
import pytest
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from assessments import limits, pdf, services
from assessments.models import RenderedPdf
from assessments.workspace import load_workspace
from catalog.loading import load_framework
from cycle import services as cycle_services
from cycle.models import Gesprek
from tests.assessments.conftest import finalise, item, rate
from tests.conftest import framework_data
from tests.factories import UserFactory, team_with

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # nearly every test renders a PDF


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


@pytest.fixture
def filled(assessment):
    rate(assessment, "10.3.5", 1, 4, note="Na de reorganisatie wil ik steviger staan.")
    rate(assessment, "9.1.3", 3, 3)
    rate(assessment, "10.2.k4", 2, 3)
    services.situation_save(assessment=assessment, role_title="Coördinator buurthuis", option_ids=[])
    services.goal_save(
        assessment=assessment,
        data={
            "title": "Veerkracht vergroten",
            "items": [item(assessment.version, "10.3.5").pk],
            "actions": "Intervisie",
        },
    )
    assessment.refresh_from_db()
    return assessment


def test_it_holds_the_cover_items_levels_goals_and_signatures(filled):
    text, pages = pdf_text(pdf.profile_pdf(filled))
    assert 5 <= pages <= 8
    for expected in [
        "Persoonlijk ontwikkelingsprofiel",
        "Sanne de Vries",
        "Coördinator buurthuis",
        "Competentieprofiel Coördinator Vrijwilligerswerk, versie 2025",
        "CONCEPT",
        "Mijn situatie",
        "10.3.5",
        "Na de reorganisatie wil ik steviger staan.",
        "9.1.3 Matchen",
        "Een transparante intake-procedure toepassen",  # its kerntaken, summarised
        "10.2.k4",
        "Veerkracht vergroten",
        "Intervisie",
        "Afspraken",
        "Leidinggevende",
        "pagina 2 van",
    ]:
        assert expected in text, expected
    priorities = text.split("Prioriteiten")[1].split("Sterke kanten")[0]
    assert "10.3.5" in priorities and "(1 → 4)" in priorities


def test_my_situation_prints_the_rows_of_context_on_lines_of_their_own(assessment):
    wanted = {"context": ["organisatie", "initiatief", "hybride"], "beloning": ["betaald"]}
    options = [
        option.pk
        for variable in assessment.version.context_variables.filter(code__in=wanted)
        for option in variable.options.filter(code__in=wanted[variable.code])
    ]
    services.situation_save(assessment=assessment, role_title="Coördinator", option_ids=options)
    situation = lxml.html.fromstring(pdf.profile_html(assessment)).xpath("//dl[@class='situation']")[0]
    printed, name = {}, None
    for element in situation:
        if element.tag == "dt":
            name = element.text_content()
            printed[name] = []
        else:
            printed[name].append(element.text_content())
    assert printed["Context"] == ["Organisatie, Initiatief", "Hybride"]
    assert printed["Beloning"] == ["Betaald"]
    assert printed["Inbedding"] == ["–"]


def test_a_final_profile_says_definitief_and_not_concept(filled):
    finalise(filled)
    filled.refresh_from_db()
    text, _ = pdf_text(pdf.profile_pdf(filled))
    assert "DEFINITIEF" in text
    assert "CONCEPT" not in text


def test_the_owner_downloads_it_with_name_and_date_in_the_file_name(client, filled):
    client.force_login(filled.owner)
    response = client.get(reverse("assessments:pdf", args=[filled.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ontwikkelprofiel-sanne-de-vries-')
    assert disposition.endswith('-concept.pdf"')
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]  # personal data


QUERIES = 26  # 21, plus the progress entries of the goals (printed since goals run across rounds), plus two
# for feedback from others: its rounds in the fingerprint, and the rounds to print (none here), plus two
# for the takenpakket (functie): in the fingerprint, and to print (none here)


def test_it_downloads_the_pdf_in_the_same_number_of_queries_however_much_is_answered(
    client, filled, django_assert_num_queries
):
    client.force_login(filled.owner)
    url = reverse("assessments:pdf", args=[filled.pk])
    cycle_services.afspraak_add(assessment=filled, by=filled.owner, text="Eerste afspraak")
    client.get(url)  # the first request in a process reads the version's items and scale once
    # A first render (no stored copy): session, user, assessment; the stored copy, and what the
    # PDF shows (goals, manager view, organisations, the gesprek); then answers, shared manager
    # views, context options and variables, organisations, goals, goal items, the gesprek with its
    # afspraken and confirmations; storing the copy (in a savepoint). The gesprek added four
    # queries: one for the fingerprint, three to print the afspraken and who confirmed them.
    # Feedback from others added two: its rounds in the fingerprint, and the rounds to print (none here).
    RenderedPdf.objects.all().delete()
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200
    for code in ["8.1", "8.2", "9.1.1", "9.2.1", "10.2.1", "10.3.1", "10.4.2"]:
        rate(filled, code, 2, 4, note=f"Over {code}")
    for number in range(3):
        services.goal_save(
            assessment=filled,
            data={"title": f"Doel {number}", "items": [item(filled.version, "8.1").pk], "actions": "Intervisie"},
        )
    for number in range(3):
        cycle_services.afspraak_add(assessment=filled, by=filled.owner, text=f"Afspraak {number}")
    cycle_services.confirm(assessment=filled, by=filled.owner, revision=Gesprek.objects.get(assessment=filled).revision)
    RenderedPdf.objects.all().delete()
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    text, _ = pdf_text(response.content)
    assert "Over 10.4.2" in text and "Doel 2" in text and "Afspraak 2" in text


def test_someone_else_gets_404_for_the_pdf(client, filled):
    client.force_login(UserFactory())
    assert client.get(reverse("assessments:pdf", args=[filled.pk])).status_code == 404


def test_the_managers_view_appears_only_once_it_is_shared_with_the_coordinator(filled):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[filled.owner], managers=[boss], organisation="Buurthuis De Linde")
    services.share_set(assessment=filled, viewer=boss, shared=True)
    view = services.manager_view_start(manager=boss, counterpart=filled)
    services.answer_save(assessment=view, item=item(view.version, "10.3.5"), changes={"current": "3", "desired": "4"})

    text, _ = pdf_text(pdf.profile_pdf(filled))
    assert "Leidinggevende" in text and "Buurthuis De Linde" in text
    assert "Ilse Bakker" not in text  # not shared with the coordinator yet
    services.share_set(assessment=view, viewer=filled.owner, shared=True)
    text, _ = pdf_text(pdf.profile_pdf(filled))
    assert "Ilse Bakker (leidinggevende)" in text
    assert "Nu (leidinggevende)" in text


def test_a_final_profile_stays_the_same_after_a_new_version_is_published(filled):
    import copy

    from catalog.loading import load_framework
    from tests.conftest import framework_data

    finalise(filled)
    filled.refresh_from_db()
    before, pages = pdf_text(pdf.profile_pdf(filled))
    data = copy.deepcopy(framework_data())
    data["version"]["label"] = "2027"
    data["items"][1]["children"][2]["title"] = "Matchen (herzien)"
    load_framework(data)
    after, pages_after = pdf_text(pdf.profile_pdf(filled))
    assert after == before and pages_after == pages
    assert "Matchen (herzien)" not in after


def test_the_shipped_font_is_embedded(filled):
    reader = PdfReader(io.BytesIO(pdf.profile_pdf(filled)))
    fonts = set()
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith("Source-Sans-3") for name in fonts)


def test_a_manager_downloading_a_shared_profile_sees_their_own_view_beside_it(filled):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[filled.owner], managers=[boss], organisation="Buurthuis")
    services.share_set(assessment=filled, viewer=boss, shared=True)
    view = services.manager_view_start(manager=boss, counterpart=filled)
    services.answer_save(assessment=view, item=item(view.version, "10.3.5"), changes={"current": "3"})
    text, _ = pdf_text(pdf.profile_pdf(filled, viewer=boss))
    assert "Ilse Bakker (leidinggevende)" in text  # the author sees their own view
    text, _ = pdf_text(pdf.profile_pdf(filled, viewer=filled.owner))
    assert "Ilse Bakker" not in text  # the coordinator only once it is shared


def rate_everything(assessment):
    """Every item ticked, rated and given a note, and four goals: the largest profile there is."""
    levels = services.scale_values(assessment.version)
    for index, catalog_item in enumerate(assessment.version.items.filter(rateable=True).order_by("position")):
        current, desired = 1 + index % 4, min(4, 1 + index % 4 + index % 3)
        changes = {"applies": "1", "current": current, "desired": desired, "note": f"Notitie {index}."}
        services.answer_save(assessment=assessment, item=catalog_item, changes=changes, levels=levels)
    for number in range(1, 5):
        services.goal_save(assessment=assessment, data={"title": f"Doel {number}", "actions": "Intervisie"})
    return assessment


@pytest.fixture
def fully_rated(assessment):
    return rate_everything(assessment)


@pytest.fixture(scope="module")
def largest(django_db_setup, django_db_blocker):
    """The fully rated profile rendered once for the tests that only read it: the PDF, its pages
    as laid out, and the ticked items. Built in a transaction that is rolled back, so no test
    sees its rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        version = load_framework(framework_data()).version
        owner = User.objects.create(email="largest-profile@example.org", name="Sanne de Vries")
        assessment = rate_everything(services.assessment_start(owner=owner, framework=version.framework))
        html = pdf.profile_html(assessment)
        scores = [
            SimpleNamespace(
                code=s.item.code, title=s.item.title, current=s.current, desired=s.desired, gap=s.gap, note=s.note
            )
            for section in load_workspace(assessment).sections
            for s in section.ticked
        ]
        rendered = SimpleNamespace(pdf=pdf.html_to_pdf(html), document=pdf.layout(html), scores=scores)
        transaction.set_rollback(True)
    return rendered


def test_a_fully_rated_profile_shows_every_item_with_its_levels_and_note(largest):
    text, pages = pdf_text(largest.pdf)
    assert 10 <= pages <= 14  # 16 pages before the layout was made compact
    scores = largest.scores
    assert len(scores) == 110
    chosen = text.split("Gekozen onderdelen")[-1].split("Ontwikkelplan")[0]
    for score in scores:
        gap = f" +{score.gap}" if score.gap else ""
        title = " ".join(score.title.split()[:3])
        assert f"{score.code} {title}" in chosen, score.code
        assert f"{score.current} → {score.desired}{gap}" in chosen, score.code
        assert score.note in chosen
    for number in range(1, 5):
        assert f"Doel {number}" in text
    # Competenties under their cluster, kennisgebieden under the area's kennis list
    cluster = "Is gericht op zichtbaar maken van (de waarde en het belang van) vrijwilligerswerk 10.1.1"
    assert cluster in chosen
    assert "Kennis van (methoden, instrumenten, technieken en hulpmiddelen ten aanzien van): 10.3.k1" in chosen


def test_every_page_after_the_cover_has_the_concept_mark_and_its_number(largest):
    reader = PdfReader(io.BytesIO(largest.pdf))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], start=2):
        footer = " ".join(page.extract_text().split())
        assert f"pagina {number} van {total}" in footer
        assert "Sanne de Vries · Persoonlijk ontwikkelingsprofiel · CONCEPT" in footer


def laid_out_elements(document):
    """Per page, the HTML elements its boxes come from, in document order (page margins left out)."""
    for page in document.pages:
        boxes = page._page_box.descendants()
        yield [box.element for box in boxes if box.element is not None and type(box).__name__ != "MarginBox"]


def is_heading(element) -> bool:
    """A chapter or part heading, or the row that names a cluster or kennis list in a table."""
    return element.tag in ("h2", "h3") or (element.tag == "tr" and element.get("class") == "group")


def pages_ending_with_a_heading(document) -> list[int]:
    ending = []
    for number, elements in enumerate(laid_out_elements(document), start=1):
        in_headings = {id(part) for element in elements if is_heading(element) for part in element.iter()}
        if id(elements[-1]) in in_headings:
            ending.append(number)
    return ending


@pytest.mark.parametrize(
    "heading",
    [
        "<h3{style}>Kop</h3><p>Tekst</p>",
        '<table><tr class="group"{style}><th>Kop</th></tr><tr><td>Tekst</td></tr></table>',
    ],
)
def test_a_heading_that_would_end_a_page_moves_to_the_next_one(heading):
    def document(lines: int, style: str = ""):
        filler = "<p>Regel</p>" * lines
        return pdf.layout(f"<body>{filler}{heading.format(style=style)}{filler}")

    # Without the stylesheet's rule the heading ends page 1 at some length of text before it…
    lines = next(n for n in range(20, 60) if pages_ending_with_a_heading(document(n, ' style="break-after: auto"')))
    # …and with it, the heading goes along with what follows.
    assert pages_ending_with_a_heading(document(lines)) == []


def test_no_row_is_split_across_pages_and_no_heading_ends_a_page(largest):
    document = largest.document
    assert pages_ending_with_a_heading(document) == []
    pages_of = {}  # an element's id → (the element, the pages its boxes are on)
    for number, elements in enumerate(laid_out_elements(document), start=1):
        for element in elements:
            pages_of.setdefault(id(element), (element, set()))[1].add(number)
    rows = [(element, numbers) for element, numbers in pages_of.values() if element.find("td") is not None]
    assert len(rows) == 110
    for element, numbers in rows:
        assert len(numbers) == 1, f"{''.join(element.itertext())[:60]!r} is split over pages {sorted(numbers)}"
    goals = [numbers for element, numbers in pages_of.values() if "goal" in element.get("class", "").split()]
    assert len(goals) == 4 and all(len(numbers) == 1 for numbers in goals)


def test_the_chart_stays_on_the_page_of_its_heading_also_with_the_managers_bars(fully_rated):
    boss = UserFactory(name="Ilse Bakker")
    team_with(coordinators=[fully_rated.owner], managers=[boss])
    services.share_set(assessment=fully_rated, viewer=boss, shared=True)
    view = services.manager_view_start(manager=boss, counterpart=fully_rated)
    services.share_set(assessment=view, viewer=fully_rated.owner, shared=True)
    variables = fully_rated.version.context_variables.all()
    every_option = [option.pk for variable in variables for option in variable.options.all()]
    services.situation_save(assessment=fully_rated, role_title="Coördinator", option_ids=every_option)

    html = pdf.profile_html(fully_rated)
    assert "Nu (leidinggevende)" in html
    pages = {}
    for number, elements in enumerate(laid_out_elements(pdf.layout(html)), start=1):
        for element in elements:
            if element.tag.endswith("svg") or "".join(element.itertext()) == "Nu en gewenst, per onderdeel":
                pages.setdefault(element.tag.split("}")[-1], set()).add(number)
    assert pages == {"h2": {2}, "svg": {2}}


def test_a_name_with_quotes_backslashes_or_markup_shows_as_typed_in_the_footer(assessment):
    assessment.owner.name = 'Anna "Ans" de Boer \\ </style> }; @page { size: A3 }'
    assessment.owner.save()
    reader = PdfReader(io.BytesIO(pdf.profile_pdf(assessment)))
    footer = " ".join(reader.pages[1].extract_text().split())
    assert 'Anna "Ans" de Boer \\ </style> }; @page { size: A3 } · Persoonlijk ontwikkelingsprofiel' in footer
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)  # still A4


def test_typed_line_breaks_in_notes_and_goals_stay_and_every_line_is_printed(assessment):
    rate(assessment, "10.3.5", 1, 4, note="Eerste voorbeeld.\n\n\nTweede voorbeeld.\nDerde.")
    rate(assessment, "10.3.6", 1, 4, note="\n".join(f"regel{number}" for number in range(1, 121)))  # 971 characters
    services.goal_save(assessment=assessment, data={"title": "Stappen", "actions": "Eerst dit.\nDan dat."})
    reader = PdfReader(io.BytesIO(pdf.profile_pdf(assessment)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    lines = [line.strip() for line in text.splitlines()]
    assert lines[lines.index("Eerste voorbeeld.") : lines.index("Eerste voorbeeld.") + 3] == [
        "Eerste voorbeeld.",
        "Tweede voorbeeld.",
        "Derde.",
    ]  # blank lines left out
    assert {"Eerst dit.", "Dan dat."} <= {line.split("?")[-1].strip() for line in lines}
    # A list of 120 one-word lines runs on as a paragraph: all of it, on a page or so
    run_on = " ".join(" ".join(text.split("regel1 · ", 1)[1].split()).split(" · "))
    assert "regel1 · " in text and run_on.startswith("regel2 regel3") and "regel120" in run_on
    assert len(reader.pages) <= 6


def test_a_long_unbroken_word_wraps_within_the_page(assessment):
    """Issue 11, finding 4: a note of one unbroken "word" ran off the page, and made the worst case twice as slow."""
    word = "ab" * (limits.NOTE_MAX_LENGTH // 2)
    rate(assessment, "10.3.5", 1, 4, note=word)
    services.goal_save(assessment=assessment, data={"title": "t" * limits.GOAL_TITLE_MAX_LENGTH, "actions": word})
    reader = PdfReader(io.BytesIO(pdf.profile_pdf(assessment)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    lines = [line.replace("\u200b", "") for line in text.splitlines() if "abab" in line or "tttt" in line]
    assert max(len(line) for line in lines) < 120  # wrapped, not one line running off the page
    assert sum(line.count("ab") for line in lines) >= limits.NOTE_MAX_LENGTH  # all of it printed, twice


def test_printable_text_breaks_only_long_runs_and_keeps_every_character():
    text = "kort " + "x" * 95 + " https://example.org/" + "pad/" * 20
    printed = pdf.printable(text)
    assert printed.replace("\u200b", "") == text
    assert max(len(run) for run in re.split(r"[\s\u200b]", printed)) <= pdf.LONGEST_RUN
    assert pdf.printable("Een gewone zin.") == "Een gewone zin."
