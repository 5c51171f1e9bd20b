"""The command line: ``python -m tmf <command> ...`` (``python -m tmf --help`` lists them)."""

import gc
import sys

from tmf.commands import main

# A command is one short process that builds a Python object per facility (tracing's paths
# and reason parameters, an import's rows) and keeps them to the end: the cyclic collector
# would walk them again and again for nothing (a fifth of `tmf rank`'s CPU at 100,000
# facilities). The modules imported so far are set aside for good, and it runs less often;
# reference counting still frees everything as usual. Here, not in main(): tests call main()
# in their own long-lived process.
gc.freeze()
gc.set_threshold(100_000, 50, 100)
sys.exit(main())
