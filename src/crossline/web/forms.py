"""The fields of a page's form, declared once as a table of names and their longest
lengths.

A view takes the whole form as one parameter, ``form: Fields = FIELDS``, reads
``form.case`` (and ``form.csrf_token`` for ``form_principal``), and hands the same
object back to the page it shows again with an error, so that the fields keep what
was typed: the names are written once, not once as parameters and again as the
dictionary the page reads back.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Depends, Form

from crossline.errors import ValidationError
from crossline.web.page import csrf_field

_NAMED = inspect.Parameter.KEYWORD_ONLY
T = TypeVar("T")


class Fields(dict[str, str]):
    """A posted form's text fields by name, also readable as attributes (``form.case``);
    the session's CSRF token it carried is ``csrf_token``, apart from the fields."""

    csrf_token: str = ""

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def parsed(self, name: str, parse: Callable[[str], T], problem: str) -> T | None:
        """The field ``name`` read by ``parse`` (``date.fromisoformat`` …), None when it is
        empty; a value ``parse`` refuses is a ValidationError naming the field, which says
        the value and then ``problem`` (``is not a date: expected YYYY-MM-DD``)."""
        value = self[name]
        if not value:
            return None
        try:
            return parse(value)
        except ValueError:
            label = name.replace("_", " ")
            raise ValidationError(f"{label} {value!r} {problem}", field=name) from None


def form_fields(**limits: int) -> Any:
    """A dependency: the form's CSRF token and the fields ``limits`` names, in that order,
    each ``""`` when not sent and at most its number of characters long.

    Each is read as ``name: str = Form("", max_length=n)`` would read it (FastAPI
    builds the form from the signature given here), so a value too long answers the
    same 422 naming the field, before the view runs.
    """

    def read(csrf_token: str, **values: str) -> Fields:
        fields = Fields(values)
        fields.csrf_token = csrf_token
        return fields

    token = inspect.Parameter("csrf_token", _NAMED, default=csrf_field(), annotation=str)
    read.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [token]
        + [
            inspect.Parameter(name, _NAMED, default=Form("", max_length=n), annotation=str)
            for name, n in limits.items()
        ],
        return_annotation=Fields,
    )
    return Depends(read)
