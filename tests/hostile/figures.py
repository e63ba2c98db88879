"""The figures the issue asks for, collected while the tests run and printed at the end
(tests/conftest.py, which also gathers them from xdist workers)."""

FUZZ: dict[str, tuple[int, int]] = {}  # route -> (examples, responses >= 500)
FOREIGN: list[tuple[str, str, str, int]] = []  # (route, role, foreign object, status)
CONCURRENCY: list[tuple[str, str, bool]] = []  # (record, form, silently overwritten)
XSS: dict[str, int] = {"pages": 0, "probes": 0, "problems": 0}


def record_fuzz(route, examples, errors):
    FUZZ[route] = (examples, errors)


def dump():
    """The figures of this process, for the xdist controller."""
    return {"fuzz": FUZZ, "foreign": FOREIGN, "concurrency": CONCURRENCY, "xss": XSS}


def merge(other):
    """Add the figures an xdist worker collected."""
    if not other:
        return
    FUZZ.update({route: tuple(value) for route, value in other["fuzz"].items()})
    FOREIGN.extend(tuple(row) for row in other["foreign"])
    CONCURRENCY.extend(tuple(row) for row in other["concurrency"])
    for key, value in other["xss"].items():
        XSS[key] += value


def summary_lines():
    lines = []
    if FUZZ:
        examples = [n for n, _ in FUZZ.values()]
        errors = sum(e for _, e in FUZZ.values())
        forms = [n for n, _ in FUZZ.values() if n > min(examples)] or examples
        lines.append(f"fuzz: {len(FUZZ)} POST routes, {len(forms)} with form fields at "
                     f">= {min(forms)} examples each, {sum(examples)} examples in all, "
                     f"responses >= 500: {errors}")
    if FOREIGN:
        routes = {r for r, *_ in FOREIGN}
        roles = {role for _, role, *_ in FOREIGN}
        leaks = [f for f in FOREIGN if f[3] not in (403, 404)]
        refused = sum(1 for f in FOREIGN if f[3] == 403)
        lines.append(f"foreign ids: {len(routes)} routes x {len(roles)} roles, "
                     f"{len(FOREIGN)} foreign ids tried, 404: {len(FOREIGN) - refused - len(leaks)}"
                     f", 403 (role lacks the permission): {refused}, leaks: {len(leaks)}")
    if CONCURRENCY:
        overwritten = sum(1 for *_, lost in CONCURRENCY if lost)
        records = {r for r, *_ in CONCURRENCY}
        lines.append(f"concurrency: {len(CONCURRENCY)} stale-edit scenarios over "
                     f"{len(records)} editable records, silent overwrites: {overwritten}")
    if XSS["pages"]:
        lines.append(f"xss: {XSS['probes']} probes, {XSS['pages']} pages/fragments/exports "
                     f"checked, unescaped: {XSS['problems']}")
    return lines
