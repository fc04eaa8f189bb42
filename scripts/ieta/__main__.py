"""Entry point: ``python scripts/ieta <task> [options]`` (what ./install.sh, ./run.sh and the
other task scripts run). Checks the Python version before importing anything written for 3.11."""

import os
import sys

if sys.version_info < (3, 11):  # noqa: UP036 (this check is for older Pythons)
    sys.stderr.write(
        f"[ieta] ERROR: Python {sys.version.split()[0]} is too old: this project needs "
        "Python 3.11 or newer (set PYTHON=/path/to/python3.11).\n"
    )
    sys.exit(1)

# Run as a folder, Python puts this folder on sys.path; the package lives in its parent.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ieta.cli import main  # noqa: E402

sys.exit(main())
