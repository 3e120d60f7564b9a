"""Evaluating the extraction on a gold corpus (``python -m evaluation``, ``scripts/evaluate``).

Not part of the installed package: it uses only :mod:`nlp`'s public surface. The scorer is in
:mod:`evaluation.scoring`; ``baseline-dev.json`` holds the figures the CI accuracy gate keeps.
"""
