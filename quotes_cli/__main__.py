"""``python -m quotes_cli``: the ``quotes`` command."""
import sys

from quotes_cli import main

sys.exit(main())
