# The zelfscan fixtures the team pages are built from.
from tests.assessments.conftest import assessment, coordinator  # noqa: F401
