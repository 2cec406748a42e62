"""Immutable records that flow through a run: RawFile in, Document or Rejection out.

A :class:`Document` is never edited in place. A step returns a new one through :meth:`Document.evolve`,
adding the :class:`Event` records that say what it did. Because every change is an event with a span in
the text the step received, the events can be replayed against the input to reproduce the output
(:func:`replay`), the way ftfy replays its fix plan.
"""

from __future__ import annotations

import hashlib
import inspect
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from types import MemberDescriptorType
from typing import Literal, TypeVar

Action = Literal["decoded", "repaired", "converted", "removed", "normalized"]
"""What an event did. ``decoded``/``repaired`` come from the encoding step, ``converted``/``normalized``
from script conversion, ``removed`` from boilerplate stripping."""

RejectReason = Literal[
    "binary",
    "undecidable-encoding",
    "unsupported-encoding",
    "empty",
    "empty-after-cleaning",
    "unreadable",
    "outside-root",
    "invalid-record",
    "too-large",
    "internal-error",
]

Record = TypeVar("Record", bound=type)


def pickled_by_fields(cls: Record) -> Record:
    """Pickle a frozen slots dataclass as its class and its field values, in order.

    Records cross process boundaries by the thousand (every result of a worker), and the state methods
    that ``dataclass(slots=True)`` adds look the fields up with :func:`dataclasses.fields` on every
    call: on the 20 MB bench corpus pickling a batch's results cost 14.5 µs per document and unpickling
    17.5, of which those lookups were the larger part. Apply it above ``@dataclass``; every field must
    be an ``__init__`` argument, in declaration order (true of every record here).
    """
    values: Callable[[object], tuple[object, ...]] = operator.attrgetter(*cls.__dict__["__slots__"])

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment]
    return cls


def initialized_through_slots(cls: Record) -> Record:
    """Replace a frozen slots dataclass's ``__init__`` by one that sets each slot through its descriptor.

    The ``__init__`` that ``dataclass(frozen=True)`` writes assigns every field with
    ``object.__setattr__(self, name, value)``, a general attribute lookup by name per field, to get past
    the frozen ``__setattr__``. Setting the slot through the class's own member descriptor does the same
    store without the lookup, and the instance stays frozen (``__setattr__`` still refuses). Events are
    built by the ten thousand per megabyte of Traditional text (24,106 for the 543 Traditional
    documents of the 20 MB bench corpus): 956 -> 607 ns a construction with a keyword argument,
    866 -> 529 positionally (timeit, best of 7). The new ``__init__`` is written from
    :func:`dataclasses.fields` with the same parameters, order and defaults, so the field list stays
    written once, and everything else the dataclass wrote (equality, hash, repr, ``__match_args__``)
    is kept. Apply it right above ``@dataclass``. A class this writer does not handle raises
    ``TypeError``: fields with a default factory, keyword-only or non-``__init__`` fields, a field
    whose slot is not the class's own (no ``slots=True``, or inherited), ``__post_init__``, and any
    other difference from the dataclass's own ``__init__`` signature (an ``InitVar``).
    """
    record_fields = fields(cls)
    self_name = "__dataclass_self__" if any(each.name == "self" for each in record_fields) else "self"
    parameters: list[str] = []
    setters: list[str] = []
    # The helpers' names (__set_0, __default_0) cannot be a field's: the compiler mangles a name
    # written with two leading underscores in a class body, so such a field's name is never one of
    # these.
    namespace: dict[str, object] = {}
    for index, record_field in enumerate(record_fields):
        name = record_field.name
        if not record_field.init or record_field.kw_only or record_field.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{name}: only plain positional fields are supported")
        slot = cls.__dict__.get(name)
        if not isinstance(slot, MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{name}: not a slot of the class itself (slots=True)")
        namespace[f"__set_{index}"] = slot.__set__
        setters.append(f"    __set_{index}({self_name}, {name})\n")
        if record_field.default is MISSING:
            parameters.append(name)
        else:
            namespace[f"__default_{index}"] = record_field.default
            parameters.append(f"{name}=__default_{index}")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: __post_init__ is not supported")
    exec(f"def __init__({self_name}, {', '.join(parameters)}):\n{''.join(setters)}", namespace)
    generated = cls.__dict__["__init__"]
    init = namespace["__init__"]
    init.__annotations__ = generated.__annotations__
    init.__qualname__ = generated.__qualname__  # type: ignore[attr-defined]
    init.__module__ = generated.__module__
    if inspect.signature(init) != inspect.signature(generated):  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__}: its dataclass __init__ takes other parameters than its fields")
    cls.__init__ = init  # type: ignore[misc]
    return cls


@pickled_by_fields
@initialized_through_slots
@dataclass(frozen=True, slots=True)
class Event:
    """One thing a step did to the text it received.

    ``start``/``end`` index the text *as the step received it*; ``replacement`` is what now stands there
    (``""`` for a removal). Events of one step never overlap, so they can be applied right to left.
    """

    step: str
    action: Action
    start: int
    end: int
    replacement: str = ""
    rule: str | None = None
    category: str | None = None
    excerpt: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from: path relative to its input root, and the raw bytes' size and hash."""

    path: str
    size: int
    sha256: str
    part: int | None = None
    """For a chunk of a large file: its index (from 0); size and sha256 are then the whole file's."""
    parts: int = 1
    offset: int = 0
    """Byte offset of the chunk in the file."""

    @classmethod
    def of(cls, path: str, data: bytes) -> Source:
        return cls(path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest())


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class EncodingInfo:
    """What the encoding step decided for a document."""

    encoding: str
    confidence: float
    reason: str = ""
    repair: str | None = None
    replaced: int = 0


@pickled_by_fields
@initialized_through_slots  # one per document
@dataclass(frozen=True, slots=True)
class ScriptInfo:
    """What the script step decided: the document's verdict, inferred region and the configs it used."""

    verdict: str
    region: str | None
    configs: tuple[str, ...]
    changed_chars: int
    target: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawFile:
    """Bytes read from one input, with the path relative to its root (``-`` for stdin)."""

    path: str
    data: bytes


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Document:
    """One document: its current text, where it came from, and the events of every step so far."""

    id: str
    text: str
    source: Source
    encoding: EncodingInfo | None = None
    script: ScriptInfo | None = None
    events: tuple[Event, ...] = field(default_factory=tuple)
    chars_in: int = 0

    def evolve(
        self,
        text: str,
        events: Iterable[Event] = (),
        *,
        encoding: EncodingInfo | None = None,
        script: ScriptInfo | None = None,
    ) -> Document:
        """Return a copy with new text, ``events`` appended, and optionally new step verdicts.

        Built directly rather than with :func:`dataclasses.replace`, which looks up every field by
        name first: this runs once per step per document."""
        return Document(
            self.id,
            text,
            self.source,
            encoding if encoding is not None else self.encoding,
            script if script is not None else self.script,
            self.events + tuple(events),
            self.chars_in,
        )

    def events_of(self, step: str) -> tuple[Event, ...]:
        return tuple(event for event in self.events if event.step == step)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become a document, and why. Every input ends up a Document or a Rejection."""

    path: str
    reason: RejectReason
    detail: str
    size: int = 0
    sha256: str = ""


Outcome = Document | Rejection


def apply_events(text: str, events: Sequence[Event]) -> str:
    """Apply one step's non-overlapping events to the text that step received.

    >>> apply_events("ab(x)cd", [Event("strip", "removed", 2, 5)])
    'abcd'
    """
    ordered = sorted(events, key=lambda event: event.start)
    pieces: list[str] = []
    cursor = 0
    for event in ordered:
        if event.start < cursor:
            raise ValueError(f"overlapping events at {event.start}")
        pieces.append(text[cursor : event.start])
        pieces.append(event.replacement)
        cursor = event.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def replay(text: str, events: Sequence[Event]) -> str:
    """Replay a document's whole event log, step by step, starting from its decoded text."""
    steps: list[str] = []
    for event in events:
        if not steps or steps[-1] != event.step:
            steps.append(event.step)
    for step in steps:
        text = apply_events(text, [event for event in events if event.step == step])
    return text
