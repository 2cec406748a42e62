"""Boilerplate stripping: a versioned rule pack (TOML data) plus a position-aware line classifier.

``strip_text(text)`` returns the stripped text and every removal with its rule id; the pipeline step is
:class:`corpus.boilerplate.strip.BoilerplateStripper`.
"""

from corpus.boilerplate.strip import BoilerplateStripper, Removal, StripResult, strip_text

__all__ = ["BoilerplateStripper", "Removal", "StripResult", "strip_text"]
