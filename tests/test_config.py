"""CleanConfig is the single, validated, hashable source of defaults."""

from __future__ import annotations

import pytest

from corpus.config import CleanConfig, config_from_settings
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


@pytest.mark.parametrize("jobs", [0, -2, "4", True], ids=["zero", "negative", "string", "bool"])
def test_a_settings_file_refuses_jobs_that_the_flag_refuses(jobs: object) -> None:
    """``jobs = 0`` in corpus.toml was read as "all" while ``--jobs 0`` is a usage error."""
    with pytest.raises(UsageError, match="jobs"):
        config_from_settings({"jobs": jobs})


def test_a_settings_file_takes_all_or_a_positive_number_of_jobs() -> None:
    assert config_from_settings({"jobs": "all"}).jobs is None
    assert config_from_settings({"jobs": 3}).jobs == 3
