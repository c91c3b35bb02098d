"""How much memory and time each command's run needs, from its options (see :mod:`.budget`).

Each estimate counts what dominates: the values a run records (memory) and the state updates it makes (time). The
coefficients were measured by ``benchmarks/work_budget.py`` on 2 CPU cores (peak resident memory and wall time at
two sizes per command, the difference divided by the difference in units) and are rounded up; an estimate is meant
to be right within a factor of a few, enough to refuse runs that are orders of magnitude too large before they start.
"""

from __future__ import annotations

from .budget import Work

GIB = 2.0**30

# -- nmda-iv: (Mg levels x test potentials) clamped cells, 60 ms, every step recorded -------------------------------
IV_DURATION_MS = 60.0
IV_BYTES_PER_RECORD = 400.0  # per cell and record: five observables and their copies
IV_RECORDS_PER_S = 2e6
# -- network: cells x steps x milieus; a record every 10 steps holds v, spike count and Ca charge per cell ----------
NET_RECORD_EVERY = 10
NET_BYTES_PER_CELL_RECORD = 100.0  # three float64 per cell and record, and the readouts' copies of them
NET_BYTES_PER_SYNAPSE = 28.0  # target tables (i32) and their construction (i19 benchmark: 2.8 GB at 1e8 synapses)
NET_ACTIVE_FRACTION = 0.1  # share of presynaptic cells pushing per step (NMDA rise variable non-zero: about 8 %)
NET_CELL_STEPS_PER_S = 2e7  # all-to-all: one sum over presynaptic cells per step
NET_SYNAPSE_STEPS_PER_S = 2e9  # sparse: a matrix-vector product per step
# -- seizure: cells x steps x baths (warm-up included); each record holds a few values per cell -------------------
SEIZURE_CELL_STEPS_PER_S = 2e6  # measured 2.9e6 (2 baths x 200 cells x 20 s at 0.05 ms in 69 s on 2 cores)
SEIZURE_BYTES_PER_CELL_RECORD = 200.0  # v, spikes, [K]o, [Na]i, [Cl]i, E_GABA per cell, float64, and copies
# -- windup: 32 compartments, 12.5 us steps, a record every 10 ms --------------------------------------------------
WINDUP_DT_MS = 0.0125
WINDUP_SETTLE_MS = 500.0
WINDUP_WINDOW_MS = 1000.0
WINDUP_FIBRES = 21  # 20 A-delta arrivals and the C-fibre stimulus per pulse, float64 each, in several copies
WINDUP_STEPS_PER_S = 4e5
# -- csd, periphery, axon, excitability: fixed protocols, cost per case ---------------------------------------------
CSD_SECONDS_FIXED = 110.0  # compilation and the resting state, measured on a loaded machine
CSD_SECONDS_PER_RUN = 3.0  # one 1.5 mm strip for 30-40 s of tissue time
CSD_BYTES_PER_CASE = 4e6  # measured 3e6
PERIPHERY_SECONDS_FIXED = 180.0  # compiling five protocols, measured on a loaded machine
PERIPHERY_SECONDS_PER_CASE = 10.0
PERIPHERY_BYTES_PER_CASE = 5e7  # measured 3e7
AXON_STEPS = 800  # 4 ms at 5 us
AXON_COMPARTMENTS = 21 * 11 * 2  # 21 nodes, 10 internodal segments between them, axon and periaxonal space
AXON_BYTES_PER_VALUE = 48.0  # measured 39 (12 axons)
AXON_VALUES_PER_S = 4e6  # measured 4e5 between 1 and 12 axons, where start-up dominates; larger batches run faster
EXCITABILITY_SECONDS = {"sd": 30.0, "rc": 60.0, "te": 60.0}  # per axon variant and milieu
EXCITABILITY_BYTES_PER_CASE = 1e8
# -- cramp: noisy human motor axons (11-node cables at 10 us), then their motor units in one batched run --------
CRAMP_SECONDS_FIXED = 60.0  # compiling the noisy cable and the motor unit (quiet machine: about 40 s)
CRAMP_AXON_MS_PER_S = 600.0  # simulated axon-milliseconds per second of one batched cable run
CRAMP_BYTES_PER_AXON_MS = 2e4  # spike counts per node recorded every 50 us, and their copies
# -- person: the balance ODE is cheap; the phenotype table simulates the periphery at the start and end milieus
PERSON_TABLE_SECONDS = 60.0  # per symptom row, "about a minute" (phenotypes.person.symptom_table)
PERSON_CSD_SECONDS = 60.0  # the spreading-depression threshold in the start and end CSF
# -- sweeps: per grid point -------------------------------------------------------------------------------------
SWEEP_SECONDS_PER_POINT = {"nmda_iv": 0.05, "person": 0.5}
SWEEP_BYTES_PER_POINT_OUTPUT = 24.0  # the output array, its NaN mask and the Dataset read back


def nmda_iv(mg, v_min, v_max, v_step, dt, **_) -> Work | None:
    if not (v_step > 0 and v_max > v_min):  # the command refuses these itself
        return None
    n_v = int((v_max - v_min) / v_step) + 1
    steps = IV_DURATION_MS / dt
    records = len(mg) * n_v * steps
    return Work(f"nmda-iv: {len(mg)} Mg levels x {n_v} test potentials x {steps:.6g} steps (--dt {dt:g} ms)",
                records * IV_BYTES_PER_RECORD, records / IV_RECORDS_PER_S)


def network_size(n, preset) -> int:
    """Cells in the network (the preset's size when ``n`` is None)."""
    from ..models.network import PRESETS

    return n if n is not None else (PRESETS[preset].n_e + PRESETS[preset].n_i if preset in PRESETS else 1000)


def network(mg, ca, k, duration, n, connectivity, preset, dt, **_) -> Work:
    cells = network_size(n, preset)
    milieus = len(mg) * len(ca) * len(k)
    steps = duration / dt
    memory = milieus * steps / NET_RECORD_EVERY * cells * NET_BYTES_PER_CELL_RECORD
    seconds = milieus * steps * cells / NET_CELL_STEPS_PER_S
    kind, _, arg = connectivity.strip().partition(":")
    if kind in ("sparse", "indegree"):  # out-going target tables: one entry per synapse, shared by the milieus
        synapses = float(cells) * (float(arg) * cells if kind == "sparse" else float(arg))
        memory += NET_BYTES_PER_SYNAPSE * synapses
        seconds += milieus * steps * synapses * NET_ACTIVE_FRACTION / NET_SYNAPSE_STEPS_PER_S
    return Work(f"network: {cells} cells x {steps:.6g} steps (--duration {duration / 1e3:g} s, --dt {dt:g} ms) x "
                f"{milieus} milieus", memory, seconds)


def seizure(mg, ca, k, duration, n, dt, **_) -> Work:
    from ..phenotypes.seizure import RECORD_MS, WARMUP_MS

    baths = len(mg) * len(ca) * len(k)
    simulated = duration + WARMUP_MS
    cell_steps = baths * n * simulated / dt
    memory = baths * n * simulated / RECORD_MS * SEIZURE_BYTES_PER_CELL_RECORD
    return Work(f"seizure: {n} cells x {simulated / dt:.6g} steps (--duration {duration / 1e3:g} s and the 5 s "
                f"warm-up, --dt {dt:g} ms) x {baths} baths", memory, cell_steps / SEIZURE_CELL_STEPS_PER_S)


def windup(mg, blockers, frequency, pulses, **_) -> Work | None:
    if not (0 < frequency <= 10 and pulses >= 2):  # the command refuses these itself
        return None
    duration = WINDUP_SETTLE_MS + 1e3 / frequency * (pulses - 1) + min(1e3 / frequency, WINDUP_WINDOW_MS)
    runs = 1 + len(blockers)
    steps = duration / WINDUP_DT_MS
    memory = pulses * WINDUP_FIBRES * 8.0 * 4 + len(mg) * duration / 10.0 * 8.0 * 16
    return Work(f"windup: {pulses} pulses at {frequency:g} Hz ({duration / 1e3:.6g} s, {steps:.6g} steps) x "
                f"{len(mg)} Mg levels x {runs} drug conditions", memory, runs * len(mg) * steps / WINDUP_STEPS_PER_S)


def csd(mg, iterations, **_) -> Work:
    runs = iterations + 3  # the standard bolus, the two brackets, then one run per halving
    return Work(f"csd: {len(mg)} Mg levels x {runs} strip runs", len(mg) * CSD_BYTES_PER_CASE,
                CSD_SECONDS_FIXED + len(mg) * runs * CSD_SECONDS_PER_RUN)


def periphery(mg, ca, **_) -> Work:
    cases = len(mg) * len(ca)
    return Work(f"periphery: {len(mg)} Mg x {len(ca)} Ca levels", cases * PERIPHERY_BYTES_PER_CASE,
                PERIPHERY_SECONDS_FIXED + cases * PERIPHERY_SECONDS_PER_CASE)


def nmj(mg, ca, **_) -> Work:
    cases = len(mg) * len(ca)
    return Work(f"nmj: {len(mg)} Mg x {len(ca)} Ca levels", cases * 64.0, cases * 1e-5)


def axon(diameter, myelin, mg, ca, refractory, **_) -> Work:
    cases = len(diameter) * len(myelin) * len(mg) * len(ca)
    runs = 1 + (9 if refractory else 0)  # the refractory period bisects over 7 halvings plus its brackets
    values = cases * AXON_STEPS * AXON_COMPARTMENTS
    return Work(f"axon: {len(diameter)} diameters x {len(myelin)} myelin fractions x {len(mg)} Mg x {len(ca)} Ca "
                f"({cases} axons)", values * AXON_BYTES_PER_VALUE, runs * values / AXON_VALUES_PER_S)


def excitability(variant, mg, ca, k, measures, **_) -> Work:
    variants = 2 if variant == "both" else 1
    milieus = len(mg) * len(ca) * len(k)
    chosen = [m.strip() for m in measures.split(",") if m.strip()]
    per_case = sum(EXCITABILITY_SECONDS.get(m, 0.0) for m in chosen)
    return Work(f"excitability: {variants} axons x {milieus} milieus x {len(chosen)} measures",
                variants * milieus * EXCITABILITY_BYTES_PER_CASE, variants * milieus * per_case)


def cramp(mg, ca, k, units, duration, **_) -> Work:
    axon_ms = len(mg) * len(ca) * len(k) * units * duration
    return Work(f"cramp: {len(mg)} Mg x {len(ca)} Ca x {len(k)} K levels x {units} units x {duration:g} ms",
                axon_ms * CRAMP_BYTES_PER_AXON_MS, CRAMP_SECONDS_FIXED + axon_ms / CRAMP_AXON_MS_PER_S)


def sweep(model: str, points: float, outputs: int) -> Work:
    """A sweep of ``points`` grid points keeping ``outputs`` outputs each."""
    return Work(f"sweep {model}: {points:.6g} grid points", points * outputs * SWEEP_BYTES_PER_POINT_OUTPUT,
                points * SWEEP_SECONDS_PER_POINT.get(model, 1.0))


def person(csd, symptoms, course_points=0, **_) -> Work:
    rows = len([w for w in symptoms.split(",") if w.strip() and w.strip() != "none"]) + (2 if course_points else 0)
    return Work("person: diet, serum and the symptom rows", 1e8,
                rows * PERSON_TABLE_SECONDS + (PERSON_CSD_SECONDS if csd else 0.0))
