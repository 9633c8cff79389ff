"""Typer's checks of plain option values, without pydantic (issue #16).

Typer (0.29, see uv.lock) checks every value with a pydantic TypeAdapter it builds on
first use; `check_plainly` gives a parameter a check that returns plain values as that
check would and hands everything else to it. It uses Typer internals (`_runtime_param`,
`typer._coercion`): `verbinding.cli.common` imports it only if they are there, and
tests/test_cli.py compares both checks value by value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

if TYPE_CHECKING:
    from typer._click import Context


def check_plainly(param: object) -> None:
    """Let `param` check plain values (a word, a path, a whole number) without pydantic.

    Typer checks every value with a pydantic TypeAdapter it builds on first use; importing
    pydantic's machinery and building the adapters of one command took a third of the
    time of `verbinding analyse` on a small file (issue #16). The values our commands
    mostly get need no such check: the check would hand them back unchanged.
    """
    if isinstance(param, _TyperParameter) and param._runtime_param is None:
        descriptor = param.type_descriptor
        param._runtime_param = _PlainFirst(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
        )


@dataclass(frozen=True)
class _PlainFirst(RuntimeParam):
    """Typer's check for one parameter, taking a short way where it gives the same value.

    Absent values (None) are handled before this by typer's own `RuntimeParam.coerce`;
    anything not plain here (lists, decimals from text, choices, files, an own parser)
    goes to typer's full check, built once, so its values and messages stay typer's.
    """

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        info = self.parameter_info
        annotation = self.annotation
        if info.parser is None and self.descriptor.file_annotation is None:
            if annotation is str and type(value) is str:
                return value  # typer's check: str(value), which is value itself
            if _is_path(annotation, info) and type(value) is str:
                # Typer's check turns the text into a Path (pydantic: Path(text)) and
                # then checks the path itself; the second part is typer's own function.
                return coerce_cli_path(
                    Path(value), info, path_type=Path, param=param, ctx=ctx
                )
            if annotation in (int, float) and type(value) is annotation and _in_range(
                value, info.min, info.max, info.clamp
            ):
                return value
        full = build_runtime_param(self.descriptor)
        param._runtime_param = full
        return full._coerce_value(value, param=param, ctx=ctx)


def _is_path(annotation: Any, info: Any) -> bool:
    return annotation is Path and info.path_type in (None, Path)


def _in_range(value: float, low: float | None, high: float | None, clamp: bool | None) -> bool:
    if clamp:
        return False
    return (low is None or value >= low) and (high is None or value <= high)
