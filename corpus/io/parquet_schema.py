"""The Parquet layout: a fixed Arrow schema for ``text`` + ``meta``, so every shard has the same schema.

Letting Arrow infer the schema from each shard would give a shard with no removals a ``list<null>`` column
and another a ``list<struct>`` one, and ``datasets.load_dataset("parquet")`` refuses to concatenate them.
pyarrow is imported lazily: it is the ``parquet`` extra, not a core dependency.
"""

from __future__ import annotations

from typing import IO, Any

from corpus.errors import EngineError


def require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise EngineError("the parquet format needs pyarrow", "pip install 'corpus-zh[parquet]'") from None


def schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("text", pa.string()),
            (
                "meta",
                pa.struct(
                    [
                        ("schema", pa.int32()),
                        ("id", pa.string()),
                        (
                            "source",
                            pa.struct(
                                [
                                    ("path", pa.string()),
                                    ("size", pa.int64()),
                                    ("sha256", pa.string()),
                                    ("part", pa.int64()),
                                    ("parts", pa.int64()),
                                    ("offset", pa.int64()),
                                ]
                            ),
                        ),
                        (
                            "encoding",
                            pa.struct(
                                [
                                    ("name", pa.string()),
                                    ("confidence", pa.float64()),
                                    ("reason", pa.string()),
                                    ("repair", pa.string()),
                                    ("replaced", pa.int64()),
                                ]
                            ),
                        ),
                        (
                            "script",
                            pa.struct(
                                [
                                    ("verdict", pa.string()),
                                    ("region", pa.string()),
                                    ("configs", pa.list_(pa.string())),
                                    ("changed_chars", pa.int64()),
                                    ("target", pa.string()),
                                ]
                            ),
                        ),
                        (
                            "removed",
                            pa.list_(
                                pa.struct(
                                    [
                                        ("start", pa.int64()),
                                        ("end", pa.int64()),
                                        ("rule", pa.string()),
                                        ("category", pa.string()),
                                        ("text", pa.string()),
                                    ]
                                )
                            ),
                        ),
                        ("chars", pa.struct([("in", pa.int64()), ("out", pa.int64())])),
                        ("versions", pa.struct([("corpus", pa.string()), ("opencc", pa.string())])),
                        ("config_hash", pa.string()),
                    ]
                ),
            ),
        ]
    )


def write_parquet(rows: list[dict[str, object]], sink: IO[bytes]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=schema())
    pq.write_table(table, sink, compression="zstd")
