"""CleanConfig is the single, validated, hashable source of defaults."""

from __future__ import annotations

import pytest

from corpus.config import CleanConfig
from corpus.errors import UsageError


def test_default_target_is_simplified_with_conversion_and_stripping_on() -> None:
    config = CleanConfig()
    assert (config.target, config.convert, config.strip) == ("s", True, True)


@pytest.mark.parametrize(
    "changes",
    [{"target": "jp"}, {"output_format": "xml"}, {"jobs": 0}],
    ids=["unknown-target", "unknown-format", "zero-jobs"],
)
def test_invalid_settings_are_usage_errors(changes: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        CleanConfig(**changes)  # type: ignore[arg-type]


def test_config_is_hashable_so_workers_can_cache_pipelines_by_it() -> None:
    assert hash(CleanConfig(keep_categories=frozenset({"byline"}))) == hash(
        CleanConfig(keep_categories=frozenset({"byline"}))
    )


def test_content_hash_ignores_settings_that_do_not_change_text() -> None:
    assert CleanConfig(jobs=1).content_hash() == CleanConfig(jobs=8, output_format="jsonl").content_hash()
    assert CleanConfig(target="s").content_hash() != CleanConfig(target="tw").content_hash()
