"""requirements.lock, what the image installs (pip --require-hashes), against pyproject.toml.

pyproject.toml says what the project needs; the lock says exactly what the image gets. A
dependency added, removed or re-ranged in one but not the other would ship an image that
differs from what was tested, so the two must agree: `make lock` regenerates the lock (uv,
resolved for every Python 3.11: a pin may carry a marker, e.g. async-timeout below 3.11.3).
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
# How the lock names the project in its "# via" annotations.
PROJECT_VIA = "csto-press (pyproject.toml)"
# name==version, an optional "; marker", the continuation backslash.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
# Where the image runs: the official python:3.11-slim-bookworm (any 3.11.x), on Linux.
IMAGE_ENVIRONMENTS = [
    {"python_version": "3.11", "python_full_version": f"3.11.{patch}", "sys_platform": "linux"}
    for patch in (0, 2, 3, 14)
]


def parse_lock(text):
    """{name: (version, hashes, via, marker)} from the lock's lines."""
    pins, current = {}, None
    for line in text.splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            assert current not in pins, f"{current} is pinned twice (different markers)"
            marker = Marker(match[3]) if match[3] else None
            pins[current] = (Version(match[2]), [], set(), marker)
        elif current and (hashed := re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line)):
            pins[current][1].append(hashed[1])
        elif current and (via := re.match(r"^\s+#\s+(?:via\s+)?(\S.*)$", line)):
            if via[1] != "via":
                pins[current][2].add(via[1].strip())
        elif line and not line.startswith((" ", "#")):
            current = None
    return pins


@pytest.fixture(scope="module")
def lock():
    return parse_lock(LOCK.read_text())


@pytest.fixture(scope="module")
def runtime_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]]


def test_the_lock_is_resolved_for_every_python_3_11_with_hashes():
    command = LOCK.read_text().splitlines()[1]
    assert command.startswith("#    uv pip compile "), "not written by `make lock`"
    for option in ("--universal", "--python-version 3.11", "--generate-hashes", "pyproject.toml"):
        assert option in command, f"requirements.lock was not compiled with {option}"


def test_every_runtime_dependency_is_pinned_at_a_version_pyproject_accepts(
    lock, runtime_requirements
):
    for requirement in runtime_requirements:
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{requirement} is not in requirements.lock: run `make lock`"
        version, _, _, marker = lock[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, pyproject.toml asks for "
            f"{requirement}: run `make lock`"
        )
        for environment in IMAGE_ENVIRONMENTS:
            assert marker is None or marker.evaluate(environment), (
                f"{name} would not be installed on Python {environment['python_full_version']}"
            )


def test_the_lock_has_no_top_level_requirement_pyproject_dropped(lock, runtime_requirements):
    listed = {canonicalize_name(requirement.name) for requirement in runtime_requirements}
    top_level = {name for name, (_, _, via, _) in lock.items() if PROJECT_VIA in via}
    assert top_level, f"no package in the lock says '# via {PROJECT_VIA}'"
    assert top_level <= listed, (
        f"pinned for pyproject.toml but no longer listed there: {sorted(top_level - listed)}"
    )
    assert listed <= top_level, f"not marked as pyproject's: {sorted(listed - top_level)}"


def test_every_pin_has_hashes_and_nothing_is_left_unpinned(lock):
    assert lock, "requirements.lock pins nothing"
    for name, (_, hashes, _, _) in lock.items():
        assert hashes, f"{name} has no --hash: pip --require-hashes would refuse the lock"
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            assert PIN.match(line), f"not an exact pin: {line!r}"


def test_the_image_installs_only_the_hashed_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY requirements.lock" in dockerfile
    assert re.search(
        r"pip install [^\n]*--require-hashes[^\n]*--no-deps[^\n]*requirements\.lock", dockerfile
    )
