"""``make bench`` (``python -m bench [suite …] [-- options]``): every suite, or those named.

Each suite is a module of this package with ``main(argv) -> int`` that prints its figures;
``make bench BENCH=readers`` runs one. Options after ``--`` go to every suite run.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

#: suite name → module; each prints its own figures and goals.
SUITES: dict[str, str] = {
    "readers": "bench.run",
    "load-soak": "bench.load_soak",
    "search": "bench.search",
    "load": "bench.load",
    "applications": "bench.applications",
    "reports": "bench.reports",
}


#: Suites that run only when named (``make bench BENCH=load-soak``): they take many minutes.
ON_REQUEST: frozenset[str] = frozenset({"load-soak", "load"})


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, extra = args[:cut], args[cut + 1 :]
    names = args or [name for name in SUITES if name not in ON_REQUEST]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"unknown benchmark suites: {', '.join(unknown)} (known: {', '.join(SUITES)})")
        return 2
    status = 0
    for name in names:
        print(f"== bench {name}", flush=True)
        status |= importlib.import_module(SUITES[name]).main(extra)
    return status


if __name__ == "__main__":
    sys.exit(main())
