"""Results (resultaten, issue 19): goals that measure themselves (``goals``,
``indicators``, ``progress``). Evaluation moments, the partners' questionnaire,
successes and the report come later as their own modules beside these
(``evaluations.py``, ``questionnaire.py``, ``successes.py``, ``reports.py``)."""
