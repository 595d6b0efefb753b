import os
import sys
from pathlib import Path

# Qt tests run without a display (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "resources" / "samples"
SHARED = REPO.parent / "shared"
CORPUS_DIR = SHARED / "corpus"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def seed_files() -> list[Path]:
    return list(SEED_FILES)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


def corpus_available() -> bool:
    return CORPUS_DIR.is_dir()


requires_corpus = pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="../shared/corpus not present")

sys.path.insert(0, str(REPO / "tests"))
