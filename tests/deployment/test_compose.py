"""The production topology (docker-compose.yml, Dockerfile, .env.example), checked without a Docker engine."""
import importlib
import re
from pathlib import Path

import pytest
import yaml

from config.settings import OVERRIDABLE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_their_healthchecks(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "api", "worker-interactive", "worker-bulk", "beat"}
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
        assert service.get("restart") == "unless-stopped", name


def test_redis_is_a_persistent_broker_that_never_evicts(compose):
    command = compose["services"]["redis"]["command"]
    flags = dict(zip(command[1::2], command[2::2]))
    assert flags == {"--appendonly": "yes", "--appendfsync": "everysec", "--maxmemory-policy": "noeviction"}
    assert any(volume.endswith(":/data") for volume in compose["services"]["redis"]["volumes"])


def test_app_services_wait_for_healthy_database_and_broker_and_read_env_file(compose):
    for name in ("api", "worker-interactive", "worker-bulk", "beat"):
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        assert service["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                         "redis": {"condition": "service_healthy"}}


def test_commands_name_existing_modules_and_the_two_queues(compose):
    services = compose["services"]
    assert services["api"]["command"] == ["gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "matchmaker:create_app()"]
    assert callable(importlib.import_module("matchmaker").create_app)
    for name, queue in (("worker-interactive", "interactive"), ("worker-bulk", "bulk")):
        command = services[name]["command"]
        assert command[:4] == ["celery", "-A", "workers.worker", "worker"]
        assert command[command.index("-Q") + 1] == queue and "--pool=prefork" in command
    assert services["beat"]["command"][:4] == ["celery", "-A", "workers.worker", "beat"]
    assert importlib.util.find_spec("workers.worker") is not None


def test_env_example_sets_only_known_settings_with_a_safe_broker_timeout():
    values = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
                  if line and not line.startswith("#"))
    app_settings = {key for key in values if not key.startswith("POSTGRES_")} - {"MATCHMAKER_ENV"}
    assert app_settings <= set(OVERRIDABLE)
    assert int(values["TASK_SOFT_TIME_LIMIT"]) < int(values["TASK_TIME_LIMIT"]) < int(values["BROKER_VISIBILITY_TIMEOUT"])
    assert values["JOB_TEST_HOOKS"] == "0"


def test_dockerfile_installs_the_package_and_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    assert "pip install ." in dockerfile
    user = re.search(r"^USER (\S+)$", dockerfile, re.M).group(1)
    assert user not in ("root", "0")
    assert "gunicorn\", \"-w\", \"4\", \"-b\", \"0.0.0.0:8000\", \"matchmaker:create_app()\"" in dockerfile
