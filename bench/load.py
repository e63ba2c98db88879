"""Load: mixed reads and writes by concurrent clients in every role against gunicorn
with 2 workers on 127.0.0.1, then a check that no acknowledged write was lost.

    .venv/bin/python bench/load.py                       # 60 s, 16 clients (the issue's run)
    .venv/bin/python bench/load.py --seconds 10 --clients 4   # a quick try

The dataset is a fresh demo database (`flask db upgrade`, `flask plein demo`) in a
temporary directory; the server gets a fixed secret key and runs as in development
(plain http on 127.0.0.1, so the session cookie is not Secure-only).

Clients, each its own process and logged in like a browser (login form, then the CSRF
token from the page): one lead that edits and publishes the samenwerkingscontract and
signs each new version as both partner organisations and the library (half of its
actions), then lead, team, admin, mt, team, welzijn, lead, schuldhulp, repeated. Lead,
team and admin write 30 % of the time (checklist statuses with the version token just
read, and afwegingstabel scores, each client on its own items and cells, so no write is
a legitimate conflict); mt and the partner users only read. Reads are the pages each
role uses: dashboard, stappenplan and its items, afwegingstabel, partners, contract;
the partner home and the contract version; beheer for the admin.

Measured from the moment every client is logged in until the end: requests, error
responses (anything but 2xx/3xx, and connection errors; must be 0), p50/p95 latency of
every request, and writes lost (every acknowledged write checked in the database after
a clean stop, as in crash.py; must be 0). Prints one JSON line; exits 1 when an error
response was seen or a write was lost. On a shared machine the latencies are noisy.
"""

import argparse
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ops_common as common  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--write-share", type=float, default=0.3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="plein-load-"))
    db_path = workdir / "load.sqlite3"
    common.prepare_demo(db_path)
    data = common.dataset(db_path)
    audit_start = common.max_audit_id(db_path)
    port = common.free_port()
    with open(workdir / "load-server.log", "ab") as log:
        server = common.server(db_path, port, log)
        server.start()
        try:
            context = multiprocessing.get_context("spawn")
            with context.Manager() as manager, context.Pool(args.clients) as pool:
                ready, start = manager.Queue(), manager.Value("d", 0.0)
                specs = common.client_specs(data, port, args.clients, until=0,
                                            write_share=args.write_share,
                                            audit_start=audit_start, seed=1)
                for spec in specs:
                    spec.update(ready=ready, start=start, seconds=args.seconds)
                pending = pool.map_async(common.client_main, specs)
                for _ in specs:
                    ready.get(timeout=300)
                start.value = time.time()  # every client is logged in: the clock starts
                outcomes = pending.get(args.seconds + 300)
                elapsed = time.time() - start.value
        finally:
            server.stop()

    results = [r for o in outcomes for r in o["results"]]
    timings = [t for o in outcomes for t in o["timings"]]
    errors = {}
    for outcome in outcomes:
        for status, count in outcome["errors"].items():
            errors[str(status)] = errors.get(str(status), 0) + count
        if outcome["stopped"] != "time":
            errors[outcome["stopped"]] = errors.get(outcome["stopped"], 0) + 1
    lost = common.lost_writes(db_path, results)
    latencies = [t[0] * 1000 for t in timings]
    writes = [t[0] * 1000 for t in timings if t[2] == "POST"]
    figures = {
        "seconds": round(elapsed, 1), "clients": args.clients,
        "roles": sorted({o["role"] for o in outcomes}),
        "requests": len(timings), "requests_per_second": round(len(timings) / elapsed, 1),
        "posts": len(writes), "acknowledged_writes": common.acknowledged(results),
        "error_responses": sum(errors.values()), "errors_by_kind": errors,
        "p50_ms": round(common.percentile(latencies, 0.50), 1),
        "p95_ms": round(common.percentile(latencies, 0.95), 1),
        "post_p50_ms": round(common.percentile(writes, 0.50), 1),
        "post_p95_ms": round(common.percentile(writes, 0.95), 1),
        "writes_lost": len(lost),
        "first_failures": [f for o in outcomes for f in o["failures"]][:5],
        "lost_detail": lost[:10], "work_directory": str(workdir),
    }
    print(json.dumps(figures, ensure_ascii=False))
    if not (errors or lost):
        shutil.rmtree(workdir)  # kept (with the server log) only when something failed
    sys.exit(1 if errors or lost else 0)


if __name__ == "__main__":
    main()
