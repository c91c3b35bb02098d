"""Tutorial 5: a resumable sweep on Dask into Zarr.

Run: python docs/tutorials/05_sweep.py  (writes tutorial-sweep.zarr; run it twice: the second run recomputes nothing)
The store is a plain Zarr store: any tool that reads Zarr opens it, xarray with ``xr.open_zarr``.
"""

import xarray as xr

from magnerve.sweep import SweepSpec, run_sweep
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats


def main():
    spec = SweepSpec(model="nmda_iv", grid={"mg_o": [0.0, 0.5, 1.0, 2.0], "temperature": [22.0, 37.0]},
                     chunk_size=4, store="tutorial-sweep.zarr")
    ds = run_sweep(spec, progress=False)
    print(ds.v_peak_inward.to_pandas().round(1))
    print(f"chunks computed by this run: {ds.attrs['chunks_computed']} of {ds.attrs['chunks_total']}")
    opened = xr.open_zarr(spec.store)  # the same numbers, read back as any Zarr reader would
    same = bool(opened.v_peak_inward.equals(ds.v_peak_inward))
    print("units:", opened.v_peak_inward.attrs["units"], "| the same values:", same)


if __name__ == "__main__":  # Dask starts worker processes, which import this file: keep the work under the guard
    main()
