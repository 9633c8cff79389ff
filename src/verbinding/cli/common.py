"""What the commands share: Django set up for them, or one sentence and exit code 1; and
the command group class every `typer.Typer` here uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperGroup, TyperOption, _TyperParameter

if TYPE_CHECKING:
    # Typer's own copy of click, which its classes are built on.
    from typer._click import Command, Context


def django_or_exit() -> None:
    """Set Django up for a command; a broken content file or setting ends it with one
    sentence (exit code 1) instead of a traceback."""
    from verbinding.config import ConfigError
    from verbinding.content import ContentError
    from verbinding.server import setup_django

    try:
        setup_django()
    except (ContentError, ConfigError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


class Group(TyperGroup):
    """Typer's command group, with `--help` off by default.

    Typer gives its help option no default, so a command run without `--help` passes
    None through the option's type check, and that check is built with pydantic: importing
    it and building the check took longer than the rest of `verbinding instrument list`
    (issue #14: at most 0.3 s). False is what an absent flag means anyway; the value is a
    bool and typer skips the check. Used as `cls` of every `typer.Typer` here.
    """

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _off_by_default(super().get_help_option(ctx))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        # A group sets its own; a command's help option is made once and kept.
        if command is not None and not isinstance(command, Group):
            _off_by_default(command.get_help_option(ctx))
            for param in command.params:
                _check_plainly(param)
        return command


def _off_by_default(option: TyperOption | None) -> TyperOption | None:
    if option is not None and option.default is None:
        option.default = False
    return option


def _check_plainly(param: object) -> None:
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
