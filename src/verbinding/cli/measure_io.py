"""What the measure commands share (`measure` and `measure_work`): loading an instrument
by id or path, printing numbers and JSON, and failing with one clear sentence.

Light to import, like `measure`: numpy and the engine stay in `measure_work`.
"""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from verbinding.measure.instrument import Instrument, InstrumentError


def err_console() -> Console:
    # Imported here, not with the module: a run that prints no message needs no Rich.
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def fail(message: str) -> NoReturn:
    prefix = "" if message.startswith("Fout") else "Fout: "
    err_console().print(prefix + message, markup=False, soft_wrap=True)
    raise typer.Exit(code=1)


def fail_faults(error: InstrumentError) -> NoReturn:
    console = err_console()
    count = len(error.faults)
    noun = "fout" if count == 1 else "fouten"
    console.print(
        f"[bold red]Fout:[/] de vragenlijst is ongeldig ({count} {noun}):", soft_wrap=True
    )
    for fault in error.faults:
        console.print(f"  {fault}", markup=False, soft_wrap=True)
    raise typer.Exit(code=1)


def load_instrument(name: str) -> Instrument:
    from verbinding.config import instruments_dir
    from verbinding.measure.instrument import (
        InstrumentError,
        UnknownInstrumentError,
        get_instrument,
    )

    try:
        # An id means what it means in the app: the current version (an installed one
        # in VERBINDING_DATA_DIR/instruments/ wins over the built-in).
        return get_instrument(name, instruments_dir())
    except InstrumentError as exc:
        fail_faults(exc)
    except UnknownInstrumentError as exc:
        fail(str(exc))


def num(value: float | None, digits: int = 3) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
