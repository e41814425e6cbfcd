"""Tests of the B2B scheduler against the shared checker (shared/b2b/check.py)."""

from __future__ import annotations

import copy
import importlib.util
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rencontres.scheduler import InstanceError, fcfs, parse_instance, solve
from rencontres.scheduler.reasons import CODES

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared" / "b2b"


def _load(name: str):
    path = (SHARED / f"{name}.py").resolve()
    if not path.is_file():
        raise RuntimeError(f"the shared B2B tools are missing: {path} (clone shared/ next to repo)")
    spec = importlib.util.spec_from_file_location(f"shared_b2b_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = _load("check")
generator = _load("generate")


# --- random small instances --------------------------------------------------------------


@st.composite
def instances(draw, max_slots=4, max_people=6, max_requests=6):
    n_slots = draw(st.integers(0, max_slots))
    slots = []
    for i in range(n_slots):
        # Two blocks: slots 1..2 back to back in the morning, the rest in the afternoon.
        hour = 9 + i if i < 2 else 12 + i
        slots.append({"id": f"s{i + 1}", "start": f"2024-10-23T{hour:02d}:00",
                      "end": f"2024-10-23T{hour:02d}:30"})  # fmt: skip
    sids = [s["id"] for s in slots]
    n_people = draw(st.integers(2, max_people))
    people = []
    for i in range(n_people):
        person = {"id": f"p{i + 1}", "unavailable": draw(st.lists(st.sampled_from(sids),
                                                                   unique=True)) if sids else []}  # fmt: skip
        if draw(st.booleans()):
            person["max_meetings"] = draw(st.integers(0, 3))
        people.append(person)
    pids = [p["id"] for p in people]
    requests = []
    for i in range(draw(st.integers(0, max_requests))):
        members = draw(st.lists(st.sampled_from(pids), min_size=2, max_size=4, unique=True))
        cut = draw(st.integers(1, len(members) - 1))
        req = {"id": f"r{i + 1}", "a": members[:cut], "b": members[cut:]}
        if draw(st.booleans()):
            req["priority"] = draw(st.integers(0, 3))
        requests.append(req)
    inst = {
        "format": "b2b-instance/1",
        "slots": slots,
        "tables": draw(st.integers(0, 2)),
        "default_max_meetings": draw(st.integers(1, 4)),
        "participants": people,
        "requests": requests,
    }
    if sids and draw(st.booleans()):
        inst["table_capacity"] = {
            s: draw(st.integers(0, 3)) for s in draw(st.lists(st.sampled_from(sids), unique=True))
        }
    return inst


def check_valid(inst, sched):
    errors, score = checker.check(inst, sched)
    assert not errors, errors
    assert score["objective"] == sched["objective"]
    placed = {m["request"] for m in sched["meetings"]}
    unplaced = {u["request"] for u in sched["unscheduled"]}
    assert placed.isdisjoint(unplaced)
    assert placed | unplaced == {r["id"] for r in inst["requests"]}
    for u in sched["unscheduled"]:
        assert u["code"] in CODES
        assert isinstance(u["reason"], str) and u["reason"]
    return score


def assignments(inst):
    """(people served, objective) of every valid assignment of requests to (slot or
    nothing); tables are interchangeable, so slot capacities are enough."""
    people = {p["id"]: p for p in inst["participants"]}
    cap = {s["id"]: inst.get("table_capacity", {}).get(s["id"], inst["tables"])
           for s in inst["slots"]}  # fmt: skip
    default_max = inst["default_max_meetings"]
    options = []
    for r in inst["requests"]:
        members = r["a"] + r["b"]
        ok = [s for s in cap if cap[s] > 0
              and not any(s in people[p]["unavailable"] for p in members)]  # fmt: skip
        options.append([None, *ok])
    wanted = {p for r in inst["requests"] for p in r["a"] + r["b"]}
    for choice in itertools.product(*options):
        used, busy, count = {}, set(), {}
        value, fine = 0, True
        for r, s in zip(inst["requests"], choice, strict=True):
            if s is None:
                continue
            used[s] = used.get(s, 0) + 1
            if used[s] > cap[s]:
                fine = False
                break
            for p in r["a"] + r["b"]:
                if (p, s) in busy:
                    fine = False
                    break
                busy.add((p, s))
                count[p] = count.get(p, 0) + 1
                if count[p] > people[p].get("max_meetings", default_max):
                    fine = False
                    break
            if not fine:
                break
            value += r.get("priority", 1)
        if fine:
            yield sum(1 for p in wanted if count.get(p)), value


def brute_force(inst, floor):
    """Best objective among assignments that meet the fairness floor."""
    return max((value for served, value in assignments(inst) if served >= floor), default=0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solve_is_valid_optimal_and_fair_on_tiny_instances(inst):
    base = fcfs(inst)
    base_score = check_valid(inst, base)
    out = solve(inst, time_limit=2.0, seed=1)
    score = check_valid(inst, out)
    assert out["bound"] >= out["objective"]
    assert (out["status"] == "optimal") == (out["objective"] == out["bound"])
    assert score["participants_served"] >= base_score["participants_served"]
    assert out["objective"] == brute_force(inst, base_score["participants_served"])
    assert out["status"] == "optimal"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_serve_most_is_the_lexicographic_optimum_on_tiny_instances(inst):
    out = solve(inst, time_limit=2.0, seed=1, serve_most=True)
    score = check_valid(inst, out)
    most, best = max(assignments(inst))  # people served first, then the objective
    assert (
        (out["served"], out["objective"])
        == (score["participants_served"], best)
        == (
            most,
            best,
        )
    )
    assert out["served_bound"] == most
    assert out["stats"]["mode"] == "serve_most"
    # The priority-first bound still holds, and priority-first never serves more.
    assert out["bound"] >= out["objective"]
    first = solve(inst, time_limit=2.0, seed=1)
    assert first["served"] <= out["served"] <= most <= first["served_bound"]
    assert first["objective"] >= out["objective"]


@settings(max_examples=40, deadline=None)
@given(instances(max_slots=5, max_people=8, max_requests=10), st.integers(0, 3))
def test_fcfs_and_solve_valid_on_small_instances(inst, seed):
    check_valid(inst, fcfs(inst))
    out = solve(inst, time_limit=1.0, seed=seed)
    check_valid(inst, out)
    assert out["bound"] >= out["objective"]


def generated(participants=60, requests=250, tables=6, seed=3):
    """A small instance of the shared generator's shape (blocks, workshops, delegations)."""
    return generator.build(participants, requests, tables, 30, 6, 0.4, 0.1, 0.8, seed)


def test_generated_instance_beats_fcfs():
    inst = generated()
    base = check_valid(inst, fcfs(inst))
    out = solve(inst, time_limit=3.0, seed=7)
    score = check_valid(inst, out)
    assert out["objective"] >= base["objective"]
    assert score["participants_served"] >= base["participants_served"]
    assert out["objective"] >= 0.99 * out["bound"]


def test_same_seed_same_schedule():
    # Small enough to finish by proving optimality, long before any wall-clock limit, so
    # the result can't depend on the machine's load.
    inst = generated(participants=30, requests=80, tables=3, seed=11)
    one = solve(inst, time_limit=20.0, seed=7)
    two = solve(inst, time_limit=20.0, seed=7)
    check_valid(inst, one)
    assert one["meetings"] == two["meetings"]
    assert one["stats"]["gaps"] == two["stats"]["gaps"]


@pytest.mark.parametrize("direct", [False, True], ids=["two LPs", "LP with its floor only"])
def test_serve_most_on_a_generated_instance_serves_the_proven_maximum(direct, monkeypatch):
    if direct:  # the path of large instances
        monkeypatch.setattr("rencontres.scheduler.solver.DIRECT_LP", 0)
    inst = generated(participants=80, requests=300, tables=5, seed=4)
    first = solve(inst, time_limit=3.0, seed=7)
    most = solve(inst, time_limit=3.0, seed=7, serve_most=True)
    check_valid(inst, first)
    score = check_valid(inst, most)
    assert score["participants_served"] == most["served"] == most["served_bound"]
    assert first["served"] < most["served"]  # the instance is one where it matters
    assert most["served_bound"] == first["served_bound"]
    assert most["objective"] >= 0.99 * most["stats"]["bound_at_served"]
    # Every bound holds: priority first reaches its own, which serve-most's can't be under.
    assert most["stats"]["bound_at_served"] <= first["objective"] == first["bound"]
    assert most["bound"] >= first["objective"]


def test_serve_most_is_deterministic_with_kept_meetings():
    inst = generated(participants=30, requests=80, tables=3, seed=11)
    published = solve(inst, time_limit=20.0, seed=7)["meetings"][:10]
    one = solve(inst, time_limit=20.0, seed=7, keep=published, serve_most=True)
    two = solve(inst, time_limit=20.0, seed=7, keep=published, serve_most=True)
    check_valid(inst, one)
    assert one["meetings"] == two["meetings"]
    assert one["stats"]["kept"] == 10
    assert {(m["request"], m["slot"], m["table"]) for m in published} <= {
        (m["request"], m["slot"], m["table"]) for m in one["meetings"]
    }


def test_keep_previous_meetings_in_place():
    inst = generated(seed=5)
    first = solve(inst, time_limit=2.0, seed=0)
    changed = copy.deepcopy(inst)
    # A late request, a cancelled one, and someone now in a workshop in one slot.
    changed["requests"].append({"id": "late", "a": ["p1"], "b": ["p2"], "priority": 3})
    gone = first["meetings"][0]["request"]
    changed["requests"] = [r for r in changed["requests"] if r["id"] != gone]
    busy = first["meetings"][1]
    req = next(r for r in inst["requests"] if r["id"] == busy["request"])
    person = next(p for p in changed["participants"] if p["id"] == req["a"][0])
    person["unavailable"] = sorted(set(person["unavailable"]) | {busy["slot"]})
    second = solve(changed, time_limit=2.0, seed=0, keep=first["meetings"])
    check_valid(changed, second)
    now = {(m["request"], m["slot"], m["table"]) for m in second["meetings"]}
    dropped = {gone, busy["request"]}
    for m in first["meetings"]:
        if m["request"] in dropped:
            continue
        # Another kept meeting of the now-unavailable person in that slot can't exist.
        assert (m["request"], m["slot"], m["table"]) in now
    assert second["stats"]["kept"] == len(first["meetings"]) - 2


def test_nothing_to_place():
    for inst in (
        generated(requests=0),
        generated(tables=0),
        {"slots": [], "tables": 3, "participants": [], "requests": []},
    ):
        out = solve(inst, time_limit=1.0)
        check_valid(inst, out)
        assert out["objective"] == 0 and out["status"] == "optimal"
    inst = generated(tables=0)
    out = solve(inst, time_limit=1.0)
    assert {u["code"] for u in out["unscheduled"]} <= {"no_tables", "unavailable"}


def test_reasons_name_people():
    inst = {
        "slots": [{"id": "s1", "start": "2024-10-23T09:00", "end": "2024-10-23T09:30"},
                  {"id": "s2", "start": "2024-10-23T09:30", "end": "2024-10-23T10:00"}],
        "tables": 1,
        "default_max_meetings": 1,
        "participants": [{"id": "p1", "unavailable": ["s1"]}, {"id": "p2", "unavailable": ["s2"]},
                         {"id": "p3", "unavailable": []}, {"id": "p4", "unavailable": []}],
        "requests": [{"id": "r1", "a": ["p1"], "b": ["p2"]},
                     {"id": "r2", "a": ["p3"], "b": ["p4"], "priority": 2},
                     {"id": "r3", "a": ["p4"], "b": ["p3"]}],
    }  # fmt: skip
    out = solve(inst, time_limit=1.0)
    reasons = {u["request"]: u for u in out["unscheduled"]}
    assert reasons["r1"]["code"] == "no_common_slot"
    assert reasons["r1"]["reason"] == "p1 is unavailable in every slot where p2 is free"
    assert reasons["r3"]["code"] == "max_meetings"
    assert "maximum of 1" in reasons["r3"]["reason"]


# --- malformed input ----------------------------------------------------------------------

GOOD = {
    "format": "b2b-instance/1",
    "slots": [{"id": "s1", "start": "2024-10-23T09:00", "end": "2024-10-23T09:30"}],
    "tables": 2,
    "default_max_meetings": 3,
    "participants": [{"id": "p1", "unavailable": []}, {"id": "p2", "unavailable": ["s1"]}],
    "requests": [{"id": "r1", "a": ["p1"], "b": ["p2"]}],
}


def _broken(path, value):
    doc = copy.deepcopy(GOOD)
    *head, last = path
    target = doc
    for key in head:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "instance: expected an object"),
        (_broken(["slots"], KeyError), "instance: missing key 'slots'"),
        (_broken(["slots", 0, "end"], KeyError), "slots[0]: missing key 'end'"),
        (_broken(["slots", 0, "start"], "noon"), "slots[0].start: not an ISO 8601 time"),
        (_broken(["tables"], "2"), "tables: expected a non-negative integer"),
        (_broken(["tables"], -1), "tables: expected a non-negative integer"),
        (
            _broken(["participants", 1, "unavailable", 0], "s9"),
            "participants[1].unavailable[0]: unknown slot 's9'",
        ),  # fmt: skip
        (_broken(["requests", 0, "b", 0], "p999"), "requests[0].b[0]: unknown participant 'p999'"),
        (_broken(["requests", 0, "b"], ["p1"]), "requests[0].b[0]: 'p1' is already in party a"),
        (_broken(["requests", 0, "a"], []), "requests[0].a: empty party"),
        (_broken(["requests", 0, "priority"], "high"), "requests[0].priority: expected"),
        (_broken(["format"], "b2b-instance/9"), "format: expected 'b2b-instance/1'"),
        (_broken(["table_capacity"], {"s7": 1}), "table_capacity: unknown slot 's7'"),
        (_broken(["participants", 1, "id"], "p1"), "participants[1].id: duplicate"),
    ],
)
def test_malformed_instance_names_the_place(doc, message):
    with pytest.raises(InstanceError) as err:
        parse_instance(doc)
    assert str(err.value).startswith(message)


# --- command line ------------------------------------------------------------------------


def _cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "rencontres.scheduler.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("{not json", "line 1 column 2: not JSON"),
        (json.dumps(_broken(["slots", 0, "end"], KeyError)), "slots[0]: missing key 'end'"),
        (json.dumps(_broken(["requests", 0, "b", 0], "p999")), "requests[0].b[0]: unknown"),
        (json.dumps(_broken(["tables"], 1.5)), "tables: expected a non-negative integer"),
    ],
)
def test_cli_bad_input_exits_2(tmp_path, text, place):
    path = tmp_path / "instance.json"
    path.write_text(text)
    for command in ("solve", "fcfs"):
        done = _cli(command, str(path))
        assert done.returncode == 2
        assert place in done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert done.stdout == ""


def test_cli_missing_file_and_bad_option(tmp_path):
    done = _cli("solve", str(tmp_path / "nope.json"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = _cli("solve", "-", "--time-limit", "soon", stdin="{}")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_cli_solves_from_stdin_and_to_file(tmp_path):
    out = tmp_path / "schedule.json"
    done = _cli("solve", "-", "--time-limit", "1", "--seed", "2", "-o", str(out),
                stdin=json.dumps(GOOD))  # fmt: skip
    assert done.returncode == 0, done.stderr
    sched = json.loads(out.read_text())
    check_valid(GOOD, sched)
    assert sched["unscheduled"][0]["code"] == "unavailable"
    done = _cli("fcfs", "-", stdin=json.dumps(GOOD))
    assert done.returncode == 0
    check_valid(GOOD, json.loads(done.stdout))
    done = _cli("solve", "-", "--time-limit", "1", "--serve-most", stdin=json.dumps(GOOD))
    assert done.returncode == 0, done.stderr
    sched = json.loads(done.stdout)
    check_valid(GOOD, sched)
    assert sched["stats"]["mode"] == "serve_most"
    assert sched["served"] == sched["served_bound"]


def test_import_does_not_load_django():
    code = (
        "import rencontres.scheduler, sys; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
