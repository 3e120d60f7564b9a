"""Copy a trained tagger into the package, named and versioned.

    python -m training.install build/attribution/output/model-best nlp/data/models/attribution

The directory's other files (the model card) are kept. The configuration keeps no path of the
machine it was trained on.
"""
from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from thinc.api import Config

NAME = "quotes_attribution"
VERSION = "1.3.0"


def install(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        destination = target / item.name
        if destination.is_dir():
            shutil.rmtree(destination)
        if item.is_dir():
            shutil.copytree(item, destination)
        else:
            shutil.copy2(item, destination)
    config_path = target / "config.cfg"
    config = Config().from_disk(config_path, interpolate=False)
    config["paths"].update(train=None, dev=None)
    config.to_disk(config_path)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(name=NAME, version=VERSION,
                description="Attribution tagger (CONTENT, SOURCE, CUE) trained on PolNeAR "
                            "train; see MODEL_CARD.md")
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    install(args.source, args.target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
