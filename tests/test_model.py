"""The stage records built by `record`'s own __init__: the same arguments, defaults and values as a dataclass's."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from datetime import date

import pytest

from analyzer import model
from analyzer.extract import Extraction
from analyzer.extract.base import Member, Note
from analyzer.model import (
    AnalyzedComment,
    BatchResult,
    Comment,
    FileEvent,
    FileRow,
    Finding,
    Pair,
    RelayText,
    Segment,
    Span,
    quick_init,
    record,
)
from analyzer.run.cache import pack, unpack

RECORDS = [
    value
    for value in vars(model).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == model.__name__
] + [Note, Member, Extraction]


def _reference(cls: type) -> type:
    """The same fields as a plain frozen, slotted dataclass: what the generated __init__ does."""
    fields = [
        (f.name, f.type, dataclasses.field(default=f.default, default_factory=f.default_factory))
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_record_takes_the_arguments_of_its_dataclass(cls):
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    assert "_set0" in cls.__init__.__code__.co_freevars  # the quick one, not the dataclass's
    assert str(inspect.signature(cls)) == str(inspect.signature(_reference(cls)))


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_record_holds_what_its_dataclass_would(cls):
    reference = _reference(cls)
    fields = dataclasses.fields(cls)
    required = [f for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    values = [f"value {i}" for i in range(len(fields))]  # the records do not check types
    for given in (values, values[: len(required)]):
        ours, theirs = cls(*given), reference(*given)
        assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
        by_name = cls(**{f.name: v for f, v in zip(fields, given)})
        assert by_name == ours
    with pytest.raises(TypeError):
        cls(*values, "one too many")
    if required:
        with pytest.raises(TypeError, match="missing"):
            cls()


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_record_pickles_as_its_class_and_field_values(cls):
    fields = dataclasses.fields(cls)
    values = tuple(f"value {i}" for i in range(len(fields)))
    ours = cls(*values)
    assert pickle.loads(pickle.dumps(ours)) == ours
    if len(fields) > 1:  # built again by the same __init__, from the values in field order
        assert ours.__reduce__() == (cls, values)


def test_default_factories_give_each_record_its_own_value():
    span = Span("c1", "zh", 0, 2, "你好")
    first, second = Pair(span, span, 0.9, "note"), Pair(span, span, 0.9, "note")
    assert first.evidence == {} and first.evidence is not second.evidence
    given = {"glossary": ["你好"]}
    assert Pair(span, span, 0.9, "note", given).evidence is given
    assert Finding("f1", "rule", "low", 0.5, "a.txt", None, None, "m").evidence == {}


def test_records_stay_frozen_and_cross_processes():
    comment = Comment("c1", "ep01/c001/note.txt", None, "line 1", "第31帧手太小了", line=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        comment.text = "changed"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(comment)) == comment
    assert dataclasses.replace(comment, text="改").text == "改"
    segments = (Segment(0, 7, "zh", "Han", 0.99, "Hans"),)
    result = BatchResult(
        (FileRow("ep01/c001/note.txt", None, "text", "ok", comments=1, size=40, mtime=1.5),),
        (AnalyzedComment(comment, segments),),
        (Finding("f1", "relay.zh-ko-pair", "medium", 0.8, "ep01/c001/note.txt", None, "line 1", "m", {"k": 1}),),
        events=(FileEvent("a", None, date(2024, 1, 1), "mtime", "other", (), 0, 0, (RelayText("中", "한", 0.9),)),),
    )
    assert unpack(pack(result)) == result


def test_a_class_the_quick_init_cannot_serve_keeps_its_own():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        size: int

        def __post_init__(self) -> None:
            if self.size < 0:
                raise ValueError("negative")

    own = Checked.__init__
    assert quick_init(Checked).__init__ is own
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)

    @record
    class KeywordOnly:
        name: str
        size: int = dataclasses.field(default=0, kw_only=True)

    assert KeywordOnly("a", size=2).size == 2
    assert "_set0" not in KeywordOnly.__init__.__code__.co_freevars
