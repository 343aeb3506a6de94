"""``python -m widgets``: the samensterk command."""

import sys

from widgets.cli import main

sys.exit(main())
