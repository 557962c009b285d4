"""Byte counts as people read them: decimal units, one decimal place from a kilobyte up."""

from __future__ import annotations


def human_size(n: float, bytes_unit: str = "B") -> str:
    """`512 B`, `1.5 kB`, `2.0 MB`; `bytes_unit` names the unit below a kilobyte."""
    for unit in (bytes_unit, "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == bytes_unit else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} GB"  # pragma: no cover - the loop returns at GB
