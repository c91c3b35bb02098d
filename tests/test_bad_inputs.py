"""Every bad input of issue 20 (:mod:`bad_inputs`) is refused before any compute: exit status 2, one line on stderr
naming the value. In this process through the ``cli`` fixture; the time each takes shows nothing was simulated."""

import time


import pytest
from bad_inputs import CASES, expand, write_files


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad-inputs")
    write_files(d)
    return d


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "refuse"], ids=lambda c: c.id)
def test_refused_in_one_line_before_any_compute(cli, scratch, monkeypatch, case):
    monkeypatch.chdir(scratch)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    start = time.perf_counter()
    r = cli(*expand(case, scratch))
    seconds = time.perf_counter() - start
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr[-2000:])
    assert len(lines) == 1 and lines[0].startswith("magnerve: error: "), r.stderr
    assert case.needle.replace("{d}", str(scratch)) in lines[0], lines[0]
    assert seconds < 20, f"{case.id} took {seconds:.1f} s: something ran before the refusal"
