"""deploy/compose.yaml and the systemd units run the same services, with the same commands and the
same environment variables, as the test bed that bench/chaos.py proves (deploy/testbed.py)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Any

import yaml

from deploy import testbed

DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy"


def _compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_compose_has_every_service_the_test_bed_runs() -> None:
    assert set(_compose()) == set(testbed.APP_SERVICES) | set(testbed.INFRA_SERVICES)


def test_each_application_service_runs_the_test_beds_command() -> None:
    services = _compose()
    for name, command in testbed.APP_SERVICES.items():
        assert services[name]["command"] == command, name


def test_each_application_service_gets_the_test_beds_environment_variables() -> None:
    services = _compose()
    bed_env = set(testbed.app_environment("http://proxy"))
    assert bed_env == set(testbed.APP_ENV)
    for name in testbed.APP_SERVICES:
        assert set(services[name]["environment"]) == bed_env, name


def test_the_systemd_units_run_the_same_commands_with_the_same_settings() -> None:
    units = {
        "migrate": "alongside-migrate.service",
        "web1": "alongside-web@.service",
        "worker": "alongside-worker.service",
    }
    example = (DEPLOY / "systemd" / "alongside.env.example").read_text()
    in_file = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    for service, unit_name in units.items():
        unit = _unit(unit_name)
        exec_start = unit["Service"]["ExecStart"].split()
        assert Path(exec_start[0]).name == "alongside"
        command = [Path(exec_start[0]).name, *exec_start[1:]]
        assert [
            part.replace("%i", str(testbed.PORT_WEB)) for part in command
        ] == testbed.APP_SERVICES[service]
        set_in_unit = set(
            re.findall(
                r"^Environment=([A-Z_]+)=",
                (DEPLOY / "systemd" / unit_name).read_text(),
                re.MULTILINE,
            )
        )
        assert in_file | set_in_unit == set(testbed.APP_ENV), unit_name


def test_the_proxy_balances_over_every_web_service_and_terminates_tls() -> None:
    services = _compose()
    web = sorted(name for name, svc in services.items() if svc.get("command", [])[1:2] == ["serve"])
    assert web == ["web1", "web2"]
    match = re.search(r"reverse_proxy\s+([^{]+)\{", (DEPLOY / "Caddyfile").read_text())
    assert match and match.group(1).split() == [f"{name}:{testbed.PORT_WEB}" for name in web]
    assert "443:443" in services["proxy"]["ports"]
