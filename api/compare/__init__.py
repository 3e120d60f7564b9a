"""The comparison resource: POST two versions of a story, get back what changed."""
from api.compare.views import bp

__all__ = ["bp"]
