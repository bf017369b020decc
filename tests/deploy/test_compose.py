"""docker-compose.yml as ops will run it: no Docker engine here, so its shape is tested."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY\b|_KEY_ID\b", re.IGNORECASE)
ONLY_REFERENCE = re.compile(r"^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$")
# user:password@ in a URL, where either part may be a ${VAR:-default} reference.
URL_PASSWORD = re.compile(r"://(?:\$\{[^}]*\}|[^:/@\s$])+:((?:\$\{[^}]*\}|[^@\s$])+)@")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return env


def readme_operations():
    text = (ROOT / "README.md").read_text()
    assert "## Operations" in text, "README has no Operations section"
    return text.split("## Operations", 1)[1]


def test_compose_file_parses_with_the_stack_services(services):
    assert {"db", "redis", "migrate", "web", "nginx", "backup"} <= set(services)


def test_every_service_the_readme_names_exists(services):
    named = set(
        re.findall(
            r"docker compose (?:run --rm|up -d --scale|logs(?: -f)?|exec|restart|stop|start|"
            r"pull|build|ps)[ \t]+([a-z][a-z0-9_-]*)",
            readme_operations(),
        )
    )
    named |= set(re.findall(r"--scale ([a-z][a-z0-9_-]*)=", readme_operations()))
    assert named, "the Operations section names no service"
    assert named <= set(services), f"README names unknown services: {named - set(services)}"


@pytest.mark.parametrize("name", ["db", "redis", "queue", "web", "worker", "linkcheck"])
def test_long_running_services_have_healthchecks(services, name):
    test = services[name]["healthcheck"]["test"]
    assert test and test[0] in {"CMD", "CMD-SHELL"}


def test_db_is_pinned_and_checked_with_pg_isready(services):
    db = services["db"]
    assert re.fullmatch(r"postgres:\d+[\w.-]*", db["image"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "POSTGRES_HOST_AUTH_METHOD" not in environment(db), "never trust auth"


@pytest.mark.parametrize("name", ["db", "redis", "nginx", "backup"])
def test_images_are_pinned(services, name):
    image = services[name]["image"]
    assert ":" in image and not image.endswith(":latest")


def test_web_waits_for_healthy_db_and_redis_and_for_migrations(services):
    depends = services["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_web_checks_readiness(services):
    assert services["web"]["healthcheck"]["test"][-1] == "/readyz"


def test_web_is_scalable(services):
    web = services["web"]
    assert "container_name" not in web
    assert "ports" not in web, "web must not publish a host port: only nginx talks to it"


def test_migrations_run_once_not_in_every_replica(services):
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert services["migrate"]["restart"] == "no"
    web_command = " ".join(services["web"].get("command") or [])
    assert "migrate" not in web_command
    assert "migrate" not in (ROOT / "Dockerfile").read_text().split("CMD", 1)[-1]


def test_app_services_read_the_env_file(services):
    for name in ("migrate", "web"):
        assert services[name]["env_file"] == ".env"


def test_nginx_mounts_the_template_and_the_shared_volumes(services):
    nginx = services["nginx"]
    volumes = nginx["volumes"]
    assert (
        "./deploy/nginx/default.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in volumes
    )
    assert "static:/srv/static:ro" in volumes
    assert "media:/srv/media:ro" in volumes
    assert "static:/app/staticfiles" in services["migrate"]["volumes"]
    assert "media:/app/media" in services["web"]["volumes"]


def test_nginx_environment_gives_every_template_variable(services):
    from deploy.prodcheck import TEMPLATE, template_variables

    provided = set(environment(services["nginx"]))
    needed = template_variables(TEMPLATE.read_text())
    assert needed <= provided, f"not set for the nginx image's envsubst: {needed - provided}"
    assert re.fullmatch(services["nginx"]["environment"]["NGINX_ENVSUBST_FILTER"], "NGINX_LISTEN")


def _all_strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _all_strings(key)
            yield from _all_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_strings(value)
    elif isinstance(node, str):
        yield node


def test_no_secret_values_are_written_in_the_compose_file(services):
    for name, service in services.items():
        for key, value in environment(service).items():
            if SECRET_NAME.search(key):
                assert ONLY_REFERENCE.match(str(value)), f"{name}.{key} must be ${{VAR}} only"
    for text in _all_strings(services):
        for password in URL_PASSWORD.findall(text):
            assert ONLY_REFERENCE.match(password), f"a literal password in a URL: {text}"


def test_the_env_example_has_no_secret_values():
    for line in (ROOT / ".env.example").read_text().splitlines():
        key, _, value = line.lstrip("# ").partition("=")
        if SECRET_NAME.search(key) and not line.startswith("#"):
            assert value == "", f"{key} must be left empty in .env.example"


def _names_read(path, pattern):
    return set(re.findall(pattern, path.read_text()))


def test_env_example_documents_every_variable_production_reads():
    settings = ROOT / "csto_press" / "settings"
    read = _names_read(settings / "base.py", r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"')
    read |= _names_read(settings / "production.py", r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"')
    read |= _names_read(ROOT / "deploy" / "gunicorn.conf.py", r'environ\.get\(\s*"([A-Z0-9_]+)"')
    # DJANGO_DEBUG is read by base.py for local use; production.py forces DEBUG off.
    read -= {"DJANGO_DEBUG"}
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read <= documented, f"missing from .env.example: {sorted(read - documented)}"


def test_compose_check_has_a_stand_in_for_every_image_it_cannot_pull(services):
    """CI reaches no registry: make compose-check builds each image the stack pulls (and the
    Dockerfile's base) under the same name, from deploy/standins/<folder>/."""
    from deploy.compose_check import STANDIN_TAGS, STANDINS

    pulled = {service["image"] for service in services.values() if "build" not in service}
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", (ROOT / "Dockerfile").read_text(), re.M)
    assert base, "the Dockerfile's base image is no longer ARG PYTHON_IMAGE"
    assert pulled | {base[1]} == set(STANDIN_TAGS.values())
    for folder in STANDIN_TAGS:
        assert (STANDINS / folder / "Dockerfile").is_file(), f"deploy/standins/{folder}/Dockerfile"


def test_the_production_dockerfile_never_points_pip_at_a_machine_bundle():
    """Only the CI stand-in trusts the build machine's CA; the real image uses pip's own."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    for name in ("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "--trusted-host"):
        assert name not in dockerfile
    assert not re.match(r"#\s*syntax=", dockerfile), "a syntax line makes builds fetch a frontend"


def test_the_runtime_stage_runs_as_a_non_root_user():
    runtime = (ROOT / "Dockerfile").read_text().split("AS runtime", 1)[1]
    users = re.findall(r"^USER (\S+)$", runtime, re.M)
    assert users and users[-1] not in {"root", "0"}


def test_the_image_build_step_loads_the_production_settings_with_only_its_own_variables(tmp_path):
    """The image compiles the catalogues and collects the static files with production
    settings and placeholder variables (Dockerfile's build-only RUN). A setting production
    requires but the build does not give fails ``docker compose build``: re-enact that step's
    environment here, where it is caught in seconds."""
    import subprocess
    import sys

    dockerfile = (ROOT / "Dockerfile").read_text()
    step = re.search(r"^RUN DJANGO_SECRET_KEY=.*?sh -c '", dockerfile, re.M | re.S).group(0)
    names = dict(re.findall(r"^\s*(?:RUN )?([A-Z][A-Z0-9_]+)=(\S+) \\$", step, re.M))
    names["DJANGO_SECRET_KEY"] = "build-only-" + "x" * 64
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **names}
    env["DJANGO_SETTINGS_MODULE"] = "csto_press.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
