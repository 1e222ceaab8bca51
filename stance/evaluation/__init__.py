"""Scoring against gold labels: the spec's metric (``evaluate``), per-rule diagnostics
(``rule_stats``), the labelled corpus and its split (``gold``, ``split``), tables by group
(``heldout``) and bootstrap intervals (``intervals``).

Depends on extraction and io, never on :mod:`stance.learn` (which depends on it).
"""
