"""The newsroom's own records (one module per concept); each module's models are imported here."""

from .flags import ArticleFlag  # noqa: F401
from .imports import ImportRecord  # noqa: F401
from .publishing import PublicationEvent  # noqa: F401
from .terms import TermFrequency, TermSample  # noqa: F401
