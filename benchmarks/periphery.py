"""Wall-clock cost of the peripheral phenotypes (first call includes JIT compilation), printed as JSON."""

import json
import time

from magnerve.phenotypes import periphery
from magnerve.precision import use_double_precision


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    fn(*args, **kwargs)
    first = time.perf_counter() - start
    start = time.perf_counter()
    fn(*args, **kwargs)
    return {"first_s": round(first, 2), "repeat_s": round(time.perf_counter() - start, 2)}


def main():
    mg, ca = [0.3, 0.5, 0.8] * 2, [1.2] * 3 + [2.4] * 3
    results = {
        "milieus": len(mg),
        "rheobase_10_bisections": timed(periphery.rheobase, mg, ca),
        "ectopic_rate_500ms": timed(periphery.ectopic_rate, mg, ca),
        "twitch_400ms": timed(periphery.twitch, mg, ca),
        "spontaneous_force_500ms": timed(periphery.spontaneous_force, mg, ca),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    use_double_precision()
    main()
