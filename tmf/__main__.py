"""The command line: ``python -m tmf <command> ...`` (``python -m tmf --help`` lists them)."""

import sys

from tmf.commands import main

sys.exit(main())
