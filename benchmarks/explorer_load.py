"""Benchmark: the web explorer under a class's load; prints one JSON object.

Starts ``magnerve serve`` on a loopback port (as a user would: a separate process with the command line's compiled
program cache) and measures

- start-up: seconds until the port accepts, until the page is served, and until the default network plot is drawn;
- latency of 4 and of 20 concurrent requests for distinct network milieus (median and maximum, status codes), and of
  the page itself while the 20 are in flight;
- the server's resident memory before and after 110 requests for distinct network milieus, one after another.

Every request names each Mg value twice (``mg`` and ``brain_mg``), so that the same script measures the explorer
before its brain and nerve milieus were separated (``--pythonpath`` pointing at an older checkout's ``src``):

    python benchmarks/explorer_load.py [--port 8790] [--pythonpath OLD/src] [--startup-only]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil


def _wait(until, timeout: float = 600.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if until():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError("the explorer did not come up")


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _network(base: str, mg: float) -> tuple[float, int]:
    start = time.perf_counter()
    r = httpx.get(f"{base}/plot/network.png", params={"mg": f"{mg:.2f}", "brain_mg": f"{mg:.2f}"}, timeout=900)
    return time.perf_counter() - start, r.status_code


def _burst(base: str, values: list[float]) -> dict:
    with ThreadPoolExecutor(len(values)) as pool:
        futures = [pool.submit(_network, base, mg) for mg in values]
        time.sleep(0.2)
        page_s = _page_time(base)
        results = [f.result() for f in futures]
    latencies = [t for t, _ in results]
    codes = [c for _, c in results]
    return {"requests": len(values), "median_s": round(statistics.median(latencies), 2),
            "max_s": round(max(latencies), 2), "status": {str(c): codes.count(c) for c in sorted(set(codes))},
            "page_during_burst_s": round(page_s, 2)}


def _page_time(base: str) -> float:
    start = time.perf_counter()
    httpx.get(f"{base}/", timeout=900)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--pythonpath", default=None, help="run the magnerve found here (an older checkout's src)")
    parser.add_argument("--startup-only", action="store_true", help="measure the start-up alone")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen([sys.executable, "-m", "magnerve", "serve", "--port", str(args.port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        out: dict = {"load_average_1min": round(os.getloadavg()[0], 2), "cpu_count": os.cpu_count()}
        start = time.perf_counter()
        listen_s = _wait(lambda: _accepts(args.port))
        page_s = listen_s + _wait(lambda: httpx.get(f"{base}/", timeout=900).status_code == 200)
        _wait(lambda: httpx.get(f"{base}/plot/network.png", timeout=900).status_code == 200)
        out["startup"] = {"listen_s": round(listen_s, 2), "page_s": round(page_s, 2),
                          "first_plot_s": round(time.perf_counter() - start, 2)}
        if args.startup_only:
            print(json.dumps(out))
            return
        out["concurrent_4"] = _burst(base, [0.11 + 0.1 * k for k in range(4)])
        out["concurrent_20"] = _burst(base, [0.53 + 0.07 * k for k in range(20)])
        process = psutil.Process(server.pid)
        before = process.memory_info().rss
        for k in range(110):
            _network(base, 0.02 * k + 0.01)
        out["memory_110_distinct"] = {"rss_before_mb": round(before / 2**20), "rss_after_mb":
                                      round(process.memory_info().rss / 2**20)}
        out["load_average_1min_end"] = round(os.getloadavg()[0], 2)
        print(json.dumps(out))
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
