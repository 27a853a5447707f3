"""Allow ``python -m acutimer``."""

from acutimer.commands.cli import main

raise SystemExit(main())
