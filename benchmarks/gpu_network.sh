#!/usr/bin/env bash
# GPU benchmark of the Brunel-Wang network (issue 19): 64 milieus x 10 s of the 2000-cell all-to-all network and a
# 100 000-cell sparse network (1 000 inputs per cell, 1 s), float32, with the estimated fraction of the GPU's memory
# bandwidth reached; prints the JSON of benchmarks/network_scale.py. Needs JAX with CUDA (pip install 'jax[cuda12]')
# in the Python given by $PYTHON (default .venv/bin/python, else python3).
#   bash benchmarks/gpu_network.sh                     # the GPU suite
#   bash benchmarks/gpu_network.sh --quick --device cpu  # the same script, small sizes, on the CPU (a check)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}"
DEVICE=gpu
for arg in "$@"; do [ "$arg" = "cpu" ] && DEVICE=cpu; done
if [ "$DEVICE" = gpu ] && ! JAX_PLATFORMS=cuda "$PYTHON" -c "import jax; jax.devices('gpu')" >/dev/null 2>&1; then
    echo '{"benchmark": "network_scale", "error": "JAX sees no CUDA GPU in '"$PYTHON"' (install jax[cuda12])"}'
    exit 2
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,clocks.max.memory --format=csv >&2
exec "$PYTHON" benchmarks/network_scale.py --suite gpu --device gpu "$@"
