"""The core is reachable without the surfaces: importing it must not pull in textual."""

from __future__ import annotations

import subprocess
import sys


def test_engine_imports_without_textual_langchain_or_ccxt() -> None:
    code = (
        "import sys, assistant.engine, assistant.domain, assistant.portfolio;"
        "bad = [m for m in ('textual', 'langchain', 'chromadb') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
