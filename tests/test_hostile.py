"""Hostile use, as an attacker or a careless clerk would try it: personal data never
reaches the analysts' copy, `courts sql` touches nothing but the file it was given, and
hostile inbox entries reject only themselves."""
import hashlib

import duckdb
import pytest

from pipelines.cli import main as courts


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- courts sql sandbox -------------------------------------------------------------------


@pytest.fixture
def analyst_files(tmp_path):
    pipeline = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(pipeline))
    con.execute("CREATE TABLE courts AS SELECT '甘3001' AS court_code")
    con.close()
    published = tmp_path / "published.duckdb"
    con = duckdb.connect(str(published))
    con.execute("CREATE TABLE courts AS SELECT '甘3001' AS court_code, '合作市人民法院' AS court_name")
    con.close()
    secret = tmp_path / "secret.txt"
    secret.write_text("张三,李四\n", encoding="utf-8")
    return tmp_path, pipeline, published, secret


ATTACKS = {
    "attach_read_write": "ATTACH '{pipeline}' AS w (READ_WRITE); DELETE FROM w.courts",
    "attach_new_file": "ATTACH '{dir}/new.duckdb' AS n",
    "copy_to": "COPY (SELECT * FROM courts) TO '{dir}/out.csv'",
    "export_database": "EXPORT DATABASE '{dir}/export'",
    "read_text": "SELECT * FROM read_text('{secret}')",
    "read_csv": "SELECT * FROM read_csv('{secret}')",
    "glob": "SELECT * FROM glob('{dir}/*')",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set_option": "SET enable_external_access = true",
    "set_memory": "SET memory_limit = '1TB'",
    "delete": "DELETE FROM courts",
    "drop": "DROP TABLE courts",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_courts_sql_refuses_each_attack_in_one_line(analyst_files, attack, capsys):
    d, pipeline, published, secret = analyst_files
    before = {p.name: _digest(p) for p in d.iterdir()}
    query = ATTACKS[attack].format(pipeline=pipeline, dir=d, secret=secret)
    code = courts(["sql", "--db", str(published), query])
    out, err = capsys.readouterr()
    assert code != 0
    assert err.startswith("courts sql: error: ") and err.count("\n") == 1, err
    assert "张三" not in out and "甘3001" not in out
    assert {p.name: _digest(p) for p in d.iterdir()} == before  # nothing written, nothing created


def test_courts_sql_still_answers_queries(analyst_files, capsys):
    _, _, published, _ = analyst_files
    assert courts(["sql", "--db", str(published), "SELECT court_name FROM courts"]) == 0
    assert "合作市人民法院" in capsys.readouterr().out
