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


def rendered(tmp_path, listen="127.0.0.1:18089"):
    """The template rendered as prodcheck renders it, every path in ``tmp_path``: the
    main configuration file."""
    values = {
        "NGINX_LISTEN": listen,
        "NGINX_UPSTREAM": "127.0.0.1:18091",
        "NGINX_RESOLVER": "127.0.0.1",
        "NGINX_STATIC_ROOT": str(tmp_path / "static"),
        "NGINX_MEDIA_ROOT": str(tmp_path / "media"),
        "NGINX_ACCESS_LOG": str(tmp_path / "access.log"),
        "NGINX_CACHE_PATH": str(tmp_path / "cache"),
        "NGINX_ADMIN_PATH": "office-7f3a/",
    }
    return write_nginx_config(tmp_path, values)


def test_rendered_template_passes_nginx_t(nginx, tmp_path):
    main_conf = rendered(tmp_path)
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


def test_template_as_the_nginx_image_renders_it_for_compose_passes_nginx_t(nginx, tmp_path):
    """The image runs envsubst with only the NGINX_* names compose sets; do the same."""
    import re
    import shutil

    import yaml

    from deploy.prodcheck import ROOT, nginx_main_conf

    envsubst = shutil.which("envsubst")
    if envsubst is None:
        if os.environ.get("CI") == "true":
            pytest.fail("envsubst is missing in CI: .ci/run must install gettext-base")
        pytest.skip("envsubst (gettext-base) is not installed")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = dict(compose["services"]["nginx"]["environment"])
    # compose's own interpolation, for the ${NAME:-default} forms: the default.
    env = {name: re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", value) for name, value in env.items()}
    filter_ = env.pop("NGINX_ENVSUBST_FILTER")
    # Paths on this machine instead of the container's volumes; addresses stay as in compose.
    env["NGINX_ACCESS_LOG"] = str(tmp_path / "access.log")
    env["NGINX_CACHE_PATH"] = str(tmp_path / "cache")
    defined = " ".join(f"${{{name}}}" for name in env if re.search(filter_, name))
    rendered = subprocess.run(  # noqa: S603 - envsubst with a fixed variable list
        [envsubst, defined],
        input=TEMPLATE.read_text(),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "${" not in rendered
    assert "listen 80 default_server;" in rendered
    assert "set $csto_upstream http://web:8000;" in rendered
    assert "resolver 127.0.0.11 valid=10s" in rendered
    conf_dir = tmp_path / "conf.d"
    conf_dir.mkdir()
    (conf_dir / "default.conf").write_text(rendered)
    main_conf = tmp_path / "nginx.conf"
    main_conf.write_text(nginx_main_conf(tmp_path, conf_dir))
    result = subprocess.run(  # noqa: S603 - the nginx binary with fixed arguments
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main_conf), "-e", str(tmp_path / "e.log")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_nginx_serves_uploads_but_never_a_file_kept_for_a_form(nginx, tmp_path):
    """A file kept for a form that came back with an error (core/keep.py) is the officer's
    until the form is saved: nginx refuses it, however the address is spelt."""
    import time

    from deploy.prodcheck import fetch, free_port

    media = tmp_path / "media"
    key = "0123456789abcdef0123456789abcdef"
    for folder in ("articles", f"kept/{key}"):
        (media / folder).mkdir(parents=True)
        (media / folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (media / "videos").mkdir()
    (media / "videos" / "clip.mp4").write_bytes(bytes(range(256)) * 40)
    port = free_port(18095)
    main_conf = rendered(tmp_path, listen=f"127.0.0.1:{port}")
    error_log = tmp_path / "e.log"
    server = subprocess.Popen(  # noqa: S603 - the nginx binary with fixed arguments
        [
            nginx,
            "-p",
            str(tmp_path),
            "-c",
            str(main_conf),
            "-e",
            str(error_log),
            "-g",
            "daemon off;",
        ]
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                served = fetch(port, "/media/articles/photo.png")
                break
            except OSError:
                started = server.poll() is None and time.monotonic() < deadline
                assert started, f"nginx did not start: {error_log.read_text()}"
                time.sleep(0.1)
        assert served.status == 200
        # A video seeks: a range of it comes as 206, played in place, not downloaded.
        part = fetch(port, "/media/videos/clip.mp4", headers={"Range": "bytes=256-511"})
        assert part.status == 206
        assert part.headers["Content-Range"] == "bytes 256-511/10240"
        assert part.headers["Content-Type"] == "video/mp4"
        assert "Content-Disposition" not in part.headers
        assert part.body == bytes(range(256))
        for path in (
            f"/media/kept/{key}/photo.png",
            f"/media//kept/{key}/photo.png",
            f"/media/articles/../kept/{key}/photo.png",
            f"/media/%6Bept/{key}/photo.png",
            "/media/kept/",
        ):
            assert fetch(port, path).status == 404, path
    finally:
        server.terminate()
        server.wait(timeout=10)
