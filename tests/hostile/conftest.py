from tests.hostile import figures


def pytest_terminal_summary(terminalreporter):
    lines = figures.summary_lines()
    if lines:
        terminalreporter.section("hostile input, foreign ids, concurrency")
        for line in lines:
            terminalreporter.write_line(line)
