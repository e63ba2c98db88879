"""The afwegingstabel: criteria and weights, scores, ranking, decisions, commercial checks."""
