"""The long lists at today's bench data and at 10 times as much: the partner register,
the logboek and the roadmap's filters (issue 14, finding 14).

Seeds one realistic plein (``bench.seed.REALISTIC``) and one with every list that grows
with use ten times as long, capped at the plein's upper bounds (``bench.seed.scaled``),
each into its own SQLite file, then requests each page of ``LIST_PAGES`` as the lead
through the test client: SQL statements, bytes and the median wall and CPU time of
``--runs`` requests (after two warm-up requests). Prints a Markdown table.

    .venv/bin/python -m bench.lists            # about a minute; --runs 30 for steadier ms
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import seed
from bench.measure import Counter, current_values, login
from bench.pages import BY_NAME

LIST_PAGES = ["partners", "partners: search", "partners: filter", "logboek",
              "logboek: filter", "logboek: older page", "roadmap", "roadmap: filter",
              "roadmap: filter mine"]


def timed(app, seeded, page, runs):
    """(statements, bytes, status, median wall ms, median CPU ms) of ``page`` as the
    lead. CPU time of this process (SQLite runs in it) hardly moves with the load of
    other processes on a shared machine; wall time does."""
    from plein.extensions import db

    client = app.test_client()
    login(client, seeded.lead_email)
    values = current_values(app, seeded)
    headers = {"HX-Request": "true"} if page.htmx else {}
    with app.app_context():
        engine = db.engine
    with Counter(engine) as counter:
        response = client.get(page.url(values), headers=headers)
    wall, cpu = [], []
    for _ in range(runs + 2):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(page.url(values), headers=headers)
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - started_cpu))
    return (counter.count, len(response.get_data()), response.status_code,
            statistics.median(wall[2:]), statistics.median(cpu[2:]))


def measure_sizes(sizes, runs, workdir):
    """name -> {page name -> (statements, bytes, status, ms)} for each (name, Size)."""
    from plein import create_app

    results = {}
    for name, size in sizes:
        url = f"sqlite:///{Path(workdir) / name}.sqlite3"
        print(f"seeding {name} ...", file=sys.stderr)
        seeded = seed.build(url, 1, size, quiet=True)[0]
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                          "SECRET_KEY": "bench", "TESTING": True})
        results[name] = {page: timed(app, seeded, BY_NAME[page], runs)
                         for page in LIST_PAGES}
        with app.app_context():
            from plein.extensions import db

            db.engine.dispose()
    return results


def table(results):
    names = list(results)
    head = "| page | " + " | ".join(f"{n} queries | {n} ms | {n} CPU ms | {n} KB"
                                    for n in names) + " |"
    lines = [head, "|---|" + "---:|" * 4 * len(names)]
    for page in LIST_PAGES:
        cells = []
        for name in names:
            queries, size, status, ms, cpu = results[name][page]
            cells += [f"{queries}" + ("" if status == 200 else f" ({status})"), f"{ms:.1f}",
                      f"{cpu:.1f}", f"{size / 1024:.0f}"]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args(argv)
    sizes = [("1x", seed.REALISTIC),
             (f"{args.factor}x", seed.scaled(seed.REALISTIC, args.factor))]
    with tempfile.TemporaryDirectory(prefix="plein-lists-") as workdir:
        print(table(measure_sizes(sizes, args.runs, workdir)))


if __name__ == "__main__":
    main()
