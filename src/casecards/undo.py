"""Undo: the student's last actions, newest last, each one taken back exactly (Anki's ctrl+z).

One ``UndoHistory`` per app: a study session's answers, suspensions and burials, and the
suspend/unsuspend toggles of Browse, in the order they were done, whatever screen did them.
Undo takes back the newest action and only that one: ``u`` right after a suspension
unsuspends that card; it never reaches past it to an older answer on another card.

Decisions:

* Each action takes itself back in the store, exactly: an answer puts back the card's
  schedule and deletes its log row (``Store.undo_review``); a suspension or unsuspension puts
  back the flag the card had, a burial the ``buried_until`` it had (the store returns the
  value it replaces).
* An action is taken back only if the card is still as the action left it (compare and set,
  under the store's write lock): if another window acted on the card since, the action leaves
  the history, nothing changes, and the result says so (``Undone.refused``).
* An action of a study session also puts the session back (the card returns to its place in
  the queue): the session records those itself (``Session.answer``, ``suspend``, ``bury``). An
  action of Browse belongs to no session (``owner`` None) and changes the store alone.
* When a session ends, its actions leave the history (``forget``): its queues are gone, and
  the next session does not take back the last one's answers.
* ``UNDO_DEPTH`` actions are kept (Anki keeps 30); older ones fall off the bottom.
* No UI and no clock. The trainer uses the history on the store's thread; a lock lets the UI
  thread read it (whether undo is possible, for the footer) and forget a session.
"""

from __future__ import annotations

import enum
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Final, Protocol

from casecards.i18n import N_, _
from casecards.store import CardChangedError, Store

__all__ = [
    "UNDO_DEPTH",
    "Action",
    "ActionKind",
    "Burial",
    "Suspension",
    "UndoHistory",
    "Undone",
]

#: Actions kept for undo; the issue asked for at least 30 (Anki's depth).
UNDO_DEPTH: Final = 100


class ActionKind(enum.StrEnum):
    ANSWER = "answer"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    BURY = "bury"


class Action(Protocol):
    """One thing the student did to one card, that undo can take back."""

    @property
    def kind(self) -> ActionKind: ...

    @property
    def card_id(self) -> str: ...

    @property
    def owner(self) -> object | None:
        """The study session that did it, which undo also puts back; None: the store alone
        (Browse)."""
        ...

    def undo(self, store: Store) -> None:
        """Take the action back, in the store and in its owner.

        Raises:
            CardChangedError: If the card is no longer as the action left it (another window
                acted on it); nothing was changed.
        """
        ...


@dataclass(frozen=True, slots=True)
class Suspension:
    """A card suspended (``suspended`` True) or unsuspended; ``was``: its flag before."""

    card_id: str
    suspended: bool
    was: bool

    @classmethod
    def make(cls, store: Store, card_id: str, suspended: bool) -> Suspension:
        """Suspend or unsuspend the card in the store, and return that action."""
        return cls(card_id, suspended, store.set_suspended(card_id, suspended))

    @property
    def kind(self) -> ActionKind:
        return ActionKind.SUSPEND if self.suspended else ActionKind.UNSUSPEND

    @property
    def owner(self) -> None:
        return None

    @property
    def changed(self) -> bool:
        """False if the card already had that flag: nothing to take back."""
        return self.suspended != self.was

    def undo(self, store: Store) -> None:
        store.set_suspended(self.card_id, self.was, expected=self.suspended)


@dataclass(frozen=True, slots=True)
class Burial:
    """A card buried through the study day ``through``; ``was``: its ``buried_until`` before."""

    card_id: str
    through: date
    was: date | None

    @classmethod
    def make(cls, store: Store, card_id: str, through: date) -> Burial:
        """Bury the card in the store through ``through``, and return that action."""
        return cls(card_id, through, store.bury(card_id, through))

    @property
    def kind(self) -> ActionKind:
        return ActionKind.BURY

    @property
    def owner(self) -> None:
        return None

    def undo(self, store: Store) -> None:
        store.bury(self.card_id, self.was, expected=self.through)


# Whole sentences per kind, English msgids translated when shown (a name pasted into a
# sentence would not agree in French: "la réponse", "l'enfouissement").
_REFUSED: Final = {
    ActionKind.ANSWER: N_(
        "That answer can no longer be undone: the card was answered in another casecards "
        "window since."
    ),
    ActionKind.SUSPEND: N_(
        "That suspension can no longer be undone: the card was changed in another casecards "
        "window since."
    ),
    ActionKind.UNSUSPEND: N_(
        "That unsuspension can no longer be undone: the card was changed in another "
        "casecards window since."
    ),
    ActionKind.BURY: N_(
        "That burial can no longer be undone: the card was changed in another casecards "
        "window since."
    ),
}
_SESSION_DONE: Final = {
    ActionKind.ANSWER: N_("Answer undone: the card is back"),
    ActionKind.SUSPEND: N_("Suspension undone: the card is back"),
    ActionKind.UNSUSPEND: N_("Unsuspension undone: the card is back"),
    ActionKind.BURY: N_("Burial undone: the card is back"),
}
_BROWSE_DONE: Final = {
    ActionKind.ANSWER: N_("Answer undone"),
    ActionKind.SUSPEND: N_("Suspension made in Browse undone: the card is unsuspended"),
    ActionKind.UNSUSPEND: N_("Unsuspension made in Browse undone: the card is suspended again"),
    ActionKind.BURY: N_("Burial undone"),
}


@dataclass(frozen=True, slots=True)
class Undone:
    """What one undo did: ``action`` taken back, or, ``refused``, left as it is and dropped
    from the history because another window acted on its card since."""

    action: Action
    refused: bool = False

    @property
    def kind(self) -> ActionKind:
        return self.action.kind

    @property
    def card_id(self) -> str:
        return self.action.card_id

    @property
    def message(self) -> str:
        """What to tell the student."""
        if self.refused:
            return _(_REFUSED[self.kind])
        if self.action.owner is not None:
            return _(_SESSION_DONE[self.kind])
        return _(_BROWSE_DONE[self.kind])


class UndoHistory:
    """The last ``depth`` actions, newest last."""

    def __init__(self, depth: int = UNDO_DEPTH) -> None:
        if depth < 1:
            raise ValueError(f"depth must be >= 1, got {depth}")
        self._actions: deque[Action] = deque(maxlen=depth)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._actions)

    @property
    def last(self) -> Action | None:
        """The action undo would take back now, or None."""
        with self._lock:
            return self._actions[-1] if self._actions else None

    def push(self, action: Action) -> None:
        """Record an action just done (the oldest one falls off past ``depth``)."""
        with self._lock:
            self._actions.append(action)

    def undo(self, store: Store) -> Undone | None:
        """Take back the newest action; None if there is none. An action whose card another
        window changed since is dropped unchanged: ``Undone.refused``. Either way it leaves
        the history, so the next undo reaches the action before it."""
        with self._lock:
            if not self._actions:
                return None
            action = self._actions.pop()
        try:
            action.undo(store)
        except CardChangedError:
            return Undone(action, refused=True)
        return Undone(action)

    def forget(self, owner: object) -> None:
        """Drop the actions of ``owner`` (a session that ended): they can no longer be undone."""
        with self._lock:
            kept = [action for action in self._actions if action.owner is not owner]
            self._actions.clear()
            self._actions.extend(kept)
