"""stance: track what negotiating parties demand, accept, reject and whom they blame, from news text."""

__version__ = "0.1.0"

from .extraction.extractor import Extractor, extract  # noqa: E402
from .pipeline import read_statements  # noqa: E402
from .profile import load_profile  # noqa: E402
from .records import Article, Statement  # noqa: E402

__all__ = ["Article", "Extractor", "Statement", "__version__", "extract", "load_profile", "read_statements"]
