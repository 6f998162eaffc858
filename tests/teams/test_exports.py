"""The team matrix as XLSX and CSV: files that open, numbers that are numbers, nothing unshared."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from assessments import services
from tests.factories import ManagerMembershipFactory, TeamFactory
from tests.teams.test_views import SECRET, build_squad, member, scan, team_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def squad(profile_version):
    """Sanne shared, Youssef kept his zelfscan to himself, Marieke has none (see test_views)."""
    return build_squad(profile_version)


def download(client, squad, name):
    client.force_login(squad[1])
    response = client.get(team_url(name, squad[0]))
    assert response.status_code == 200
    return response


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def parse_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_xlsx_opens_with_one_sheet_per_view(client, squad):
    response = download(client, squad, "teams:matrix_xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    stamp = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="teammatrix-buurtcoaches-{stamp}.xlsx"'
    book = workbook(response)
    assert book.sheetnames == ["Onderdelen", "Losse onderdelen", "Dekking taakgebieden", "Ontwikkelwensen"]
    assert [book[name].freeze_panes for name in book.sheetnames] == ["C2", "C2", "C2", "D2"]


def test_the_sections_sheet_holds_numbers_per_member(client, squad):
    sheet = workbook(download(client, squad, "teams:matrix_xlsx"))["Onderdelen"]
    header, *body = rows(sheet)
    assert header == [
        "Code",
        "Onderdeel",
        "Team nu",
        "Team gewenst",
        "Team verschil",
        "Sanne de Vries nu",
        "Sanne de Vries gewenst",
        "Sanne de Vries verschil",
    ]
    assert [row[0] for row in body] == ["8", "9.1", "9.2", "9.3", "10.1", "10.2", "10.3", "10.4", "10.5"]
    by_code = {row[0]: row for row in body}
    assert by_code["10.2"][2:] == [2.5, 3.5, 1.0, 2.5, 3.5, 1.0]
    assert by_code["10.3"][2:] == [None] * 6  # nothing ticked: empty, not zero
    assert sheet["C7"].data_type == "n"
    assert sheet["A2"].data_type == "s"  # codes stay text


def test_the_items_coverage_and_needs_sheets(client, squad):
    book = workbook(download(client, squad, "teams:matrix_xlsx"))
    items = {row[0]: row for row in rows(book["Losse onderdelen"])[1:]}
    assert len(items) == 3 + 13 + 53 + 41
    assert items["10.2.1"][2:] == ["Competenties", 2.0, 3.0, 1.0, 2, 3, 1]
    assert items["10.2.k1"][2] == "Kennisgebieden"
    coverage = {row[0]: row for row in rows(book["Dekking taakgebieden"])[1:]}
    assert len(coverage) == 13
    assert coverage["9.1.1"][3:] == [1, "Sanne de Vries"]
    assert coverage["9.1.2"][3:] == [0, None]
    needs = rows(book["Ontwikkelwensen"])
    assert needs[0] == [
        "Plek",
        "Code",
        "Onderdeel",
        "Hoort bij",
        "Opgeteld verschil",
        "Wil groeien (mensen)",
        "Als doel gekozen (mensen)",
    ]
    assert [row[1] for row in needs[1:]] == ["9.2.1", "8.1", "10.2.1", "10.2.k1"]
    assert needs[1][4:] == [2, 1, 1]


def test_the_csv_is_sections_by_members_for_dutch_excel(client, squad):
    sanne = squad[2]
    sanne.name = "Noëlle de Vries"
    sanne.save()
    response = download(client, squad, "teams:matrix_csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    header, *body = parse_csv(response)
    assert header[:3] == ["Code", "Onderdeel", "Team nu"]
    assert header[-1] == "Noëlle de Vries verschil"
    assert len(body) == 9
    by_code = {row[0]: row for row in body}
    assert by_code["10.2"][1] == "Sociaal-agogische competenties"
    assert by_code["10.2"][2:] == ["2,5", "3,5", "1,0", "2,5", "3,5", "1,0"]
    assert by_code["10.3"][2:] == [""] * 6


def test_names_that_look_like_formulas_stay_text(client, squad):
    team, manager, sanne, *_rest = squad
    sanne.name = '=HYPERLINK("http://example.org")'
    sanne.save()
    sheet = workbook(download(client, squad, "teams:matrix_xlsx"))["Onderdelen"]
    assert sheet["F1"].data_type == "s"
    assert sheet["F1"].value.startswith("=HYPERLINK")
    header = parse_csv(download(client, squad, "teams:matrix_csv"))[0]
    assert header[5].startswith("'=HYPERLINK")


def test_exports_hold_nothing_that_was_not_shared(client, squad):
    team, manager, sanne, youssef, marieke, shared = squad
    pim = member(team, "Pim Vos")
    revoked = scan(pim, shared.version, {"9.3.1": (1, 4)}, note=SECRET, share_with=manager)
    services.share_set(assessment=revoked, viewer=manager, shared=False)
    scan(sanne, shared.version, {"9.3.1": (4, 1)}, note=SECRET, role_title=SECRET)  # newer round, not shared
    book = workbook(download(client, squad, "teams:matrix_xlsx"))
    content = str([rows(sheet) for sheet in book])
    text = download(client, squad, "teams:matrix_csv").content.decode("utf-8-sig")
    for shown in [content, text]:
        for hidden in [SECRET, "Youssef", "Marieke", "Pim"]:
            assert hidden not in shown
    sections = {row[0]: row for row in rows(book["Onderdelen"])}
    assert sections["9.3"][2:] == [None] * 6  # only Sanne's shared round counts


def test_a_team_that_shared_nothing_exports_empty_tables(client, profile_version):
    team = TeamFactory(name="Nieuw team")
    manager = ManagerMembershipFactory(team=team).user
    scan(member(team, "Nog niet gedeeld"), profile_version)
    client.force_login(manager)
    book = workbook(client.get(team_url("teams:matrix_xlsx", team)))
    assert [len(rows(book[name])) for name in book.sheetnames] == [1, 1, 1, 1]
    assert parse_csv(client.get(team_url("teams:matrix_csv", team))) == [
        ["Code", "Onderdeel", "Team nu", "Team gewenst", "Team verschil"]
    ]


def test_the_xlsx_in_english_names_its_sheets_in_english(client, squad):
    client.force_login(squad[1])
    response = client.get(team_url("teams:matrix_xlsx", squad[0]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert workbook(response).sheetnames == ["Parts", "Items", "Task area coverage", "Development wishes"]


def test_it_calls_the_parts_onderdelen_never_delen_which_is_only_sharing(client, squad):
    book = workbook(download(client, squad, "teams:matrix_xlsx"))
    headers = [cell for sheet in book for cell in rows(sheet)[0]]
    assert "Delen" not in book.sheetnames
    assert "Deel" not in headers


def test_the_xlsx_carries_the_colours_wraps_titles_and_prints_landscape_one_page_wide(client, squad):
    book = workbook(download(client, squad, "teams:matrix_xlsx"))
    sections = book["Onderdelen"]
    formatting = sections.conditional_formatting
    rules = {str(ranges.sqref): [rule.formula[0] for rule in ranges.rules] for ranges in formatting}
    assert rules["C2:C10"] == ["AND(ISNUMBER(C2),C2<=1.5)"]  # a low 'now' of the team
    assert rules["E2:E10"] == [
        "AND(ISNUMBER(E2),E2<=0)",
        "AND(ISNUMBER(E2),E2>0,E2<=1)",
        "AND(ISNUMBER(E2),E2>1,E2<=2)",
        "AND(ISNUMBER(E2),E2>2)",
    ]  # the gap's bands, as on the web page; empty cells stay white
    assert "H2:H10" in rules  # and Sanne's gap
    assert len(book["Losse onderdelen"].conditional_formatting) == 4  # team and Sanne: now and gap
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
    assert sections["B2"].alignment.wrap_text  # long titles wrap
    assert sections["A1"].alignment.wrap_text
