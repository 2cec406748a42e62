"""The Python API for cleaning text that is already in memory: one string, bytes, or a batch.

Files on disk go through :func:`corpus.clean_paths`; this module is for text that arrives some other
way (a database, a Hugging Face dataset, another pipeline). It runs the same :class:`~corpus.Pipeline`
the CLI runs, built once per process for a given :class:`~corpus.CleanConfig`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from corpus.config import CleanConfig
from corpus.document import Document, EncodingInfo, RawFile, Rejection, Source
from corpus.pipeline import pipeline_for
from corpus.provenance import JsonValue, document_meta


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one text: the cleaned document, or why it was rejected."""

    document: Document | None
    rejection: Rejection | None
    config_hash: str = ""
    """The content hash of the config that made it (``CleanConfig.content_hash``), for :meth:`meta`."""

    @property
    def ok(self) -> bool:
        return self.document is not None

    @property
    def text(self) -> str:
        """The cleaned text; empty when the text was rejected."""
        return self.document.text if self.document is not None else ""

    def meta(self, config: CleanConfig | None = None) -> dict[str, JsonValue]:
        """Provenance as written to JSONL output (plus ``rejected`` when there is no document).

        ``config_hash`` is the hash of ``config`` when one is given, else of the config the result
        was made with (it once fell back to the default config's, so a ``target="tw"`` result
        reported the hash of a Simplified run)."""
        if self.document is not None:
            if config is not None:
                config_hash = config.content_hash()
            else:
                config_hash = self.config_hash or CleanConfig().content_hash()
            return document_meta(self.document, config_hash)
        rejection = self.rejection
        return {
            "rejected": None
            if rejection is None
            else {"reason": rejection.reason, "detail": rejection.detail},
        }


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, as for files read from disk."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _result(outcome: Document | Rejection, config: CleanConfig) -> Result:
    if isinstance(outcome, Document):
        return Result(outcome, None, config.content_hash())
    return Result(None, outcome, config.content_hash())


def clean_text(text: str, config: CleanConfig | None = None, *, name: str = "<text>") -> Result:
    """Convert and strip one text (already decoded).

    >>> clean_text("本文由編輯整理。\\n正文內容。").text  # doctest: +SKIP
    '本文由编辑整理。\\n正文内容。'
    """
    effective = config or CleanConfig()
    pipeline = pipeline_for(effective)
    body = normalize_newlines(text)
    raw = text.encode("utf-8", "surrogatepass")
    document = Document(
        id=name,
        text=body,
        source=Source.of(name, raw),
        encoding=EncodingInfo("utf-8", 1.0, "given as text"),
        chars_in=len(body),
    )
    return _result(pipeline.finish(RawFile(name, raw), document, []), effective)


def clean_bytes(data: bytes, config: CleanConfig | None = None, *, name: str = "<bytes>") -> Result:
    """Detect the encoding of ``data``, then convert and strip it, exactly as for a file."""
    effective = config or CleanConfig()
    return _result(pipeline_for(effective).process(RawFile(name, data)), effective)


def clean_texts(texts: Iterable[str], config: CleanConfig | None = None) -> Iterator[Result]:
    """Clean many texts in order, lazily (for generators larger than memory)."""
    for index, text in enumerate(texts):
        yield clean_text(text, config, name=str(index))


class Cleaner:
    """A picklable batch function for ``datasets.Dataset.map(Cleaner(), batched=True)``.

    It holds only the config, so it can be sent to ``num_proc`` worker processes; each builds its own
    pipeline once. Rejected rows keep an empty ``text`` and their reason in the ``corpus_rejected``
    column (None on kept rows), because ``map`` must return one row per input row: filter them with
    ``.filter(lambda row: row["corpus_rejected"] is None)``.
    """

    def __init__(self, config: CleanConfig | None = None, column: str = "text") -> None:
        self.config = config or CleanConfig()
        self.column = column

    def __call__(self, batch: dict[str, list[object]]) -> dict[str, list[object]]:
        texts = batch[self.column]
        results = [clean_text(str(text), self.config) for text in texts]
        return {
            **batch,
            self.column: [result.text for result in results],
            "corpus_rejected": [
                result.rejection.reason if result.rejection is not None else None for result in results
            ],
        }
