"""Spark schemas of sitrep's records, derived from their dataclasses, so a
field added to ``Event`` or ``Statistic`` reaches the Parquet output without
a second definition here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

from pyspark.sql import types as st

from sitrep.records import Event, Statistic

_SCALARS: dict[Any, st.DataType] = {
    str: st.StringType(),
    int: st.LongType(),
    float: st.DoubleType(),
    bool: st.BooleanType(),
    dt.date: st.DateType(),
}


def _spark_type(hint: Any) -> st.DataType:
    if typing.get_origin(hint) in {typing.Union, types.UnionType}:
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _spark_type(inner)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return st.ArrayType(_spark_type(item))
    if dataclasses.is_dataclass(hint):
        return record_schema(hint)  # type: ignore[arg-type]
    return _SCALARS[hint]


def record_schema(cls: type[Any]) -> st.StructType:
    """The Spark struct of a record dataclass (field order kept)."""
    hints = typing.get_type_hints(cls)
    return st.StructType(
        [st.StructField(f.name, _spark_type(hints[f.name])) for f in dataclasses.fields(cls)]
    )


def event_schema() -> st.StructType:
    """Columns of the events table: ``Event``'s fields."""
    return record_schema(Event)


def statistic_schema() -> st.StructType:
    """Columns of the statistics table: ``Statistic``'s fields."""
    return record_schema(Statistic)


def rejected_schema() -> st.StructType:
    """Columns of the rejected-items table."""
    return st.StructType(
        [
            st.StructField("item", st.StringType()),
            st.StructField("code", st.StringType()),
            st.StructField("reason", st.StringType()),
        ]
    )
