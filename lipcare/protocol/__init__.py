"""The aftercare protocol: every number and sentence of guidance, loaded from TOML.

- `lipcare.protocol.types`: the records a checked protocol is made of, and the public constants;
- `lipcare.protocol.load`: finding the shipped default, reading a file and merging it over the default
  (`load_protocol`, `check_protocol`);
- `lipcare.protocol.validate`: the hand-written checks, which report every problem with its line
  (`locate.py` finds the line), fill the texts' {placeholders} (`fill.py`) and warn about texts and sources
  that disagree with the values (`consistency.py`);
- `lipcare.protocol.starter`: the commented starting file `lipcare protocol init` writes.

Every public name is importable from here. The types are imported at once; the other modules only
when one of their names is first used, so a command served from the protocol cache never loads the
validator (bench/startup.py).
"""

from typing import TYPE_CHECKING

from lipcare.lazy import lazy_names
from lipcare.protocol.types import (
    CHECKIN_TABLES,
    FORMAT_VERSION,
    INFO_SECTIONS,
    MAX_FILE_BYTES,
    MAX_FORMAT_WIDTH,
    MAX_LINE_TEXT,
    MAX_LIST,
    MAX_RINSE_DAY,
    MAX_RINSE_TIMES,
    MAX_SCALES,
    MAX_TEXT,
    MULTILINE_KEYS,
    RESERVED_SCALE_KEYS,
    RULE_LEVELS,
    SCALES,
    SOURCE_KINDS,
    URGENCIES,
    Checked,
    CheckinReminder,
    Clinic,
    Guidance,
    InfoSection,
    Painkillers,
    Problem,
    Protocol,
    Questions,
    Redness,
    Rinse,
    RuleLevel,
    Scale,
    ScoreRule,
    Source,
    Span,
    Support,
    Urgency,
    UrgencyText,
    WarningSign,
    default_protocol_path,
)

if TYPE_CHECKING:
    from lipcare.protocol.consistency import longest_stated
    from lipcare.protocol.fill import weeks
    from lipcare.protocol.load import check_protocol, load_protocol
    from lipcare.protocol.starter import starter_protocol

_LAZY = {
    "check_protocol": "load",
    "load_protocol": "load",
    "starter_protocol": "starter",
    "longest_stated": "consistency",
    "weeks": "fill",
}

__all__ = [
    "CHECKIN_TABLES",
    "FORMAT_VERSION",
    "INFO_SECTIONS",
    "MAX_FILE_BYTES",
    "MAX_FORMAT_WIDTH",
    "MAX_LINE_TEXT",
    "MAX_LIST",
    "MAX_RINSE_DAY",
    "MAX_RINSE_TIMES",
    "MAX_SCALES",
    "MAX_TEXT",
    "MULTILINE_KEYS",
    "RESERVED_SCALE_KEYS",
    "RULE_LEVELS",
    "SCALES",
    "SOURCE_KINDS",
    "URGENCIES",
    "Checked",
    "CheckinReminder",
    "Clinic",
    "Guidance",
    "InfoSection",
    "Painkillers",
    "Problem",
    "Protocol",
    "Questions",
    "Redness",
    "Rinse",
    "RuleLevel",
    "Scale",
    "ScoreRule",
    "Source",
    "Span",
    "Support",
    "Urgency",
    "UrgencyText",
    "WarningSign",
    "check_protocol",
    "default_protocol_path",
    "load_protocol",
    "longest_stated",
    "starter_protocol",
    "weeks",
]


__getattr__ = lazy_names(__name__, _LAZY)
"""`load`, `starter`, `fill` and `consistency` names, imported when first asked for (PEP 562)."""
