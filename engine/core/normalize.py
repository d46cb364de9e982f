"""Normalising the arguments of operations: axes, permutations, reshape targets and
indices, checked and put in one canonical form. The operations in
:mod:`engine.core.ops` trust what these return; a bad argument is an
``ArgumentError`` here, worded from the catalogue, never a numpy error later.

>>> normalize_axis(-1, 2), normalize_axes(None, 3), resolve_shape((2, -1), 6)
(1, (0, 1, 2), (2, 3))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.core.errors import ArgumentError
from engine.i18n import Message


def _as_int(value: Any, what: str) -> int:
    """``value`` as an int; ``what`` (a ``core.what.*`` key) names it in the error."""
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentError(Message("core.not_an_integer", what=Message(what), value=str(value)))
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise ArgumentError(Message("core.not_an_integer", what=Message(what), value=repr(value)))


def normalize_axis(axis: Any, ndim: int) -> int:
    """One axis, negative allowed, as a non-negative int (``-1`` of 2-D is 1)."""
    a = _as_int(axis, "core.what.axis")
    if not -ndim <= a < ndim:
        raise ArgumentError(Message("core.axis.out_of_range", axis=a, n=ndim))
    return a % ndim if ndim else 0


def normalize_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """None (all axes), an int or a list of ints, as a sorted tuple of distinct axes."""
    if axis is None:
        return tuple(range(ndim))
    items = axis if isinstance(axis, (list, tuple)) else (axis,)
    axes = tuple(sorted(normalize_axis(a, ndim) for a in items))
    if len(set(axes)) != len(axes):
        raise ArgumentError(Message("core.axis.twice", axes=list(items)))
    return axes


def normalize_permutation(axes: Any, ndim: int) -> tuple[int, ...]:
    if axes is None:
        return tuple(reversed(range(ndim)))
    perm = tuple(normalize_axis(a, ndim) for a in axes)
    if sorted(perm) != list(range(ndim)):
        raise ArgumentError(Message("core.transpose.axes", axes=list(axes), high=ndim - 1, n=ndim))
    return perm


def resolve_shape(shape: Sequence[Any], size: int) -> tuple[int, ...]:
    """A reshape target with at most one -1, resolved against ``size`` elements."""
    dims = [_as_int(d, "core.what.shape_entry") for d in shape]
    if dims.count(-1) > 1:
        raise ArgumentError(Message("core.reshape.two_unknowns"))
    if any(d < -1 for d in dims):
        raise ArgumentError(Message("core.reshape.negative", shape=tuple(dims)))
    known = math.prod(d for d in dims if d != -1)
    if -1 in dims:
        if known == 0 or size % known:
            raise ArgumentError(Message("core.reshape.size", n=size, shape=tuple(dims)))
        dims[dims.index(-1)] = size // known
    elif known != size:
        raise ArgumentError(Message("core.reshape.size", n=size, shape=tuple(dims)))
    return tuple(dims)


def normalize_index(index: Any, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """An index as a tuple of int / slice / Ellipsis / one 1-D integer array.

    Integers and list entries are checked against the axis they select, so a
    bad index is an ``ArgumentError`` here, never an IndexError later.
    """
    items = index if isinstance(index, tuple) else (index,)
    if sum(1 for it in items if it is Ellipsis) > 1:
        raise ArgumentError(Message("core.index.ellipses"))
    explicit = sum(1 for it in items if it is not Ellipsis)
    if explicit > len(shape):
        raise ArgumentError(Message("core.index.too_many", n=explicit, m=len(shape), shape=shape))
    out: list[Any] = []
    axis = 0
    lists = 0
    for it in items:
        if it is Ellipsis:
            out.append(Ellipsis)
            axis += len(shape) - explicit
            continue
        n = shape[axis]
        if isinstance(it, slice):
            out.append(it)
        elif isinstance(it, (list, np.ndarray)):
            lists += 1
            if lists > 1:
                raise ArgumentError(Message("core.index.lists"))
            array = np.asarray(it)
            if array.ndim != 1:
                raise ArgumentError(Message("core.index.flat"))
            entries = [_as_int(v, "core.what.index") for v in array.tolist()]
            for v in entries:
                if not -n <= v < n:
                    raise _index_out_of_range(v, axis, n)
            out.append(np.asarray(entries, dtype=np.intp))
        elif it is None:
            raise ArgumentError(Message("core.index.new_axis"))
        else:
            v = _as_int(it, "core.what.index")
            if not -n <= v < n:
                raise _index_out_of_range(v, axis, n)
            out.append(v)
        axis += 1
    return tuple(out)


def _index_out_of_range(index: int, axis: int, size: int) -> ArgumentError:
    return ArgumentError(Message("core.index.out_of_range", index=index, axis=axis, n=size))
