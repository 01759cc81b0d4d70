"""Mijn HartingBank: the customer portal of HartingBank."""

import os
import sys
from pathlib import Path

# Piccolo finds its engine through `piccolo_conf.py` at the project root, whatever the working folder.
_ROOT = Path(__file__).resolve().parents[2]
if (_ROOT / "piccolo_conf.py").exists() and str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))
os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
