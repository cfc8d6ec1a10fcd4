"""The Python binding: loading, evaluation (dict and JSON), lazy screening,
errors with codes and spans, GIL release, holder reload."""
import json
import pathlib
import threading
import time

import pytest

import duixian

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCHEMA = (ROOT / "policies/schema.json").read_text(encoding="utf-8")
CALENDAR = (ROOT / "policies/calendar.json").read_text(encoding="utf-8")
DATE = "2025-06-20"
FIRM_FILE = ROOT / "examples/firms/08-songshanhu-xinyuan-micro.json"


def revenue_policy(threshold):
    return [("t/revenue", "t/revenue.policy",
             'policy T-REV "测试政策" {\n  department "东莞市测试局"\n  reference year 2024\n'
             f"  clause 营收: 营业收入[ref] 不低于 {threshold}\n}}\n")]


BROKEN = [("t/revenue", "t/revenue.policy", 'policy T-REV "坏" {\n  clause a: 注册资金 > 1\n}\n')]
FIRM_2500 = {"营业收入": {"2024": 25000000}}


@pytest.fixture(scope="module")
def catalog():
    return duixian.load(str(ROOT / "policies"))


@pytest.fixture(scope="module")
def low():
    return duixian.load_sources(SCHEMA, CALENDAR, revenue_policy("2000万元"))


def verdict(result_json):
    return json.loads(result_json)["policies"][0]["verdict"]


def test_catalog_evaluates_a_firm_file(catalog):
    assert len(catalog.digest) == 64 and catalog.policy_count > 50
    text = FIRM_FILE.read_bytes()
    result = json.loads(catalog.evaluate(text, DATE, name="08.json"))
    assert result["format"] == "duixian.decision/1"
    assert result["policy_set"] == catalog.digest
    assert result["firm"] == "91441900MA4W8N1C49"
    # str, bytes and dict give the same answer.
    assert catalog.evaluate(text.decode(), DATE) == catalog.evaluate(json.loads(text), DATE)


def test_dict_and_modes(low):
    assert verdict(low.evaluate(FIRM_2500, DATE)) == "eligible"
    explained = json.loads(low.evaluate(FIRM_2500, DATE))
    assert explained["policies"][0]["clauses"][0]["label"] == "营收"
    short = low.evaluate(FIRM_2500, DATE, explain=False, compact=True)
    assert "\n" not in short and "clauses" not in short
    with pytest.raises(TypeError):
        low.evaluate(42, DATE)


def test_screen_is_lazy_and_keeps_order(low):
    pulled = []

    def firms():
        for i in range(10):
            pulled.append(i)
            yield {"营业收入": {"2024": 10000000 * i}} if i != 3 else "not json"

    it = low.screen(firms(), DATE, chunk_size=4)
    first = next(it)
    assert pulled == [0, 1, 2, 3]  # one chunk, not the whole iterable
    rest = list(it)
    results = [first] + rest
    assert [r.index for r in results] == list(range(10))
    assert not results[3].ok and "firm[3]" in results[3].error
    assert [verdict(r.json) for r in results if r.ok] == ["ineligible"] * 2 + ["eligible"] * 7


def test_bad_date_and_bad_firm_raise_with_codes(low):
    with pytest.raises(duixian.InvalidArgumentError) as e:
        low.evaluate(FIRM_2500, "2025/06/20")
    assert e.value.status == "invalid_argument"
    with pytest.raises(duixian.FirmError) as e:
        low.evaluate('{\n  "revenue": {"2024": "lots"}\n}', DATE, name="bad.json")
    d = e.value.diagnostics[0]
    assert (d.code, d.file, d.field, d.line) == ("firm", "bad.json", "revenue.2024", 2)
    assert isinstance(e.value, ValueError)


def test_policy_errors_carry_spans():
    with pytest.raises(duixian.PolicyError) as e:
        duixian.load_sources(SCHEMA, CALENDAR, BROKEN)
    d = next(d for d in e.value.diagnostics if d.code == "E0201")
    assert (d.severity, d.file, d.line, d.column) == ("error", "t/revenue.policy", 2, 13)
    assert d.end_column > d.column and d.message and d.message_zh
    with pytest.raises(duixian.PolicyIoError):
        duixian.load("/nonexistent/policies")


def test_holder_reload(low):
    holder = duixian.Holder(low)
    assert holder.evaluate(FIRM_2500, DATE).digest == low.digest
    r = holder.reload_sources(SCHEMA, CALENDAR, revenue_policy("3000万元"))
    assert r.ok and r.status == "ok" and r.digest != low.digest
    e = holder.evaluate(FIRM_2500, DATE)
    assert e.digest == r.digest and verdict(e.json) == "ineligible"
    bad = holder.reload_sources(SCHEMA, CALENDAR, BROKEN)
    assert not bad.ok and bad.status == "policy_error" and "E0201" in [d.code for d in bad.diagnostics]
    assert bad.digest == r.digest == holder.current.digest
    assert holder.reload("/nonexistent").status == "io_error"


def test_threads_across_reloads(low):
    high = duixian.load_sources(SCHEMA, CALENDAR, revenue_policy("3000万元"))
    expected = {low.digest: "eligible", high.digest: "ineligible"}
    holder = duixian.Holder(low)
    done, bad, seen = threading.Event(), [], set()

    def work():
        while not done.is_set():
            e = holder.evaluate(FIRM_2500, DATE, explain=False)
            seen.add(e.digest)
            if verdict(e.json) != expected[e.digest] or json.loads(e.json)["policy_set"] != e.digest:
                bad.append(e.digest)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(20):
        holder.reload_sources(SCHEMA, CALENDAR, revenue_policy("3000万元" if i % 2 == 0 else "2000万元"))
        time.sleep(0.002)
    done.set()
    for t in threads:
        t.join()
    assert not bad
    assert seen == set(expected)


def test_gil_is_released_during_engine_work(catalog):
    firm = FIRM_FILE.read_text(encoding="utf-8")
    started, finished = threading.Event(), threading.Event()

    def batch():
        started.set()
        catalog.evaluate_batch([firm] * 200, DATE)
        finished.set()

    t = threading.Thread(target=batch)
    t.start()
    started.wait()
    # With the GIL held this thread could not run until the batch ended.
    ran_during_batch = 0
    while not finished.is_set():
        ran_during_batch += 1
        time.sleep(0.001)
    t.join()
    assert ran_during_batch > 0


def test_limits_defaults_and_keywords():
    d = duixian.Limits()
    assert d.max_eval_steps == 5_000_000 and d.max_json_depth == 64 and d.max_clauses == 256
    l = duixian.Limits(max_eval_steps=10, max_items=3)
    assert (l.max_eval_steps, l.max_items, l.max_json_depth) == (10, 3, 64)
    l.max_json_depth = 8
    assert "max_json_depth=8" in repr(l)
    with pytest.raises(TypeError):
        duixian.Limits(max_steps=1)


def test_evaluation_over_the_budget_is_a_firm_error_not_a_verdict():
    tight = duixian.load_sources(SCHEMA, CALENDAR, revenue_policy("2000万元"), limits=duixian.Limits(max_eval_steps=1))
    assert tight.limits == duixian.Limits(max_eval_steps=1)
    for explain in (True, False):
        with pytest.raises(duixian.FirmError) as e:
            tight.evaluate(FIRM_2500, DATE, explain=explain, name="huge.json")
        assert e.value.status == "firm_error"
        assert "huge.json" in e.value.message and "limit of 1 steps" in e.value.message
        assert e.value.diagnostics[0].code == "firm"
    [(ok, text)] = tight.evaluate_batch([FIRM_2500], DATE)
    assert not ok and "steps" in text
    holder = duixian.Holder(tight)
    assert holder.reload_sources(SCHEMA, CALENDAR, revenue_policy("3000万元")).ok
    assert holder.current.limits.max_eval_steps == 1  # reloads keep the serving set's limits
    with pytest.raises(duixian.FirmError):
        holder.evaluate(FIRM_2500, DATE)
    unlimited = duixian.load_sources(SCHEMA, CALENDAR, revenue_policy("2000万元"), limits=duixian.Limits(max_eval_steps=0))
    assert verdict(unlimited.evaluate(FIRM_2500, DATE)) == "eligible"


def test_firm_and_policy_limits():
    shallow = duixian.load_sources(SCHEMA, CALENDAR, revenue_policy("2000万元"), limits=duixian.Limits(max_json_depth=2))
    with pytest.raises(duixian.FirmError, match="nested more than 2 levels"):
        shallow.evaluate('{"营业收入": {"2024": [1]}}', DATE)
    with pytest.raises(duixian.PolicyError) as e:
        duixian.load_sources(SCHEMA, CALENDAR, revenue_policy("2000万元"), limits=duixian.Limits(max_policy_bytes=16))
    assert e.value.diagnostics[0].code == "E0112"
    with pytest.raises(duixian.InvalidArgumentError, match="max_nesting"):
        duixian.load(str(ROOT / "policies"), limits=duixian.Limits(max_nesting=0))
