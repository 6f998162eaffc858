from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from catalog.loading import load_framework, read_framework_file

BOUWSTENEN = Path(settings.BASE_DIR) / "fixtures" / "bouwstenen-2009.yaml"


@cache
def bouwstenen_data() -> dict:
    """Movisie's Bouwstenen (2009) as parsed from its fixture file (parsed once per test run)."""
    return read_framework_file(BOUWSTENEN)


@pytest.fixture
def bouwstenen_version(db):
    """The Bouwstenen framework, loaded from fixtures/ as in production."""
    return load_framework(bouwstenen_data()).version
