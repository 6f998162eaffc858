import pytest

from assessments import services as assessment_services
from functie import services
from tests.assessments.conftest import assessment, coordinator, item, rate  # noqa: F401


def tick(zelfscan, *codes):
    for code in codes:
        assessment_services.answer_save(
            assessment=zelfscan, item=item(zelfscan.version, code), changes={"applies": "1"}
        )


def entries(**by_code):
    """entries(**{"9.1.3": ("uitvoerend", "4")}) → the service's {code: {"levels", "hours"}}."""
    return {
        code: {"levels": [level for level in levels.split(",") if level], "hours": hours}
        for code, (levels, hours) in by_code.items()
    }


@pytest.fixture
def package(assessment):  # noqa: F811 (the fixture imported above)
    """Sanne's takenpakket: three taakgebieden of two hoofdtaken, 24 hours agreed."""
    tick(assessment, "9.1.3", "9.1.4", "9.2.1")
    services.takenpakket_save(
        assessment=assessment,
        agreed_hours="24",
        entries=entries(
            **{"9.1.3": ("uitvoerend", "6"), "9.1.4": ("uitvoerend,tactisch", "8,5"), "9.2.1": ("strategisch", "")}
        ),
    )
    return assessment
