"""What a report says in words, kept as a marked message (N_) and its values, so the page
translates it into its reader's language while files and the API keep the English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Said:
    """A marked message and the values it was written with; `english` is how it reads."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def english(self) -> str:
        """Return the message in English, its values filled in."""
        return self.template % self.values if self.values else self.template
