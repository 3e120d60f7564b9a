"""The ``quotes`` command: one article, an archive (resumed, CSV), worker processes, Dask."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from contract import check_offsets, check_response
from quotes_cli import main
from quotes_cli.archive import CSV_COLUMNS

ARTICLES = {
    "a": '"We will not back down," said Maria Lopez, the union\'s president.',
    "b": "The company said it would study the proposal.",
    "c": "The river rose overnight and the bridge was closed.",
    "d": 'According to the mayor, the bridge will reopen on Monday. "It is safe," she said.',
}


@pytest.fixture
def archive(tmp_path):
    lines = [json.dumps({"id": doc_id, "text": text, "source": "wire"})
             for doc_id, text in ARTICLES.items()]
    lines[2:2] = ["{not json", json.dumps({"id": "no-text"}), "", json.dumps(["a", "b"])]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _without_timing(documents):
    return [{**document, "meta": {**document["meta"], "elapsed_ms": 0}} for document in documents]


@pytest.fixture
def single_process_output(archive, tmp_path, pipeline, capsys):
    out = tmp_path / "single.jsonl"
    assert main(["batch", str(archive), "-o", str(out), "--quiet"]) == 0
    capsys.readouterr()
    return _read_jsonl(out)


def test_extract_prints_what_the_api_answers(tmp_path, pipeline, capsys):
    from api import create_app

    text = ARTICLES["a"]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--id", "a"]) == 0
    printed = json.loads(capsys.readouterr().out)
    check_response("POST", "/v1/quotes", 200, "application/json", printed)
    check_offsets(text, printed)
    answered = create_app(pipeline=pipeline).test_client().post(
        "/v1/quotes", json={"text": text, "id": "a"}).get_json()
    assert _without_timing([printed]) == _without_timing([answered])
    assert printed["quotes"][0]["speaker"]["name"] == "Maria Lopez"


def test_batch_writes_documents_in_order_and_reports_bad_lines(archive, tmp_path, pipeline,
                                                               capsys):
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(archive), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    documents = _read_jsonl(out)
    assert [document["id"] for document in documents] == list(ARTICLES)
    for document in documents:
        check_response("POST", "/v1/quotes", 200, "application/json", document)
        check_offsets(ARTICLES[document["id"]], document)
    assert "in.jsonl:3: not JSON" in err and "in.jsonl:4: not a document" in err
    assert "in.jsonl:6: not a document" in err
    assert "4 written, 0 already in" in err and "3 bad lines" in err
    assert "doc/s" in err  # the progress bar


def test_an_interrupted_batch_resumes_where_it_stopped(archive, tmp_path,
                                                       single_process_output, capsys):
    out = tmp_path / "out.jsonl"
    first = json.dumps(single_process_output[0], ensure_ascii=False)
    out.write_text(first + "\n" + '{"id": "b", "quo', encoding="utf-8")  # cut off mid-line
    assert main(["batch", str(archive), "-o", str(out), "--quiet"]) == 0
    assert "3 written, 1 already in" in capsys.readouterr().err
    assert _without_timing(_read_jsonl(out)) == _without_timing(single_process_output)


def test_csv_has_a_row_per_quote_and_resumes(archive, tmp_path, single_process_output):
    out = tmp_path / "out.csv"
    assert main(["batch", str(archive), "-o", str(out), "--format", "csv", "--quiet"]) == 0
    assert main(["batch", str(archive), "-o", str(out), "--format", "csv", "--quiet"]) == 0
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    expected = [(document["id"], quote["id"], quote["text"], str(quote["span"]["start"]))
                for document in single_process_output for quote in document["quotes"]]
    quoted = [(row["doc_id"], row["quote_id"], row["text"], row["start"])
              for row in rows if row["quote_id"]]
    assert quoted == expected  # once each, though run twice
    assert [row["doc_id"] for row in rows if not row["quote_id"]] == ["c"]
    lopez = next(row for row in rows if row["doc_id"] == "a")
    assert (lopez["speaker"], lopez["cue"], lopez["type"]) == ("Maria Lopez", "said", "direct")


def test_worker_processes_give_the_single_process_output(archive, tmp_path,
                                                         single_process_output):
    out = tmp_path / "pool.jsonl"
    assert main(["batch", str(archive), "-o", str(out), "--workers", "2", "--chunk-size", "1",
                 "--quiet"]) == 0
    assert _without_timing(_read_jsonl(out)) == _without_timing(single_process_output)


def test_dask_local_cluster_gives_the_single_process_output(archive, tmp_path,
                                                            single_process_output):
    out = tmp_path / "dask.jsonl"
    assert main(["batch", str(archive), "-o", str(out), "--dask", "--workers", "2",
                 "--chunk-size", "1", "--quiet"]) == 0
    assert _without_timing(_read_jsonl(out)) == _without_timing(single_process_output)


def test_the_command_line_does_not_import_flask():
    code = ("import sys, quotes_cli, quotes_cli.runners, quotes_cli.archive; "
            "sys.exit('flask' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_document_over_the_time_limit_is_reported_and_skipped(tmp_path, pipeline, capsys):
    long_text = ARTICLES["d"] * 500
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": doc_id, "text": text}) for doc_id, text in
                              [("a", ARTICLES["a"]), ("long", long_text), ("b", ARTICLES["b"])])
                    + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(path), "-o", str(out), "--quiet", "--time-limit", "0.5"]) == 0
    err = capsys.readouterr().err
    assert [document["id"] for document in _read_jsonl(out)] == ["a", "b"]
    assert "quotes: long: the analysis took more than 0.5 s of CPU time; skipped" in err
    assert "2 written" in err and "1 over the time limit" in err
    # a later run with room enough analyses it
    assert main(["batch", str(path), "-o", str(out), "--quiet", "--time-limit", "600"]) == 0
    assert [document["id"] for document in _read_jsonl(out)] == ["a", "b", "long"]


def test_the_time_limit_must_be_a_positive_number(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["batch", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o"),
              "--time-limit", "0"])
    assert "positive number of seconds" in capsys.readouterr().err


def test_acts_keep_only_those_attributions(tmp_path, pipeline, capsys):
    text = "Officials believe the minister said the plan would work."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--acts", "speech"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [q["act"] for q in printed["quotes"]] == ["speech"]
    assert printed["quotes"][0]["parent_id"] is None
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(path), "-o", str(out), "--quiet", "--acts", "thought"]) == 0
    assert [q["act"] for q in _read_jsonl(out)[0]["quotes"]] == ["thought"]


def test_acts_must_be_known(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["extract", str(tmp_path / "a.txt"), "--acts", "speech,gossip"])
    assert "expected acts among speech, thought, intention, evidence" in capsys.readouterr().err
