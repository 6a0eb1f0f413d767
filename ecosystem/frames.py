"""Pandas frames from the recorder's rows, built column by column with their dtypes declared.

`pandas.DataFrame.from_records` (or a dict of lists) infers each column's dtype by scanning its
Python objects, which costs several milliseconds a run for the agents frame. Here each column's
kind is declared once (`INT`, `FLOAT`, `TEXT`, `FLAG`, `MONTH`) and its array built directly; the
result is the frame pandas would infer (same dtypes, same values: `tests/test_frames.py` compares
the two), only cheaper. Empty inputs fall back to pandas, which then gives object columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Whole numbers in every row: int64.
INT = "int"
#: Numbers, with None where a column does not apply: float64 (None → NaN); a column of None
#: only is object, as pandas infers it.
FLOAT = "float"
#: Text in every row: pandas' string dtype.
TEXT = "str"
#: True/False, with None where a column does not apply: object (as pandas infers for that mix).
FLAG = "flag"
#: A month number or None (not reached): pandas' nullable Int64.
MONTH = "Int64"


def column(values: Sequence[Any], kind: str) -> Any:
    """One column's array from its values, of the dtype pandas would infer for ``kind``.

    Raises:
        ValueError: ``kind`` is not one of the kinds above.
    """
    if kind == FLOAT:
        out = np.array(values, dtype=np.float64)
        if np.isnan(out).all() and all(v is None for v in values):
            return _objects(values)
        return out
    if kind == INT:
        return np.array(values, dtype=np.int64)
    if kind == TEXT:
        return pd.array(values, dtype="str")
    if kind == FLAG:
        return _objects(values)
    if kind == MONTH:
        return pd.array(values, dtype="Int64")
    raise ValueError(f"unknown column kind {kind!r}")


def _objects(values: Sequence[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def rows_frame(
    rows: Sequence[tuple[Any, ...]], columns: Sequence[str], kinds: Sequence[str]
) -> pd.DataFrame:
    """A frame from row tuples whose ``i``-th value belongs to ``columns[i]`` of ``kinds[i]``."""
    if not rows:
        return pd.DataFrame.from_records(list(rows), columns=list(columns))
    return columns_frame(dict(zip(columns, zip(*rows, strict=True), strict=True)), kinds)


def columns_frame(data: Mapping[str, Sequence[Any]], kinds: Sequence[str]) -> pd.DataFrame:
    """A frame from ``{column: values}`` (in order), each column of its kind in ``kinds``."""
    arrays = {
        name: column(values, kind) for (name, values), kind in zip(data.items(), kinds, strict=True)
    }
    return pd.DataFrame(arrays, copy=False)
