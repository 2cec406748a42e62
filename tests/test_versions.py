"""Versions are read from the installed package metadata, on first use."""

from __future__ import annotations

from importlib import metadata

import pytest

import corpus
from corpus.versions import corpus_version, opencc_version


def test_the_package_version_is_the_installed_distributions() -> None:
    assert corpus.__version__ == corpus_version() == metadata.version("corpus-zh")


def test_the_engine_version_is_the_official_bindings() -> None:
    assert opencc_version() == metadata.version("opencc")


def test_an_unknown_attribute_of_the_package_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        corpus.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
