"""``python -m ecosystem``: the same command line as ``ecosystem`` (see `ecosystem.cli`)."""

import sys

from ecosystem.cli import main

sys.exit(main())
