import pytest
from django.core.management import call_command
from django.utils.translation import trans_real


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues(django_db_setup):
    """The Russian pages need the compiled catalogue; `make test` compiles it too, but
    `pytest tests/i18n` on its own must not depend on that having happened."""
    call_command("compile_translations", verbosity=0)
    # A catalogue loaded before the .mo existed (or changed) would stay cached.
    trans_real._translations = {}
    trans_real._default = None
