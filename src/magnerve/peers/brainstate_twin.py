"""The all-to-all Brunel-Wang network of :mod:`magnerve.models.network` written for brainstate (the state-based JAX
framework under BrainPy 2.7+), to benchmark against: the parameters of :func:`.brian2_twin.twin_parameters`
(NMDA Mg2+ block by Jahr & Stevens), the same recurrent sums of per-cell gating (own gating subtracted without
self-connections), exponential Euler, the external drive as one Poisson count per cell and step. A batch of Mg
levels is a leading axis of every state, as brainstate batches.

Runs under any Python with brainstate (it imports nothing from magnerve when run as a script):

    .venv-peers/bin/python src/magnerve/peers/brainstate_twin.py --params params.json --mg 0,1 --duration 1

It prints one JSON line: rates per Mg level (Hz), wall time of the first (compiling) and second call (s).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def simulate_brainstate(p: dict, mg_levels: list[float], duration_s: float, seed: int, dt_ms: float = 0.1) -> dict:
    import brainstate as bs
    import jax
    import jax.numpy as jnp

    n_e, n = p["n_e"], p["n_e"] + p["n_i"]
    batch = len(mg_levels)
    per_cell = {k: jnp.concatenate([jnp.full(n_e, p[k][0]), jnp.full(n - n_e, p[k][1])])
                for k in ("c_pf", "g_l_ns", "t_ref_ms", "g_ext_ns", "g_ampa_ns", "g_nmda_ns", "g_gaba_ns")}
    mg = jnp.asarray(mg_levels)[:, None]
    own = 0.0 if p["autapses"] else 1.0

    class Network(bs.nn.Module):
        def __init__(self):
            super().__init__()
            zeros = jnp.zeros((batch, n))
            self.v = bs.HiddenState(jnp.full((batch, n), p["e_l_mv"]))
            self.refractory, self.ext, self.count = (bs.HiddenState(zeros) for _ in range(3))
            self.ampa, self.gaba, self.x, self.s = (bs.HiddenState(zeros) for _ in range(4))  # per-cell gating

        def update(self, i):
            decay = jnp.exp(-dt_ms / p["tau_ampa_ms"])
            s, x, v = self.s.value, self.x.value, self.v.value
            total_e = lambda g: g[:, :n_e].sum(1, keepdims=True) - own * g * (jnp.arange(n) < n_e)  # noqa: E731
            in_gaba = self.gaba.value[:, n_e:].sum(1, keepdims=True) - own * self.gaba.value * (jnp.arange(n) >= n_e)
            block = 1.0 / (1.0 + mg / p["js_k0_mm"] * jnp.exp(-p["js_slope_per_mv"] * v))
            g_exc = (per_cell["g_ext_ns"] * self.ext.value + per_cell["g_ampa_ns"] * total_e(self.ampa.value)
                     + per_cell["g_nmda_ns"] * total_e(s) * block)
            g_inh = per_cell["g_gaba_ns"] * in_gaba
            g_tot = per_cell["g_l_ns"] + g_exc + g_inh
            v_inf = (per_cell["g_l_ns"] * p["e_l_mv"] + g_exc * p["e_exc_mv"] + g_inh * p["e_gaba_mv"]) / g_tot
            held = self.refractory.value > 0
            v = jnp.where(held, v, v_inf + (v - v_inf) * jnp.exp(-dt_ms * g_tot / per_cell["c_pf"]))
            rate = 1.0 / p["tau_nmda_decay_ms"] + p["alpha_per_ms"] * x
            s_inf = p["alpha_per_ms"] * x / rate
            self.s.value = s_inf + (s - s_inf) * jnp.exp(-dt_ms * rate)
            x = x * jnp.exp(-dt_ms / p["tau_nmda_rise_ms"])
            refractory = jnp.maximum(self.refractory.value - dt_ms, 0.0)
            spike = (v >= p["v_th_mv"]) & (refractory <= 0)
            self.v.value = jnp.where(spike, p["v_reset_mv"], v)
            self.refractory.value = jnp.where(spike, per_cell["t_ref_ms"], refractory)
            self.x.value = x + spike
            self.ampa.value = self.ampa.value * decay + spike
            self.gaba.value = self.gaba.value * jnp.exp(-dt_ms / p["tau_gaba_ms"]) + spike
            arrivals = bs.random.poisson(p["ext_rate_per_ms"] * dt_ms, (n,))  # common to the batch
            self.ext.value = self.ext.value * decay + arrivals
            self.count.value = self.count.value + spike

    steps = round(duration_s * 1e3 / dt_ms)

    bs.random.seed(seed)
    net = Network()

    @bs.transform.jit
    def loop():
        bs.transform.for_loop(net.update, jnp.arange(steps))
        return net.count.value

    t0 = time.perf_counter()
    first = jax.block_until_ready(loop())  # compiles; the second call runs the next stretch of time
    t1 = time.perf_counter()
    counts = jax.block_until_ready(loop()) - first
    t2 = time.perf_counter()
    return {"rate_e": (counts[:, :n_e].mean(1) / duration_s).tolist(),
            "rate_i": (counts[:, n_e:].mean(1) / duration_s).tolist(), "first_call_s": t1 - t0, "run_s": t2 - t1,
            "mg": mg_levels, "brainstate": bs.__version__}


def main(argv=None):
    ap = argparse.ArgumentParser(description="brainstate twin of the magnerve Brunel-Wang network")
    ap.add_argument("--params", required=True)
    ap.add_argument("--mg", required=True, help="comma-separated Mg levels (mM), one batch")
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dt", type=float, default=0.1, help="time step (ms)")
    args = ap.parse_args(argv)
    params = json.loads(Path(args.params).read_text())
    mg = [float(m) for m in args.mg.split(",")]
    print(json.dumps(simulate_brainstate(params, mg, args.duration, args.seed, args.dt)))


if __name__ == "__main__":
    main()
