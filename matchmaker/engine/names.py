"""The display names the engine puts in its facts (needs, employers, programmes), indexed like its arrays."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Names:
    """Display names the facts carry; all optional, indexed like the engine's arrays.

    ``needs[j]`` names need ``j`` ("order picker"), ``employers[j]`` the organisation that posted it
    ("Bol Logistiek, Zwolle"), ``programmes[k]`` a programme ("MBO Logistiek (Deltion, Zwolle)").
    Missing names fall back to the record ids.

    >>> Names(employers=("Fruitteelt Jansen",)).employer(0, fallback="employer 7")
    'Fruitteelt Jansen'
    >>> Names().employer(0, fallback="employer 7")
    'employer 7'
    """

    needs: Sequence[str] = ()
    employers: Sequence[str] = ()
    programmes: Sequence[str] = ()

    def need(self, j: int, *, fallback: str) -> str:
        return self.needs[j] if j < len(self.needs) and self.needs[j] else fallback

    def employer(self, j: int, *, fallback: str) -> str:
        return self.employers[j] if j < len(self.employers) and self.employers[j] else fallback

    def programme(self, k: int, *, fallback: str) -> str:
        return self.programmes[k] if k < len(self.programmes) and self.programmes[k] else fallback
