import pytest

from tests.hostile import figures


def pytest_sessionfinish(session):
    """An xdist worker sends its figures to the controller (see pytest_testnodedown)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["hostile_figures"] = figures.dump()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    figures.merge(getattr(node, "workeroutput", {}).get("hostile_figures"))


def pytest_terminal_summary(terminalreporter):
    lines = figures.summary_lines()
    if lines:
        terminalreporter.section("hostile input, foreign ids, concurrency")
        for line in lines:
            terminalreporter.write_line(line)
