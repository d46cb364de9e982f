"""``python -m engine grad|trace|dot PROGRAM``: see :mod:`engine.cli`."""

from engine.cli import main

raise SystemExit(main())
