"""Back and forward through the places visited by jumps, as a browser does."""

from __future__ import annotations

from dataclasses import dataclass

HISTORY_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Location:
    """A document and a position in its text (code points)."""

    doc_id: str
    position: int = 0


class History:
    """Two stacks of locations; a new jump clears the way forward."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._back: list[Location] = []
        self._forward: list[Location] = []
        self._limit = limit

    @property
    def can_go_back(self) -> bool:
        """Whether there is somewhere to go back to."""
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        """Whether there is somewhere to go forward to."""
        return bool(self._forward)

    def jumped(self, origin: Location) -> None:
        """Record that the user jumped away from `origin`."""
        if self._back and self._back[-1] == origin:
            return
        self._back.append(origin)
        del self._back[: -self._limit]
        self._forward.clear()

    def back(self, current: Location) -> Location | None:
        """The place to return to (remembering `current` for forward), or None."""
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Location) -> Location | None:
        """The place to go forward to (remembering `current` for back), or None."""
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()

    def clear(self) -> None:
        """Forget everything (another folder was opened)."""
        self._back.clear()
        self._forward.clear()
