"""deploy/gunicorn.conf.py as gunicorn reads it in the web container."""

import runpy
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_no_control_socket_the_non_root_user_could_not_create():
    settings = runpy.run_path(str(CONF))
    assert "control_socket_disable" in Config().settings, "gunicorn no longer has this setting"
    assert settings["control_socket_disable"] is True


def test_every_name_in_the_config_is_a_gunicorn_setting():
    """A misspelt setting is silently ignored by gunicorn: fail here instead."""
    known = set(Config().settings)
    names = {
        name
        for name, value in runpy.run_path(str(CONF)).items()
        if not name.startswith("_") and not callable(value) and name != "os"
    }
    assert names <= known, f"not gunicorn settings: {sorted(names - known)}"
