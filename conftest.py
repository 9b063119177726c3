import pytest
from django.conf import settings

from bapas import testclock


def pytest_configure(config):
    """BAPAS_TEST_CLOCK_SHIFT_DAYS=730 runs the whole session two years ahead (see bapas/testclock.py)."""
    testclock.start_shift_from_environment()


def pytest_unconfigure(config):
    testclock.stop_shift()


def pytest_report_header(config):
    days = testclock.shift_days()
    if days:
        return f"clock: {days} days ahead of the real date ({testclock.SHIFT_ENV}); frozen test classes keep theirs"
    return None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real region data once per test session; every test's transaction sees it."""
    from regions import services

    with django_db_blocker.unblock():
        services.regions_load(data_dir=settings.REGION_DATA_DIR)
