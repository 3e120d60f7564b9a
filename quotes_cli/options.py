"""Command-line options shared by the ``quotes`` commands."""
from __future__ import annotations

import argparse

from nlp.types import ACTS

ACTS_HELP = ("report only attributions of these acts, comma-separated: speech (said, told, "
             "a statement), thought (believes, thinks), intention (wants, plans, is expected "
             "to), evidence (a poll showed, a study found); default all four")


def acts_option(raw: str) -> list[str]:
    """``speech,thought`` -> ["speech", "thought"], each one of nlp.types.ACTS."""
    acts = [act.strip() for act in raw.split(",") if act.strip()]
    unknown = [act for act in acts if act not in ACTS]
    if not acts or unknown:
        raise argparse.ArgumentTypeError(
            f"expected acts among {', '.join(ACTS)}, comma-separated, got {raw!r}")
    return acts
