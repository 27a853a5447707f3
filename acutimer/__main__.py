"""Allow ``python -m acutimer``."""

from acutimer.cli import main

raise SystemExit(main())
