"""Document records: immutable, evolved by copy, and their events replay to the output."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.document import (
    Document,
    EncodingInfo,
    Event,
    Rejection,
    ScriptInfo,
    Source,
    apply_events,
    initialized_through_slots,
    replay,
)


def make_document(text: str = "原文") -> Document:
    return Document(id="a.txt", text=text, source=Source.of("a.txt", text.encode()), chars_in=len(text))


def test_source_records_size_and_sha256_of_the_raw_bytes() -> None:
    source = Source.of("x.txt", b"abc")
    assert source.size == 3
    assert source.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_documents_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        make_document().text = "changed"  # type: ignore[misc]


def test_records_come_back_equal_from_a_pickle_and_still_frozen() -> None:
    source = Source("big.txt", 10, "ab", part=2, parts=3, offset=7)
    document = Document(
        "big.txt#2",
        "乙",
        source,
        EncodingInfo("big5", 0.9, "ranked", repair=None, replaced=1),
        ScriptInfo("hant", "tw", ("tw2s",), 1, "s"),
        (Event("strip", "removed", 0, 1, "", "byline.x", "byline", "甲"),),
        2,
    )
    rejection = Rejection("c.bin", "binary", "NUL bytes", 4, "cd")
    for record in (source, document, rejection):
        restored = pickle.loads(pickle.dumps(record))
        assert restored == record and type(restored) is type(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pickle.loads(pickle.dumps(document)).text = "changed"


def test_evolve_returns_a_copy_with_events_appended() -> None:
    original = make_document("甲乙")
    event = Event("strip", "removed", 0, 1, excerpt="甲")
    changed = original.evolve("乙", [event])
    assert original.text == "甲乙" and original.events == ()
    assert changed.text == "乙" and changed.events == (event,)
    assert changed.source == original.source


def test_apply_events_replaces_spans_right_to_left_regardless_of_order() -> None:
    events = [
        Event("convert", "converted", 4, 6, replacement="发布"),
        Event("convert", "converted", 0, 2, replacement="这个"),
    ]
    assert apply_events("這個產品發佈了", events[:1] + events[1:]) == "这个產品发布了"


def test_apply_events_refuses_overlapping_spans() -> None:
    events = [Event("strip", "removed", 0, 3), Event("strip", "removed", 2, 4)]
    with pytest.raises(ValueError, match="overlapping"):
        apply_events("abcdef", events)


def test_replay_runs_each_step_over_the_previous_steps_output() -> None:
    events = (
        Event("convert", "converted", 0, 1, replacement="发"),
        Event("strip", "removed", 1, 5, rule="pinyin.ruby-residue"),
    )
    assert replay("發(fā)布", events) == "发布"


def generated_event_class() -> Any:
    """Event's fields as a plain frozen slots dataclass, whose ``__init__`` is the one dataclass writes."""
    defaults = {
        field.name: field.default
        for field in dataclasses.fields(Event)
        if field.default is not dataclasses.MISSING
    }
    namespace = {"__annotations__": dict(Event.__annotations__), **defaults}
    return dataclasses.dataclass(frozen=True, slots=True)(type("Event", (), namespace))


GeneratedEvent = generated_event_class()
FIELD_NAMES = [field.name for field in dataclasses.fields(Event)]


def field_values(record: object) -> tuple[object, ...]:
    return tuple(getattr(record, name) for name in FIELD_NAMES)


def test_event_init_takes_the_parameters_the_dataclass_init_would() -> None:
    assert inspect.signature(Event) == inspect.signature(GeneratedEvent)
    assert Event.__init__.__qualname__ == "Event.__init__"


@given(
    positional=st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none()), max_size=10),
    keywords=st.dictionaries(
        st.sampled_from([*FIELD_NAMES, "unknown"]),
        st.one_of(st.text(max_size=3), st.integers(), st.none()),
    ),
)
def test_event_init_binds_arguments_and_defaults_like_the_dataclass_init(
    positional: list[Any], keywords: dict[str, Any]
) -> None:
    """Any mix of positional and keyword arguments, missing, repeated or unknown ones included, gives
    the same fields as the generated ``__init__``, or a TypeError from both."""
    try:
        expected = field_values(GeneratedEvent(*positional, **keywords))
    except TypeError:
        with pytest.raises(TypeError):
            Event(*positional, **keywords)
        return
    assert field_values(Event(*positional, **keywords)) == expected


def test_an_event_equals_hashes_and_prints_as_the_dataclass_twin_with_its_init_does() -> None:
    """Only __init__ is replaced: equality, hash and repr are the dataclass's, over the same fields."""
    arguments: tuple[Any, ...] = ("convert", "converted", 1, 3, "发布", None, "script", "發佈")
    event, twin = Event(*arguments), GeneratedEvent(*arguments)
    assert field_values(event) == field_values(twin)
    assert repr(event) == repr(twin) and hash(event) == hash(twin)
    assert Event.__match_args__ == GeneratedEvent.__match_args__


def test_events_stay_frozen_equal_hashable_replaceable_and_picklable() -> None:
    event = Event("convert", "converted", 1, 3, "发布", excerpt="發佈")
    same = Event("convert", "converted", 1, 3, "发布", None, None, "發佈")
    assert event == same and hash(event) == hash(same) and repr(event) == repr(same)
    assert event != Event("convert", "converted", 1, 3, "发布")
    for name in FIELD_NAMES:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(event, name, None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(event, name)
    moved = dataclasses.replace(event, start=0)
    assert moved == Event("convert", "converted", 0, 3, "发布", excerpt="發佈")
    assert pickle.loads(pickle.dumps(event)) == event
    assert copy.copy(event) == event and copy.deepcopy(event) == event


@pytest.mark.parametrize(
    "field",
    [
        dataclasses.field(default_factory=list),
        dataclasses.field(default=0, kw_only=True),
        dataclasses.field(default=0, init=False),
    ],
    ids=["default-factory", "keyword-only", "not-in-init"],
)
def test_slot_setting_init_refuses_fields_it_would_not_write_as_the_dataclass_does(
    field: Any,
) -> None:
    record = dataclasses.make_dataclass(
        "Record", [("name", str), ("extra", int, field)], frozen=True, slots=True
    )
    with pytest.raises(TypeError, match="extra"):
        initialized_through_slots(record)


def test_slot_setting_init_refuses_a_record_with_post_init() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="__post_init__"):
        initialized_through_slots(Checked)


@dataclasses.dataclass(frozen=True, slots=True)
class _SlottedBase:
    inherited: int


@dataclasses.dataclass(frozen=True, slots=True)
class _SlottedChild(_SlottedBase):
    own: int = 0


@dataclasses.dataclass(frozen=True)
class _Unslotted:
    value: int


@dataclasses.dataclass(frozen=True, slots=True)
class _WithInitVar:
    value: int
    scale: dataclasses.InitVar[int] = 1


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_SlottedChild, "inherited: not a slot"),
        (_Unslotted, "value: not a slot"),
        (_WithInitVar, "other parameters"),
    ],
    ids=["inherited-field", "no-slots", "init-var"],
)
def test_slot_setting_init_refuses_a_record_whose_init_it_would_write_otherwise(
    record: type, message: str
) -> None:
    """A field set through an inherited slot, a class without slots (no member descriptor at all)
    and an InitVar (an __init__ parameter that is no field) are refused, not written wrongly."""
    with pytest.raises(TypeError, match=message):
        initialized_through_slots(record)


RECORD_SHAPES: dict[str, list[Any]] = {
    "no_defaults": [("a", int), ("b", str)],
    "all_defaults": [("a", int, dataclasses.field(default=1)), ("b", str, dataclasses.field(default="x"))],
    "field_named_self": [("self", int), ("other", int, dataclasses.field(default=2))],
}


def record_class(name: str, shape: list[Any]) -> Any:
    """A frozen slots dataclass of ``shape`` named ``name`` in this module (where pickle finds the
    decorated ones, kept below)."""
    record = dataclasses.make_dataclass(name, shape, frozen=True, slots=True)
    record.__module__ = __name__
    return record


for _shape_name, _shape in RECORD_SHAPES.items():
    globals()[_shape_name] = initialized_through_slots(record_class(_shape_name, _shape))


@pytest.mark.parametrize("name", RECORD_SHAPES, ids=list(RECORD_SHAPES))
def test_a_slot_set_record_binds_compares_and_copies_as_its_dataclass_twin(name: str) -> None:
    """For any record it accepts, the written __init__ takes the dataclass's parameters (a field
    named self included, which dataclass writes as __dataclass_self__) and binds them alike; the
    record compares, hashes, prints, replaces, pickles and copies as the undecorated twin does."""
    record, twin = globals()[name], record_class(name, RECORD_SHAPES[name])
    assert inspect.signature(record) == inspect.signature(twin)
    names = [field.name for field in dataclasses.fields(twin)]
    values = [7, 8]
    built, expected = record(*values), twin(*values)
    assert [getattr(built, each) for each in names] == [getattr(expected, each) for each in names]
    assert repr(built) == repr(expected) and hash(built) == hash(expected)
    assert built == record(**dict(zip(names, values, strict=True)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, names[0], 0)
    assert getattr(dataclasses.replace(built, **{names[1]: 9}), names[1]) == 9
    assert pickle.loads(pickle.dumps(built)) == built
    assert copy.copy(built) == built and copy.deepcopy(built) == built
