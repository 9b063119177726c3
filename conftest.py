import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from bapas import testclock

# Property tests check what holds, not how fast: on a loaded two-core CI machine an example can take longer than
# hypothesis's default 200 ms deadline, which made them fail at random (speed is measured by `make bench`).
hypothesis_settings.register_profile("bapas", deadline=None)
hypothesis_settings.load_profile("bapas")


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
