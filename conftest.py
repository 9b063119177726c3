import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real region data once per test session; every test's transaction sees it."""
    from regions import services

    with django_db_blocker.unblock():
        services.regions_load(data_dir=settings.REGION_DATA_DIR)
