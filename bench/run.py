"""Run every benchmark: ``python bench/run.py [NAME ...]``.

Each ``bench/bench_*.py`` module has a ``main(quick: bool)`` that prints its results as
ratios against a baseline measured in the same run (alternating rounds, medians and per-round
ratios; helpers in ``bench/_rounds.py``). A ``main`` that returns a list of
``_rounds.Target`` (the issue's "must show" lines) gets them printed again in a summary at the
end. ``--quick`` runs fewer iterations (the test suite runs it to keep the benchmarks working;
targets are judged on full runs only).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> dict[str, Path]:
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def main(argv: list[str] | None = None) -> int:
    benches = discover()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"which to run (default all): {', '.join(benches)}")
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    args = parser.parse_args(argv)
    names = args.names or list(benches)
    failed = 0
    summary: list[tuple[str, object]] = []
    for name in names:
        if name not in benches:
            print(f"unknown benchmark {name!r}; have {', '.join(benches)}", file=sys.stderr)
            return 2
        spec = importlib.util.spec_from_file_location(f"bench_{name}", benches[name])
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(HERE))
        # Registered under its import name so that dataclasses and multiprocessing (spawn
        # pickles functions by module name) can find the module again.
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        try:
            result = module.main(quick=args.quick)
            summary.extend((name, target) for target in result or ())
        except Exception as exc:  # a broken bench must not hide the others
            failed += 1
            print(f"FAILED: {type(exc).__name__}: {exc}", flush=True)
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    if summary:
        print("\n=== targets ===")
        for name, target in summary:
            line = getattr(target, "line", None)
            print(f"{name}:{line() if callable(line) else f' {target}'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
