"""``quotes compare A B``: the report and the API's JSON."""
from __future__ import annotations

import json

from contract import check_response
from quotes_cli import main

A = ('Mayor Ann Lee opened the bridge on Monday. "It will carry 40,000 cars a day," Lee said.'
     "\n\nThe council said that the work had cost less than planned.")
B = 'Mayor Ann Lee opened the bridge on Monday. "It will carry 14,000 cars a day," Lee said.'


def _files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(A, encoding="utf-8")
    b.write_text(B, encoding="utf-8")
    return str(a), str(b)


def test_report_puts_alarms_first_then_pairs_then_drops(tmp_path, capsys, pipeline):
    assert main(["compare", *_files(tmp_path)]) == 0
    out = capsys.readouterr().out
    alarms, pairs, only_a = (out.index("ALARMS (2)"), out.index("PAIRS (1)"),
                             out.index("ONLY IN A (1)"))
    assert alarms < pairs < only_a
    assert "MISQUOTE" in out and "[-40,000-] {+14,000+}" in out
    assert "FACT CHANGED" in out and "number: 40,000 → 14,000" in out
    assert "cost less than planned" in out[only_a:]


def test_json_is_the_api_document(tmp_path, capsys, pipeline):
    assert main(["compare", "--json", *_files(tmp_path)]) == 0
    document = json.loads(capsys.readouterr().out)
    check_response("POST", "/v1/compare", 200, "application/json", document)
    assert [alarm["kind"] for alarm in document["alarms"]] == ["misquote", "fact_changed"]
