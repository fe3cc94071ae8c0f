"""The performance library on synthetic data: plan shapes and their diff (acceptance/plans.py), the growth rules
(acceptance/growth.py) and the spread of a clock's sample (acceptance/clocks.py)."""

from __future__ import annotations

import json

import pytest

from acceptance import clocks, growth, plans

# EXPLAIN (FORMAT JSON)'s "Plan" of a page of messages under RLS, trimmed to what a shape reads (and some numbers).
PAGE = {
    "Node Type": "Limit",
    "Total Cost": 12.5,
    "Plans": [
        {"Node Type": "Result", "Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 1 (returns $0)"},
        {
            "Node Type": "Index Scan",
            "Parent Relationship": "Outer",
            "Index Name": "messages_conversation_created_idx",
            "Relation Name": "messages",
            "Actual Rows": 50,
        },
    ],
}


def test_shape_keeps_the_structure_and_drops_the_numbers():
    assert plans.shape(PAGE) == [
        "Limit",
        "  Result [InitPlan 1]",
        "  Index Scan using messages_conversation_created_idx on messages",
    ]


def test_shape_names_joins_and_sorts():
    sort = {
        "Node Type": "Sort",
        "Sort Key": ["m.created_at DESC"],
        "Plans": [{"Node Type": "Hash Join", "Join Type": "Inner", "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "messages"},
            {"Node Type": "Hash", "Plans": [{"Node Type": "Seq Scan", "Relation Name": "feedback"}]},
        ]}],
    }  # fmt: skip
    assert plans.shape(sort) == [
        "Sort by m.created_at DESC",
        "  Hash Join (Inner)",
        "    Seq Scan on messages",
        "    Hash",
        "      Seq Scan on feedback",
    ]


def test_difference_reads_as_a_diff():
    before = plans.shape(PAGE)
    after = [*before[:2], "  Bitmap Heap Scan on messages"]
    text = plans.difference(before, after)
    assert "-  Index Scan using messages_conversation_created_idx on messages" in text
    assert "+  Bitmap Heap Scan on messages" in text


def test_record_writes_one_entry_and_keeps_the_others(tmp_path, monkeypatch):
    monkeypatch.setattr(plans, "BASELINES", tmp_path)
    plans.record(15, "small", "b as x", ["Limit"])
    plans.record(15, "small", "a as y", ["Seq Scan on t"])
    plans.record(15, "small", "b as x", ["Result"])
    assert json.loads((tmp_path / "pg15" / "small.json").read_text()) == {
        "a as y": ["Seq Scan on t"],
        "b as x": ["Result"],
    }
    assert plans.load(15, "large") is None and not list(tmp_path.glob("**/*.lock"))


ROWS = {"small": 2_500, "large": 62_500, "xlarge": 625_000}  # feedback rows: 25x, then 10x


def profile(name: str, server: float, refresh: float) -> dict:
    return {"profile": name, "tables": {"feedback": ROWS[name]}, "server_ms": {"q as u": server},
            "refresh_ms": {"REFRESH message_feedback_summary": refresh}}  # fmt: skip


@pytest.mark.parametrize(
    ("large", "xlarge", "problems"),
    [
        ((0.10, 400), (0.14, 4000), []),  # flat and linear
        ((0.10, 400), (0.20, 4000), ["server time of q as u grew 2.00x"]),  # an index scan that grows
        ((0.10, 400), (0.10, 6400), ["REFRESH message_feedback_summary grew 16.0x for 10x the rows of feedback"]),
    ],
)
def test_growth_rules(large, xlarge, problems):
    found = growth.violations([profile("large", *large), profile("xlarge", *xlarge)])
    assert [p.split(" (")[0] for p in found] == problems


def test_growth_compares_the_fastest_rounds_and_only_this_runs_pairs():
    """Server times grow by their best round (a busy machine moves the median); a run judges only its own pairs."""
    noisy = [{**profile(name, median, 400 * 10**i), "server_best_ms": {"q as u": 0.1}}
             for i, (name, median) in enumerate((("large", 0.1), ("xlarge", 0.3)))]  # fmt: skip
    assert growth.violations(noisy) == []
    grew = [profile("small", 0.01, 20), profile("large", 0.1, 400), profile("xlarge", 0.3, 4000)]
    assert growth.violations(grew, involving="small") == []
    assert len(growth.violations(grew, involving="xlarge")) == 1


def test_refresh_grows_with_the_table_it_reads():
    """A refresh is judged by its own table's growth: the usage rows grow 40x from small to large, not 25x."""
    usage = [{"profile": name, "tables": {"usage_metrics": rows}, "refresh_ms": {"REFRESH monthly_usage_summary": ms}}
             for name, rows, ms in (("small", 6_000, 6.0), ("large", 240_000, 245.0))]  # fmt: skip
    assert growth.violations(usage) == []  # 41x for 40x
    usage[1]["refresh_ms"]["REFRESH monthly_usage_summary"] = 400.0  # 67x for 40x
    assert len(growth.violations(usage)) == 1
    del usage[0]["tables"]  # an older file: the input's growth is unknown, so nothing is judged
    assert growth.violations(usage) == []


def test_growth_is_not_judged_below_a_million_messages():
    """Between small (40k) and large a query may change plan rightly; only the refresh is judged there."""
    assert growth.violations([profile("small", 0.01, 20), profile("large", 0.5, 400)]) == []


def test_growth_table_sets_the_profiles_side_by_side():
    measured = [
        {**profile(name, s, r), "rows": rows, "load": {"seconds": 1.0, "rate": rows}}
        for name, s, r, rows in (("large", 0.1, 400, 1_469_865), ("xlarge", 0.12, 4100, 14_697_463))
    ]
    lines = growth.table(measured)
    assert lines[0] == "| measurement | large | xlarge |"
    assert "| server: q as u | 0.100 ms | 0.120 ms |" in lines
    assert "| refresh: REFRESH message_feedback_summary | 400 ms | 4,100 ms |" in lines


def test_growth_table_says_whether_a_load_had_the_cores_to_itself():
    """A whole run's tests share the cores with the load: its rate is read differently from one measured alone."""
    measured = [
        {**profile(name, 0.1, 400), "rows": 1_469_865, "load": {"seconds": 5.5, "rate": rate, **beside}}
        for name, rate, beside in (("large", 267_248, {"beside_tests_seconds": 0.1}),
                                   ("xlarge", 168_929, {"beside_tests_seconds": 8.6}), ("small", 90_000, {}))
    ]  # fmt: skip
    (load,) = [line for line in growth.table(measured) if line.startswith("| load |")]
    assert load == ("| load | 5.5 s, 267,248 rows/s alone | 5.5 s, 168,929 rows/s, 8.6 s of it beside other tests"
                    " | 5.5 s, 90,000 rows/s |")  # fmt: skip


def test_regression_is_judged_by_the_measured_spread():
    """Slower by more than 3 interquartile ranges (the larger of the two runs') plus the noise floor fails."""
    before = {"server_ms": {"q": 0.100, "r": 0.100}, "server_iqr_ms": {"q": 0.010, "r": 0.001}}
    now = {"server_ms": {"q": 0.140, "r": 0.140, "new": 9.0}, "server_iqr_ms": {"q": 0.010, "r": 0.001}}
    slower = growth.regressions(before, now, spread_multiple=3)
    assert [line.split(":")[0] for line in slower] == ["r"], slower  # q: 0.14 <= 0.1 + 0.03 + 0.02; new: no before


def test_spread_of_a_sample():
    spread = clocks.Spread.of([1.0, 2.0, 3.0, 4.0, 100.0])
    assert (spread.median, spread.p95, spread.rounds, spread.best) == (3.0, 100.0, 5, 1.0)
    assert spread.iqr == pytest.approx(52.0 - 1.5)  # quartiles by the "exclusive" method: 1.5 and 52
    assert spread.as_detail("server_")["server_median_ms"] == 3.0
