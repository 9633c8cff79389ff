"""Instruments (questionnaires) as data: the YAML format, its validation and loading.

An instrument file is parsed with line numbers kept (see `verbinding.yamlfile`), validated into the
pydantic models below (unknown keys are refused), and then cross-checked (every scale item
exists, ids unique, labels inside the response scale, ...). Every fault becomes one
`Fault` naming file, line and field; all faults of a file are raised together in one
`InstrumentError`. The format is documented in docs/measurement.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from verbinding.i18n import text_in
from verbinding.measure.discovery import (
    BUILTIN_DIR,
    current_versions,
    instrument_paths,
    newest,
)
from verbinding.yamlfile import Loc, YamlReadError, line_for, load_yaml_with_lines

Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Text = Annotated[str, Field(min_length=1)]
LangText = Annotated[dict[Lang, Text], Field(min_length=1)]
Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Confidence = Annotated[float, Field(gt=0.0, lt=1.0)]
Rank = Annotated[float, Field(ge=0.0, le=100.0)]

#: Scale ids whose high score means more difficulty; used when a scale does not say
#: `higher_is_better` itself. Everything else counts as "higher is better".
LOWER_IS_BETTER_IDS = frozenset(
    {"vermijdend", "angstig", "chaotisch", "angst", "vermijding", "desorganisatie"}
)

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResponseScale(_Model):
    """The answer options: whole numbers from `min` to `max`, optionally labelled."""

    min: int
    max: int
    labels: dict[Lang, dict[int, Text]] | None = None

    @model_validator(mode="after")
    def _max_above_min(self) -> ResponseScale:
        if self.max <= self.min:
            raise ValueError("max moet groter zijn dan min (max must exceed min)")
        return self

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2.0


class Reliability(_Model):
    """Reliability and reference SD of a scale score, used for SEM and reliable change."""

    coefficient: Annotated[float, Field(gt=0.0, lt=1.0)]
    sd: Annotated[float, Field(gt=0.0)]
    provenance: LangText

    @property
    def sem(self) -> float:
        """Standard error of measurement, sd * sqrt(1 - r), in scale-mean units."""
        return float(self.sd * (1.0 - self.coefficient) ** 0.5)


#: Percentiles every norms block must give (more are allowed, 1–99).
REQUIRED_PERCENTILES = (5, 10, 25, 50, 75, 90, 95)


class NormsProvenance(_Model):
    """Where norms come from: how many people, when, who they were, and what made them."""

    n: Annotated[int, Field(gt=0)]
    period: Text
    population: Text
    command: Text


class Norms(_Model):
    """Norms of a scale score from one group of respondents (see docs/measurement.md).

    `percentiles` maps a percentile (1–99) to the score at it (R's `quantile(type = 7)`);
    `table` lists `[score, percentile rank]` for every score a complete respondent can get,
    the look-up table `percentile_of()` interpolates in.
    """

    mean: float
    sd: Annotated[float, Field(gt=0.0)]
    percentiles: dict[Annotated[int, Field(ge=1, le=99)], float]
    table: Annotated[list[tuple[float, Rank]], Field(min_length=2)]
    provenance: NormsProvenance

    @model_validator(mode="after")
    def _ordered(self) -> Norms:
        absent = [p for p in REQUIRED_PERCENTILES if p not in self.percentiles]
        if absent:
            listed = ", ".join(str(p) for p in absent)
            raise ValueError(f"percentielen ontbreken: {listed} (required percentiles missing)")
        values = [self.percentiles[p] for p in sorted(self.percentiles)]
        if any(b < a for a, b in pairwise(values)):
            raise ValueError("percentielen moeten oplopen (percentiles must not decrease)")
        scores = [row[0] for row in self.table]
        ranks = [row[1] for row in self.table]
        if any(b <= a for a, b in pairwise(scores)):
            raise ValueError("scores in table moeten strikt oplopen (table scores must increase)")
        if any(b < a for a, b in pairwise(ranks)):
            raise ValueError("rangen in table mogen niet dalen (table ranks must not decrease)")
        return self


class Scale(_Model):
    id: Ident
    title: LangText
    items: Annotated[list[ItemId], Field(min_length=1)]
    reliability: Reliability | None = None
    norms: Norms | None = None
    higher_is_better: bool | None = None


class Target(_Model):
    """One relationship an instrument is asked about. The file is the only place that
    names it: its wording in the items, its labels, its order (file order) and whether
    a person may leave it out or mark it "niet van toepassing"."""

    id: Ident
    phrase: LangText  # fills {doel} in the item texts ("mijn moeder")
    label: LangText  # short, for tables and charts ("Moeder"); a named target shows the name
    about: LangText  # after "met" / "over" in headings and results ("je moeder", "{naam}")
    choice: LangText | None = None  # on the start form, if not the label
    optional: bool = False  # False: always asked; True: the person chooses it
    not_applicable: bool = False  # may be marked "niet van toepassing / geen contact"
    named: bool = False


class ProfileRule(_Model):
    """A profile over all scales; a dominant scale only when it clearly tops the next."""

    kind: Literal["profile"]
    confidence: Confidence = 0.90
    acquiescence_threshold: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5


class QuadrantRule(_Model):
    """The anxiety × avoidance plane, split at `cut` (default: response-scale midpoint)."""

    kind: Literal["quadrant"]
    anxiety: Ident
    avoidance: Ident
    disorganisation: Ident | None = None
    cut: float | None = None
    confidence: Confidence = 0.90


Classification = Annotated[ProfileRule | QuadrantRule, Field(discriminator="kind")]


class Item(_Model):
    id: ItemId
    text: LangText
    reverse: bool = False
    source: Text | LangText | None = None


class Instrument(_Model):
    """A validated questionnaire definition. Build it with `load_instrument()`."""

    id: Ident
    version: Text
    title: LangText
    description: LangText | None = None
    own: bool = False
    response_scale: ResponseScale
    missing_codes: list[float] = Field(default_factory=list)
    min_answered: Annotated[float, Field(gt=0.0, le=1.0)] = 0.8
    scales: Annotated[list[Scale], Field(min_length=1)]
    targets: list[Target] = Field(default_factory=list)
    classification: Classification | None = None
    items: Annotated[list[Item], Field(min_length=1)]

    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The file this instrument was loaded from, if any."""
        return self._path

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Item ids in file order: the column order every response matrix must use."""
        return tuple(item.id for item in self.items)

    @property
    def scale_ids(self) -> tuple[str, ...]:
        return tuple(scale.id for scale in self.scales)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.title)

    @property
    def content_hash(self) -> str:
        """First 12 hex digits of sha256 over the canonical JSON of the definition.

        Two files that parse to the same definition share the hash, whatever their
        layout or comments; any change to wording, keys or rules changes it.
        """
        canonical = json.dumps(
            self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def target(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)

    def target_text(
        self, target_id: str, field: Literal["label", "about", "choice"], lang: str,
        name: str | None = None,
    ) -> str:
        """One of a target's words in `lang`; `{naam}` is filled by `name` where given.

        `choice` falls back to the label; a named target's label is the name itself.
        """
        target = self.target(target_id)
        if field == "label" and target.named and name:
            return name
        texts = (target.choice or target.label) if field == "choice" else getattr(target, field)
        text = _pick(texts, lang)
        return text.replace("{naam}", name) if name else text

    def higher_is_better(self, scale_id: str) -> bool:
        """Direction of improvement: the scale's own flag, else by known style id."""
        flag = self.scale(scale_id).higher_is_better
        if flag is not None:
            return flag
        return scale_id not in LOWER_IS_BETTER_IDS

    def item_text(
        self, item_id: str, lang: str, target_id: str | None = None, name: str | None = None
    ) -> str:
        """The item's wording in `lang` with `{doel}` filled by the target's phrase.

        For a `named` target, `{naam}` in its phrase is replaced by `name`.
        """
        text = _pick(self.item(item_id).text, lang)
        if "{doel}" not in text:
            return text
        if target_id is None:
            raise ValueError(f"item {item_id} needs a target")
        target = self.target(target_id)
        phrase = _pick(target.phrase, lang)
        if target.named:
            if not name:
                raise ValueError(f"target {target_id} needs a name")
            phrase = phrase.replace("{naam}", name)
        return text.replace("{doel}", phrase)

    def to_json_dict(self) -> dict[str, Any]:
        """The whole definition as JSON-ready data, plus the derived content hash."""
        data = self.model_dump(mode="json")
        data["content_hash"] = self.content_hash
        return data


def _pick(texts: Mapping[str, str], lang: str) -> str:
    return text_in(texts, lang)


@dataclass(frozen=True)
class Fault:
    """One thing wrong in an instrument file, placed as precisely as we can."""

    path: Path | None
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = str(self.path) if self.path else "<instrument>"
        if self.line:
            place = f"{place}:{self.line}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


class InstrumentError(ValueError):
    """An instrument file is unusable. `faults` holds one entry per fault."""

    def __init__(self, faults: Sequence[Fault]) -> None:
        self.faults = list(faults)
        super().__init__("\n".join(str(f) for f in self.faults))


class UnknownInstrumentError(LookupError):
    """Neither a built-in instrument id nor an existing file."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = list(known)
        choices = ", ".join(known) or "geen"
        super().__init__(
            f"Onbekende vragenlijst '{name}': geen ingebouwde id en geen bestand. "
            f"Ingebouwd: {choices}. (Unknown instrument.)"
        )


# --- translating pydantic errors into one Dutch-first sentence each ---------------------

_MESSAGES = {
    "missing": "verplicht veld ontbreekt (required field missing)",
    "extra_forbidden": "onbekend veld (unknown field)",
    "string_type": "moet tekst zijn; zet de waarde tussen aanhalingstekens (must be text)",
    "int_type": "moet een geheel getal zijn (must be an integer)",
    "int_parsing": "moet een geheel getal zijn (must be an integer)",
    "int_from_float": "moet een geheel getal zijn (must be an integer)",
    "float_type": "moet een getal zijn (must be a number)",
    "float_parsing": "moet een getal zijn (must be a number)",
    "bool_type": "moet true of false zijn (must be true or false)",
    "bool_parsing": "moet true of false zijn (must be true or false)",
    "list_type": "moet een lijst zijn (must be a list)",
    "dict_type": "moet een tabel van sleutels en waarden zijn (must be a mapping)",
    "model_type": "moet een tabel van sleutels en waarden zijn (must be a mapping)",
    "model_attributes_type": "moet een tabel van sleutels en waarden zijn (must be a mapping)",
}


def _translate(error: Mapping[str, Any]) -> str:
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "string_pattern_mismatch":
        return f"heeft niet de vorm {ctx.get('pattern')} (does not match the pattern)"
    if kind == "too_short":
        return "mag niet leeg zijn (must not be empty)"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        ops = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<"}
        limit = next(iter(ctx.values()), "?")
        return f"moet {ops.get(kind, '≤')} {limit} zijn (out of range)"
    if kind in {"union_tag_invalid", "literal_error", "union_tag_not_found"}:
        return "onbekende soort; kies 'profile' of 'quadrant' (unknown kind)"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _clean_loc(data: Any, loc: Sequence[str | int]) -> Loc:
    """Drop union tags pydantic inserts into locs, so the path matches the file."""
    cleaned: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            match = next((k for k in node if str(k) == str(part)), None)
            if match is None:
                if part == "[key]" or isinstance(part, int):
                    cleaned.append(part)
                    node = None
                continue  # a union/discriminator tag or a missing field: keep walking
            cleaned.append(str(match))
            node = node[match]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            cleaned.append(part)
            node = node[part]
        else:
            cleaned.append(part)
            node = None
    missing_leaf = loc and str(loc[-1]) not in {str(p) for p in cleaned[-1:]}
    if missing_leaf and isinstance(loc[-1], str) and loc[-1] not in {"str", "[key]"}:
        cleaned.append(loc[-1])
    return tuple(cleaned)


def field_name(loc: Sequence[str | int]) -> str:
    """`('scales', 0, 'items', 2)` -> `scales[0].items[2]`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- cross-checks the schema alone cannot express -------------------------------------


def _duplicates(ids: Sequence[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            yield index, ident
        seen.add(ident)


def _check_ids(inst: Instrument) -> Iterator[tuple[Loc, str]]:
    for section, ids in (
        ("items", [i.id for i in inst.items]),
        ("scales", [s.id for s in inst.scales]),
        ("targets", [t.id for t in inst.targets]),
    ):
        for index, ident in _duplicates(ids):
            yield (section, index, "id"), f"id '{ident}' komt vaker voor (duplicate id)"


def _check_scale_items(inst: Instrument) -> Iterator[tuple[Loc, str]]:
    known = {item.id for item in inst.items}
    owner: dict[str, str] = {}
    for s_index, scale in enumerate(inst.scales):
        for i_index, item_id in enumerate(scale.items):
            loc: Loc = ("scales", s_index, "items", i_index)
            if item_id not in known:
                yield loc, f"item '{item_id}' bestaat niet onder items (unknown item)"
            elif item_id in owner:
                yield (
                    loc,
                    (
                        f"item '{item_id}' staat al in schaal '{owner[item_id]}'; een item hoort "
                        "bij precies één schaal (item in more than one scale)"
                    ),
                )
            else:
                owner[item_id] = scale.id
    for index, item in enumerate(inst.items):
        if item.id not in owner:
            yield (
                ("items", index, "id"),
                (f"item '{item.id}' hoort bij geen enkele schaal (item in no scale)"),
            )


def _check_scale_values(inst: Instrument) -> Iterator[tuple[Loc, str]]:
    rs = inst.response_scale
    for lang, labels in (rs.labels or {}).items():
        for value in labels:
            if not rs.min <= value <= rs.max:
                yield (
                    ("response_scale", "labels", lang, value),
                    (
                        f"label voor {value} ligt buiten de schaal {rs.min}–{rs.max} "
                        "(label outside the response scale)"
                    ),
                )
    for index, scale in enumerate(inst.scales):
        norms = scale.norms
        if norms is None:
            continue
        scores = [*norms.percentiles.values(), *(row[0] for row in norms.table)]
        if not all(rs.min <= value <= rs.max for value in scores):
            yield (
                ("scales", index, "norms"),
                (
                    f"normscores liggen buiten de schaal {rs.min}–{rs.max} "
                    "(norm scores outside the response scale)"
                ),
            )
    for index, code in enumerate(inst.missing_codes):
        if rs.min <= code <= rs.max:
            yield (
                ("missing_codes", index),
                (
                    f"ontbrekend-code {code:g} ligt binnen de schaal {rs.min}–{rs.max}; kies een "
                    "waarde erbuiten (missing code inside the response scale)"
                ),
            )


def _check_texts(inst: Instrument) -> Iterator[tuple[Loc, str]]:
    langs = set(inst.languages)
    for index, item in enumerate(inst.items):
        for lang, text in item.text.items():
            names = set(_PLACEHOLDER.findall(text))
            if "doel" in names and not inst.targets:
                yield (
                    ("items", index, "text", lang),
                    (
                        "{doel} gebruikt maar de vragenlijst heeft geen targets "
                        "({doel} used without targets)"
                    ),
                )
            for other in sorted(names - {"doel"}):
                yield (
                    ("items", index, "text", lang),
                    (
                        f"onbekende plaatshouder {{{other}}}; alleen {{doel}} is toegestaan "
                        "(unknown placeholder)"
                    ),
                )
        if not langs <= set(item.text):
            missing = ", ".join(sorted(langs - set(item.text)))
            yield (
                ("items", index, "text"),
                (f"tekst ontbreekt in taal {missing} (text missing for a language of the title)"),
            )
        if inst.own and item.source is None:
            yield (
                ("items", index, "source"),
                ("source is verplicht bij een eigen vragenlijst (own: true) (source required)"),
            )
    yield from _check_targets(inst)


def _check_targets(inst: Instrument) -> Iterator[tuple[Loc, str]]:
    langs = set(inst.languages)
    if inst.targets and all(t.optional for t in inst.targets):
        yield ("targets",), (
            "minstens één target moet altijd gevraagd worden (optional: false) "
            "(at least one target must be asked always)"
        )
    for index, target in enumerate(inst.targets):
        if target.not_applicable and not target.optional:
            yield (("targets", index, "not_applicable"), (
                "not_applicable kan alleen bij een target met optional: true "
                "(only an optional target can be marked not applicable)"
            ))
        words = {"label": target.label, "about": target.about, "choice": target.choice}
        for field, texts in words.items():
            if texts is None:
                continue
            if not langs <= set(texts):
                missing = ", ".join(sorted(langs - set(texts)))
                yield (("targets", index, field),
                       f"tekst ontbreekt in taal {missing} (text missing for a language)")
            if field == "about" and any(("{naam}" in t) != target.named for t in texts.values()):
                yield (("targets", index, field), (
                    "about bevat {naam} precies als named: true is "
                    "(about must hold {naam} exactly for a named target)"
                ))
        for lang, phrase in target.phrase.items():
            has_name = "{naam}" in phrase
            if target.named and not has_name:
                yield (
                    ("targets", index, "phrase", lang),
                    ("named: true maar de frase bevat geen {naam} (named target without {naam})"),
                )
            if has_name and not target.named:
                yield (
                    ("targets", index, "phrase", lang),
                    ("{naam} in de frase maar named is niet true ({naam} needs named: true)"),
                )


def _quadrant_faults(inst: Instrument, rule: QuadrantRule) -> Iterator[tuple[Loc, str]]:
    known = set(inst.scale_ids)
    roles = [("anxiety", rule.anxiety), ("avoidance", rule.avoidance)]
    if rule.disorganisation is not None:
        roles.append(("disorganisation", rule.disorganisation))
    for role, scale_id in roles:
        if scale_id not in known:
            yield ("classification", role), f"schaal '{scale_id}' bestaat niet (unknown scale)"
    if rule.anxiety == rule.avoidance:
        yield ("classification", "avoidance"), "anxiety en avoidance moeten verschillen"
    rs = inst.response_scale
    if rule.cut is not None and not rs.min < rule.cut < rs.max:
        message = f"cut {rule.cut:g} ligt niet binnen de schaal {rs.min}–{rs.max}"
        yield ("classification", "cut"), message


def classified_scales(inst: Instrument) -> list[str]:
    """Scales whose measurement error the classification rule uses."""
    rule = inst.classification
    if rule is None:
        return []
    if isinstance(rule, ProfileRule):
        return list(inst.scale_ids)
    return [rule.anxiety, rule.avoidance]


def _check_classification(inst: Instrument) -> Iterator[tuple[Loc, str]]:
    rule = inst.classification
    if isinstance(rule, ProfileRule) and len(inst.scales) < 2:
        yield ("classification", "kind"), "een profiel vraagt minstens twee schalen"
    if isinstance(rule, QuadrantRule):
        yield from _quadrant_faults(inst, rule)
    for index, scale in enumerate(inst.scales):
        if scale.id in classified_scales(inst) and scale.reliability is None:
            message = (
                f"schaal '{scale.id}' wordt geclassificeerd en heeft dus reliability nodig "
                "(coefficient, sd, provenance) voor de meetfout (reliability required)"
            )
            yield ("scales", index, "reliability"), message


_CHECKS = (_check_ids, _check_scale_items, _check_scale_values, _check_texts, _check_classification)


def cross_check(inst: Instrument) -> list[tuple[Loc, str]]:
    """All semantic faults of a schema-valid instrument, as (location, message)."""
    return [fault for check in _CHECKS for fault in check(inst)]


# --- loading ----------------------------------------------------------------------------


def parse_instrument(
    data: Any, lines: Mapping[Loc, int] | None = None, path: Path | None = None
) -> Instrument:
    """Validate already-parsed YAML/JSON data; raise `InstrumentError` with all faults."""
    line_map = dict(lines or {})
    if not isinstance(data, dict):
        raise InstrumentError(
            [Fault(path, 1, "", "het bestand moet een tabel van sleutels en waarden zijn")]
        )
    try:
        inst = Instrument.model_validate(data)
    except ValidationError as exc:
        faults = []
        for error in exc.errors():
            loc = _clean_loc(data, error["loc"])
            faults.append(Fault(path, line_for(line_map, loc), field_name(loc), _translate(error)))
        raise InstrumentError(sorted(faults, key=lambda f: f.line or 0)) from None
    problems = cross_check(inst)
    if problems:
        faults = [Fault(path, line_for(line_map, loc), field_name(loc), m) for loc, m in problems]
        raise InstrumentError(sorted(faults, key=lambda f: f.line or 0))
    inst._path = path
    return inst


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate one instrument YAML file.

    Raises `InstrumentError` (with `.faults`, one per fault, each with file, line and
    field) when the file is missing, is not YAML, or does not follow the format.
    """
    file = Path(path)
    try:
        data, lines = load_yaml_with_lines(file)
    except YamlReadError as exc:
        raise InstrumentError([Fault(file, exc.line, "", exc.reason)]) from None
    return parse_instrument(data, lines, file)


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> Instrument:
    return load_instrument(path)


def builtin_paths() -> list[Path]:
    """The instrument files shipped in the package, sorted by name."""
    return instrument_paths(BUILTIN_DIR)


def _load_fresh(path: Path) -> Instrument:
    stat = path.stat()
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


def builtin_instruments() -> dict[str, Instrument]:
    """All shipped instruments by id (raises `InstrumentError` if one is broken)."""
    return {inst.id: inst for inst in (_load_fresh(p) for p in builtin_paths())}


@cache
def shipped_instrument(instrument_id: str) -> Instrument:
    """A built-in instrument by id, read once per process: for the web app, which asks
    on every saved answer, and whose shipped files do not change while it runs."""
    found = builtin_instruments()
    if instrument_id not in found:
        raise UnknownInstrumentError(instrument_id, sorted(found))
    return found[instrument_id]


def get_instrument(id_or_path: str | Path, installed: Path | None = None) -> Instrument:
    """An instrument by id, or the instrument in the given file.

    A value that names an existing file, or ends in .yaml/.yml, is read as a file;
    anything else is an id: its current version when `installed` (the directory of
    installed versions) holds one (`current_instrument`), else the built-in
    (`UnknownInstrumentError` if absent).
    """
    text = str(id_or_path)
    candidate = Path(text)
    if candidate.is_file() or candidate.suffix in {".yaml", ".yml"} or "/" in text:
        return load_instrument(candidate)
    if any(inst.id == text for inst in installed_instruments(installed)):
        return current_instrument(text, installed)
    for suffix in (".yaml", ".yml"):  # a built-in's file is named after its id
        path = BUILTIN_DIR / (text + suffix)
        if path.is_file():
            inst = _load_fresh(path)
            if inst.id == text:
                return inst
    found = builtin_instruments()
    if text in found:
        return found[text]
    raise UnknownInstrumentError(text, sorted(found))


# --- operator-installed versions ------------------------------------------------------------
#
# `verbinding calibrate` writes a new version of a built-in instrument. A practice installs
# it by copying the file into an "installed" directory (the web app uses
# VERBINDING_DATA_DIR/instruments/). New self-tests then use the newest version of each id;
# a self-test already started keeps the exact version it was begun with, found again by its
# version label (`version+hash`), so an old result never changes its words or figures.


def version_label(instrument: Instrument) -> str:
    """The label stored with an assessment: the version and the content hash."""
    return f"{instrument.version}+{instrument.content_hash}"


def is_builtin(instrument: Instrument) -> bool:
    """Whether this is the file shipped with the package (not an installed version)."""
    return instrument.path is not None and Path(instrument.path).parent == BUILTIN_DIR


def installed_instruments(directory: Path | None) -> list[Instrument]:
    """Every valid instrument file in `directory` (none when it is absent).

    A broken file raises `InstrumentError` naming it: an operator who installs a file
    should hear at once that it cannot be used, not find it silently skipped.
    """
    return [_load_fresh(p) for p in instrument_paths(directory)]


def current_instrument(instrument_id: str, installed: Path | None) -> Instrument:
    """The version new self-tests use: the highest installed version of the id, else the
    built-in one (an installed file always wins over the built-in of the same id)."""
    found = [i for i in installed_instruments(installed) if i.id == instrument_id]
    if not found:
        return shipped_instrument(instrument_id)
    return newest(found, _version_of)


def current_instruments(installed: Path | None) -> dict[str, Instrument]:
    """Every instrument id, built-in or only installed, with the version new self-tests
    use (`current_instrument`), in the built-ins' order and then the installed ids."""
    pairs = current_versions(
        list(builtin_instruments().values()), installed_instruments(installed),
        _id_of, _version_of,
    )
    return {inst.id: inst for inst, _ in pairs}


def _id_of(instrument: Instrument) -> str:
    return instrument.id


def _version_of(instrument: Instrument) -> str:
    return instrument.version


def instrument_version(instrument_id: str, label: str, installed: Path | None) -> Instrument:
    """The exact version an assessment was made with (by `version_label`); when that file
    is gone, the current version of the id, so an old result still renders its titles."""
    candidates = [i for i in installed_instruments(installed) if i.id == instrument_id]
    builtin = builtin_instruments().get(instrument_id)
    for inst in (*candidates, *([builtin] if builtin else [])):
        if version_label(inst) == label:
            return inst
    return current_instrument(instrument_id, installed)
