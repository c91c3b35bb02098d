"""The coefficients of the command line's work budget (``magnerve.cli.work``): each command run at two sizes as a
subprocess; peak resident memory and wall time; the differences divided by the difference in the units the
estimate counts. Prints one JSON object: per command the two runs, bytes per unit and units per second, beside the
values ``magnerve.cli.work`` uses (which must be at least as large in bytes and no larger in rate, give or take the
rounding). Wall times on a shared machine move with its load: rerun on a quiet one. Run with ``nice``: about 20
minutes on 2 cores.

    .venv/bin/python benchmarks/work_budget.py [--only network]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

from magnerve.cli import work

#: command -> (units the estimate counts for a run, its arguments) at a small and a large size
CASES = {
    "nmda_iv": [(1 * 141 * 1200, ["nmda-iv", "--mg", "1"]),
                (8 * 141 * 1200, ["nmda-iv", "--mg", "0.25,0.5,0.75,1,1.25,1.5,1.75,2"])],
    "network_all": [(1 * 400 * 5000, ["network", "--n", "400", "--duration", "0.5s", "--mg", "1"]),
                    (1 * 3200 * 5000, ["network", "--n", "3200", "--duration", "0.5s", "--mg", "1"])],
    "network_sparse": [(500.0**2 * 2000, ["network", "--n", "500", "--duration", "0.2s", "--mg", "1",
                                          "--connectivity", "sparse:0.1"]),
                       (3000.0**2 * 2000, ["network", "--n", "3000", "--duration", "0.2s", "--mg", "1",
                                           "--connectivity", "sparse:0.1"])],
    "windup": [(1 * (500 + 1000 + 1000) / 0.0125, ["windup", "--mg", "1", "--pulses", "2"]),
               (1 * (500 + 7000 + 1000) / 0.0125, ["windup", "--mg", "1", "--pulses", "8"])],
    "axon": [(1 * 800 * work.AXON_COMPARTMENTS, ["axon", "--diameter", "10", "--myelin", "1"]),
             (12 * 800 * work.AXON_COMPARTMENTS, ["axon", "--diameter", "6,8,10,12,14,16", "--myelin", "1,0.5"])],
    "csd": [(1 * (1 + 3), ["csd", "--mg", "1", "--iterations", "1"]),
            (3 * (1 + 3), ["csd", "--mg", "0.5,1,1.5", "--iterations", "1"])],
    "periphery": [(1, ["periphery", "--mg", "0.5"]), (3, ["periphery", "--mg", "0.3,0.5,0.8"])],
}
#: what magnerve.cli.work uses for each: (bytes per unit, units per second)
USED = {"nmda_iv": (work.IV_BYTES_PER_RECORD, work.IV_RECORDS_PER_S),
        "network_all": (work.NET_BYTES_PER_CELL_RECORD / work.NET_RECORD_EVERY, work.NET_CELL_STEPS_PER_S),
        "network_sparse": (work.NET_SPARSE_BYTES_PER_PAIR / 2000, work.NET_SYNAPSE_STEPS_PER_S),
        "windup": (None, work.WINDUP_STEPS_PER_S),
        "axon": (work.AXON_BYTES_PER_VALUE, work.AXON_VALUES_PER_S),
        "csd": (work.CSD_BYTES_PER_CASE / 4, 1 / work.CSD_SECONDS_PER_RUN),
        "periphery": (work.PERIPHERY_BYTES_PER_CASE, 1 / work.PERIPHERY_SECONDS_PER_CASE)}


def measure(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident bytes) of ``magnerve ARGS`` in a fresh interpreter."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name, sys.executable, "-m", "magnerve", *args,
                        "--json", "--force-large"], check=True, capture_output=True)
        seconds, kib = report.read().split()
    return float(seconds), float(kib) * 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="")
    only = parser.parse_args().only
    out = {}
    for name, ((u0, a0), (u1, a1)) in CASES.items():
        if only not in name:
            continue
        (t0, m0), (t1, m1) = measure(a0), measure(a1)
        out[name] = {"small": {"units": u0, "seconds": t0, "peak_bytes": m0},
                     "large": {"units": u1, "seconds": t1, "peak_bytes": m1},
                     "bytes_per_unit": (m1 - m0) / (u1 - u0), "units_per_second": (u1 - u0) / max(t1 - t0, 1e-9),
                     "used_bytes_per_unit": USED[name][0], "used_units_per_second": USED[name][1]}
        print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
