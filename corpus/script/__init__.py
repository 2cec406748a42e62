"""Script normalization: convert Chinese text to one target script with the official OpenCC engine."""

from __future__ import annotations

from corpus.script.convert import Conversion, ScriptConverter, analyze, convert

__all__ = ["Conversion", "ScriptConverter", "analyze", "convert"]
