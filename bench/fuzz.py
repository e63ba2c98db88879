"""The long fuzz run: every POST route with PLEIN_FUZZ_EXAMPLES hostile forms (2,000 by
default; button-only routes an eighth of that), on SQLite or on PLEIN_TEST_DATABASE_URL.

    .venv/bin/python bench/fuzz.py               # 2,000 examples per form
    .venv/bin/python bench/fuzz.py 500 -k roadmap  # fewer, some routes (pytest -k)

Prints one line per route as it finishes and, at the end, the figures: routes, examples
per form, responses >= 500. Exit status is pytest's (0: no route ever answered >= 500).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv):
    examples = argv[0] if argv and argv[0].isdigit() else "2000"
    rest = argv[1:] if argv and argv[0].isdigit() else argv
    env = {**os.environ, "PLEIN_FUZZ_EXAMPLES": examples}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", "-rN",
               "--durations=5", str(ROOT / "tests" / "hostile" / "test_fuzz.py"), *rest]
    print(f"fuzz: {examples} examples per form: {' '.join(command)}", flush=True)
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
