"""Shared start-up for the scripts: find the project root and make `hooks/dalil` importable."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
# `python scripts/x.py` works without activating the virtual environment: the script
# restarts itself with the project's Python when the dependencies are not importable.
try:
    import jsonschema  # noqa: F401
    import phonenumbers  # noqa: F401
except ImportError:
    if _VENV_PYTHON.exists() and Path(sys.executable).resolve() != _VENV_PYTHON.resolve():
        os.execv(str(_VENV_PYTHON), [str(_VENV_PYTHON), *sys.argv])
    sys.exit("Les dépendances ne sont pas installées : lancez d'abord « make check » (il crée .venv).")
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))
