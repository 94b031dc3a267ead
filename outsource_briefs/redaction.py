"""What of a spec may reach an AI agent's context: the task itself, without the people's contact
details, the money, the dates in anyone's time zone or anyone's personal preferences.

Only the fields that describe the task are kept (``TASK_FIELDS``). The email addresses and
phone numbers of the people involved (the owner, the approver, the contractor inline or on the
roster, the escalation contact) are then replaced wherever the kept text repeats them, by a
mark that says whose they were. Every other address or number stays: "forward invoices to
accounts@…" is part of the task, and the agent needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .schema_check import is_email

#: The spec fields that describe the task, in the order a prompt shows them.
TASK_FIELDS = (
    "id", "title", "version", "kind", "outcome", "objective", "background", "audience",
    "scope", "deliverables", "acceptance_criteria", "definition_of_done", "steps", "standards",
    "examples", "resources", "details",
)  # fmt: skip
#: The sections an owner may leave out of a prompt (``prompt: sections:`` in
#: ``outsource-briefs.yaml``); the outcome, the deliverables and the criteria always go in.
OPTIONAL_SECTIONS = (
    "objective", "background", "audience", "scope", "details", "steps", "standards", "examples",
    "resources", "definition_of_done",
)  # fmt: skip
#: Roster fields that may hold a person's contact details (the others are ids, dates, money).
_ROSTER_TEXT_FIELDS = ("name", "email", "skills", "preferences")

# A phone number: 7 or more digits, each group separated by at most two of " ().-". Every
# repetition consumes a digit, so the pattern runs in linear time.
_PHONE = re.compile(r"\+?\(?\d(?:[ ().-]{0,2}\d){6,}")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_WORD_SEPARATORS = re.compile(r"[\s()<>\[\],;\"']+")
_NOT_DIGITS = re.compile(r"[^0-9]+")
_MIN_PHONE_DIGITS = 7

ContactKind = Literal["email", "phone"]


@dataclass(frozen=True)
class Contact:
    """A contact detail of one of the people involved: ``role`` says whose it is."""

    value: str
    kind: ContactKind
    role: str

    @property
    def mark(self) -> str:
        """What the detail is replaced by: ``[the contractor's email, withheld]``."""
        return f"[the {self.role}'s {self.kind}, withheld]"


def people_contacts(data: Mapping[str, Any], contractor: Mapping[str, Any] | None = None) -> list[Contact]:
    """The email addresses and phone numbers of the people a spec names: its owner, approver
    and contractor (inline, or ``contractor``, the roster entry), and its escalation contact.

    >>> people_contacts({"owner": {"name": "Ana", "email": "ana@example.com"}})
    [Contact(value='ana@example.com', kind='email', role='owner')]
    """
    sources: list[tuple[str, Any]] = [
        ("owner", data.get("owner")),
        ("approver", data.get("approver")),
        ("contractor", data.get("contractor") if isinstance(data.get("contractor"), Mapping) else None),
        (
            "contractor",
            {key: contractor[key] for key in _ROSTER_TEXT_FIELDS if key in contractor}
            if contractor
            else None,
        ),
        ("escalation contact", (data.get("escalation") or {}).get("contact")),
    ]
    found: dict[tuple[str, str], Contact] = {}
    for role, value in sources:
        for text in _strings(value):
            for contact in _contacts_in(text, role):
                found.setdefault((contact.kind, _key(contact)), contact)
    return list(found.values())


class Redactor:
    """Replaces the given contact details wherever a text repeats them."""

    def __init__(self, contacts: list[Contact]) -> None:
        self.contacts = contacts
        self._emails = [
            (re.compile(rf"(?<![\w.+-]){re.escape(c.value)}(?!\.?[\w-])", re.IGNORECASE), c.mark)
            for c in contacts
            if c.kind == "email"
        ]
        self._phones = {_digits(c.value): c.mark for c in contacts if c.kind == "phone"}

    def text(self, text: str) -> str:
        """``text`` with every contact detail replaced by its mark."""
        if "@" in text:
            for pattern, mark in self._emails:
                text = pattern.sub(mark, text)
        if self._phones:
            text = _PHONE.sub(self._phone_mark, text)
        return text

    def value(self, value: Any) -> Any:
        """A copy of ``value`` (spec data) with every string passed through :meth:`text`."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value

    def _phone_mark(self, match: re.Match[str]) -> str:
        written = _digits(match.group())
        for known, mark in self._phones.items():
            # The same number may be written with or without its country code.
            if written.endswith(known) or (len(written) >= _MIN_PHONE_DIGITS and known.endswith(written)):
                return mark
        return match.group()


def task_data(
    data: Mapping[str, Any],
    contractor: Mapping[str, Any] | None = None,
    sections: tuple[str, ...] = OPTIONAL_SECTIONS,
) -> tuple[dict[str, Any], Redactor]:
    """The part of a spec an agent may see: the task fields (optional sections only when in
    ``sections``), with the people's contact details replaced; of the budget only its currency
    (a kind's details may name amounts in it, such as a refund limit).

    :param contractor: the roster entry of the spec's contractor, when it names one.
    :returns: the data, and the redactor that made it (for texts derived from the spec).
    """
    redactor = Redactor(people_contacts(data, contractor))
    kept = {
        key: redactor.value(data[key])
        for key in TASK_FIELDS
        if key in data and (key not in OPTIONAL_SECTIONS or key in sections)
    }
    currency = (data.get("budget") or {}).get("currency")
    if currency is not None:
        kept["budget"] = {"currency": currency}
    return kept, redactor


def _contacts_in(text: str, role: str) -> Iterator[Contact]:
    if "@" in text:
        for word in _WORD_SEPARATORS.split(text):
            candidate = word.removeprefix("mailto:").rstrip(".:")
            if "@" in candidate and is_email(candidate):
                yield Contact(candidate, "email", role)
    for match in _PHONE.finditer(text):
        if not _DATE.fullmatch(match.group()):
            yield Contact(match.group(), "phone", role)


def _key(contact: Contact) -> str:
    return contact.value.lower() if contact.kind == "email" else _digits(contact.value)


def _digits(text: str) -> str:
    return _NOT_DIGITS.sub("", text)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
