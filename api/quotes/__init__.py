"""The quotes resource: POST an article, get back who said what."""
from api.quotes.views import bp

__all__ = ["bp"]
