"""ruff (ruff.toml) passes on the Python code: CI runs it with the rest of the suite."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_passes() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "hooks", "scripts", "tests"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
