"""The nginx template docker-compose mounts is valid nginx, as rendered for prodcheck."""

import os
import subprocess

import pytest

from deploy.prodcheck import TEMPLATE, find_nginx, render_template, write_nginx_config


@pytest.fixture
def nginx():
    binary = find_nginx()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing in CI: .ci/run must install it")
        pytest.skip("nginx is not installed")
    return binary


def test_rendered_template_passes_nginx_t(nginx, tmp_path):
    values = {
        "NGINX_LISTEN": "127.0.0.1:18089",
        "NGINX_UPSTREAM": "127.0.0.1:18091",
        "NGINX_RESOLVER": "127.0.0.1",
        "NGINX_STATIC_ROOT": str(tmp_path / "static"),
        "NGINX_MEDIA_ROOT": str(tmp_path / "media"),
        "NGINX_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    main_conf = write_nginx_config(tmp_path, values)
    result = subprocess.run(  # noqa: S603 - the nginx binary with fixed arguments
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main_conf), "-e", str(tmp_path / "e.log")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_rendering_refuses_a_missing_variable():
    with pytest.raises(Exception, match="NGINX_MEDIA_ROOT"):
        render_template(TEMPLATE.read_text(), {"NGINX_LISTEN": "80"})


def test_template_uses_no_braced_nginx_variables():
    """envsubst would blank a braced nginx variable; only NGINX_* may be braced."""
    from deploy.prodcheck import template_variables

    assert all(name.startswith("NGINX_") for name in template_variables(TEMPLATE.read_text()))
