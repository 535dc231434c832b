"""The `machine ...` line every bench script prints first, in the form of gradiente.bench.Machine:

  machine cpu="AMD EPYC" isa=avx2 vector_bits=256 threads=2 clock_ghz=2.45 peak_gflops=~157 torch=1.13.0 blas=...

cpu and isa come from /proc/cpuinfo; vector_bits is the width of the kernels torch dispatches to
("CPU capability usage" in torch.__config__.show(): AVX512 512, AVX2 256, else 128); threads is
torch.get_num_threads(); the FP32 peak is the same estimate as the Java one: min(threads, cores) x 2 FMA
pipes x vector_bits/32 lanes x 2 FLOPs x clock (cpufreq's maximum, else /proc/cpuinfo's cpu MHz).
blas is torch's BLAS_INFO and the BLAS library actually mapped into the process (Debian's libblas.so.3
is an alternative: the netlib reference or OpenBLAS).
"""
import ctypes
import os
import re

import torch


def _field(text, key):
    for line in text.splitlines():
        k, _, v = line.partition(":")
        if k.strip() == key:
            return v.strip()
    return ""


def _mapped_blas():
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))  # make sure the BLAS is loaded
    try:
        with open("/proc/self/maps") as f:
            libs = {os.path.basename(l.split()[-1]) for l in f if "/" in l}
        return ",".join(sorted(l for l in libs if "blas" in l.lower())) or "none"
    except OSError:
        return "?"


def _blas_paths():
    try:
        with open("/proc/self/maps") as f:
            return sorted({l.split()[-1] for l in f if "/" in l and "openblas" in os.path.basename(l.split()[-1]).lower()})
    except OSError:
        return []


def set_threads(n):
    """torch.set_num_threads(n), and the same count for OpenBLAS itself.

    Debian's torch calls BLAS through the generic libblas.so.3 alternative, so torch.set_num_threads does not
    reach OpenBLAS's own pool: without this, torch.mm "with 1 thread" ran on every core (134 GFLOP/s on the
    2-core EPYC of issue 12, against 79-81 with OPENBLAS_NUM_THREADS=1). Returns the OpenBLAS thread count
    read back (0 when no OpenBLAS is mapped).
    """
    torch.set_num_threads(n)
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))  # load the BLAS
    got = 0
    for path in _blas_paths():
        lib = ctypes.CDLL(path)
        if hasattr(lib, "openblas_set_num_threads"):
            lib.openblas_set_num_threads(ctypes.c_int(n))
            got = lib.openblas_get_num_threads()
    return got


def line():
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
    except OSError:
        info = ""
    flags = " " + (_field(info, "flags") + " " + _field(info, "Features")).lower() + " "
    isa = next((name for flag, name in ((" avx512f ", "avx512"), (" avx2 ", "avx2"), (" avx ", "avx"),
                                        (" sse4_2 ", "sse4.2"), (" sve ", "sve"), (" asimd ", "neon")) if flag in flags),
               os.uname().machine)
    config = torch.__config__.show()
    cap = re.search(r"CPU capability usage: (\w+)", config)
    cap = cap.group(1) if cap else "DEFAULT"
    bits = 512 if "512" in cap else 256 if "AVX2" in cap else 128
    try:
        with open("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq") as f:
            ghz = int(f.read()) / 1e6
    except (OSError, ValueError):
        mhz = _field(info, "cpu MHz")
        ghz = float(mhz) / 1e3 if mhz else float("nan")
    threads = torch.get_num_threads()
    cores = min(threads, os.cpu_count() or 1)
    peak = cores * 2 * bits / 32 * 2 * ghz
    blas = re.search(r"BLAS_INFO=(\w+)", config)
    cpu = (_field(info, "model name") or os.uname().machine).replace('"', "'")
    return (f'machine cpu="{cpu}" isa={isa} vector_bits={bits} threads={threads} clock_ghz={ghz:.2f} '
            f'peak_gflops=~{peak:.0f} torch={torch.__version__} blas={blas.group(1) if blas else "?"}:{_mapped_blas()}')


if __name__ == "__main__":
    print(line())
