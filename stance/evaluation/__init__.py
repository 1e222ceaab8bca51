"""Scoring against gold labels: the spec's metric (``evaluate``), the labelled corpus and its
split (``gold``, ``split``), tables by group (``heldout``) and bootstrap intervals (``intervals``).

Depends on extraction and labeling, never on :mod:`stance.learn` (which depends on it).
"""
