"""The team matrix as a spreadsheet (XLSX) and as CSV. Only what `matrix.TeamMatrix` holds leaves
the app: the shared assessments of the team, nothing else.
"""

import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from profiel.spreadsheet import csv_bytes, csv_number, csv_text

from .matrix import BANDS, LOW_CURRENT, TeamMatrix

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_WRAP = Alignment(wrap_text=True, vertical="bottom")

# The web matrix's colours (static/css/app.css .heat-*): the gap's band, and a low present level.
BAND_FILLS = {
    "none": "EEF5F1",
    "small": "FDF1D3",
    "medium": "F9D89C",
    "large": "F1B46C",
}
LOW_FONT = Font(bold=True, color="7A1020")
LOW_BORDER = Border(bottom=Side(style="thick", color="7A1020"))


def filename(team, extension: str) -> str:
    """E.g. `teammatrix-buurtcoaches-2025-03-14.xlsx`."""
    name = slugify(team.name) or "team"
    return f"teammatrix-{name}-{timezone.localdate().isoformat()}.{extension}"


def _member_name(member) -> str:
    return member.user.get_full_name()


def _level_headers(matrix: TeamMatrix) -> list[str]:
    headers = [_("Team nu"), _("Team gewenst"), _("Team verschil")]
    for member in matrix.members:
        name = _member_name(member)
        headers += [f"{name} {_('nu')}", f"{name} {_('gewenst')}", f"{name} {_('verschil')}"]
    return headers


def _names(members) -> str:
    return ", ".join(user.get_full_name() for user, _current in members)


def _levels(row) -> list:
    """Now, desired and gap of the team and of every member: numbers, or empty where nothing is rated."""
    values = []
    for cell in [row.team, *row.cells]:
        values += [cell.current, cell.desired, cell.gap] if cell.is_rated else [None, None, None]
    return values


# ---------------------------------------------------------------------------------------
# XLSX


def _text_cell(sheet, value, *, bold: bool = False, alignment=None):
    """Text stays text: a name like `=SOM(…)` is never read as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = BOLD
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _sheet(workbook, title: str, headers: list[str], rows, *, widths: dict, frozen_columns: int, levels_from=None):
    """One sheet: bold wrapped headers, long titles wrapped, printed landscape and one page wide with
    the header row on every page. `levels_from`: the first column of now/desired/gap triples, coloured
    like the web matrix (openpyxl conditional formatting, so the colours follow edited numbers)."""
    sheet = workbook.create_sheet(title)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    wrapped = {column for column, width in widths.items() if width >= 30}
    sheet.append([_text_cell(sheet, header, bold=True, alignment=HEADER_WRAP) for header in headers])
    count = 0
    for row in rows:
        count += 1
        sheet.append(
            [
                _text_cell(sheet, value, alignment=WRAP if column in wrapped else None)
                if isinstance(value, str)
                else value
                for column, value in enumerate(row, start=1)
            ]
        )
    if levels_from and count:
        _colour_levels(sheet, first=levels_from, last=len(headers), rows=count + 1)
    return sheet


def _colour_levels(sheet, *, first: int, last: int, rows: int):
    """Now/desired/gap triples from column `first`: the gap coloured by band, a low 'now' marked.
    Every rule asks ISNUMBER first: an empty cell (nothing rated) stays white, not 'no wish'."""
    for column in range(first, last + 1, 3):
        now_letter, gap_letter = get_column_letter(column), get_column_letter(column + 2)
        sheet.conditional_formatting.add(
            f"{now_letter}2:{now_letter}{rows}",
            FormulaRule(
                formula=[f"AND(ISNUMBER({now_letter}2),{now_letter}2<={LOW_CURRENT})"], font=LOW_FONT, border=LOW_BORDER
            ),
        )
        lower = None
        for band in BANDS:
            fill = PatternFill(fill_type="solid", start_color=BAND_FILLS[band.key], end_color=BAND_FILLS[band.key])
            cell = f"{gap_letter}2"
            tests = [f"ISNUMBER({cell})"]
            if lower is not None:
                tests.append(f"{cell}>{lower}")
            if band.upper is not None:
                tests.append(f"{cell}<={band.upper}")
            rule = FormulaRule(formula=[f"AND({','.join(tests)})"], fill=fill)
            sheet.conditional_formatting.add(f"{gap_letter}2:{gap_letter}{rows}", rule)
            lower = band.upper


def matrix_xlsx(matrix: TeamMatrix) -> bytes:
    """One sheet per view: sections, items, coverage of taakgebieden, development needs."""
    workbook = Workbook(write_only=True)
    level_headers = _level_headers(matrix)
    level_widths = {column: 12 for column in range(3, 3 + len(level_headers))}

    _sheet(
        workbook,
        _("Onderdelen"),  # the parts of the profile ("Delen" is only ever sharing)
        [_("Code"), pgettext("deel van het profiel", "Onderdeel"), *level_headers],
        ([row.code, row.title, *_levels(row)] for row in matrix.section_rows()),
        widths={1: 8, 2: 45, **level_widths},
        frozen_columns=2,
        levels_from=3,
    )
    item_rows = matrix.item_rows()
    _sheet(
        workbook,
        _("Losse onderdelen"),
        [_("Code"), _("Onderdeel"), _("Soort"), *level_headers],
        ([row.code, row.title, row.kind, *_levels(row)] for row in item_rows),
        widths={1: 9, 2: 60, 3: 16, **{column + 1: width for column, width in level_widths.items()}},
        frozen_columns=2,
        levels_from=4,
    )
    _sheet(
        workbook,
        _("Dekking taakgebieden"),
        [_("Code"), _("Taakgebied"), _("Hoofdtaak"), _("Aantal"), _("Wie heeft het aangevinkt")],
        (
            [row.code, row.title, group.title, len(row.members), _names(row.members)]
            for group in matrix.coverage()
            for row in group.rows
        ),
        widths={1: 8, 2: 45, 3: 40, 4: 8, 5: 60},
        frozen_columns=2,
    )
    _sheet(
        workbook,
        _("Ontwikkelwensen"),
        [
            _("Plek"),
            _("Code"),
            _("Onderdeel"),
            _("Hoort bij"),
            _("Opgeteld verschil"),
            _("Wil groeien (mensen)"),
            _("Als doel gekozen (mensen)"),
        ],
        (
            [place, need.code, need.title, need.section_title, need.total_gap, need.growing, need.goals]
            for place, need in enumerate(matrix.needs(limit=None), start=1)
        ),
        widths={1: 6, 2: 9, 3: 60, 4: 40, 5: 12, 6: 12, 7: 12},
        frozen_columns=3,
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# ---------------------------------------------------------------------------------------
# CSV (profiel.spreadsheet: for Dutch Excel)


def matrix_csv(matrix: TeamMatrix) -> bytes:
    """Sections × members: now, desired and gap of the team and of every member who shared."""
    headers = [_("Code"), pgettext("deel van het profiel", "Onderdeel"), *_level_headers(matrix)]
    rows = [[csv_text(header) for header in headers]]
    for row in matrix.section_rows():
        rows.append([row.code, csv_text(row.title), *(csv_number(value) for value in _levels(row))])
    return csv_bytes(rows)
