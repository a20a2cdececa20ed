"""steppe: strategic warning from open sources.

Public API: read inputs into Documents, turn each into Articles with Events through one pure
function, store them in DuckDB, watch indicators and write briefs.
"""

from steppe.model import Article, Document, Entity, Event

__version__ = "0.1.0"

__all__ = ["Article", "Document", "Entity", "Event", "__version__"]
