"""The portal's JSON API (``/api/v1/``): the same forms, services and limits as the web pages.

Bodies are parsed strictly: UTF-8 JSON objects only, no duplicate keys, no NaN, no unknown fields.
Errors are per field, with the field names of the JSON body (``identity.full_name``,
``accused.0.name``). The token from ``POST portal/session`` is sent as ``Authorization: Bearer``.
"""

import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cases.services import (
    NoRecipientError,
    ReporterAccess,
    message_from_reporter,
    petition_submit,
    portal_session_resume,
    portal_session_start,
)
from portal import wording
from portal.forms import (
    ACCUSED_PARTS,
    ACCUSED_ROWS,
    ANONYMOUS,
    IDENTITY_FIELDS,
    NAMED,
    UNKNOWN_UNIT,
    MessageForm,
    ReceiptForm,
    ReportForm,
)
from portal.openapi import SCHEMA
from portal.selectors import report_view
from portal.throttle import Throttled, receipt_check_throttled

REPORT_FIELDS = ("kind", "subject", "content", "unit", "accused", "identity") + (
    "incident_time",
    "incident_place",
    "protection_requested",
)
REPORT_STRINGS = ("kind", "subject", "content", "incident_time", "incident_place")


class ApiError(Exception):
    def __init__(self, status: int, body: dict):
        super().__init__(status)
        self.status, self.body = status, body


def _json(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _errors(errors: dict, status: int = 400) -> JsonResponse:
    return _json({"errors": errors}, status)


def api_endpoint(*methods: str):
    """Public, CSRF-exempt (no cookie is involved), never cached; JSON for every answer."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = _json({"error": _("This method is not allowed here.")}, 405)
                response["Allow"] = ", ".join(methods)
            else:
                try:
                    response = view(request, *args, **kwargs)
                except ApiError as error:
                    response = _json(error.body, error.status)
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = "no-referrer"
            return response

        return login_not_required(csrf_exempt(wrapped))

    return decorate


def _unique_keys(pairs):
    keys = [key for key, _value in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _no_constant(name):
    raise ValueError(name)


def _body_error(message: str, status: int = 400) -> ApiError:
    return ApiError(status, {"errors": {"__all__": [message]}})


def read_json(request) -> dict:
    if request.content_type != "application/json":
        raise _body_error(_("Send the body as JSON, with Content-Type: application/json."), 415)
    try:
        raw = request.body
    except RequestDataTooBig as error:
        raise _body_error(_("The request is too large."), 413) from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _body_error(_("The body is not valid UTF-8.")) from error
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise _body_error(_("The body is not valid JSON.")) from error
    try:
        # A "\ud800" escape decodes to a lone surrogate, which no UTF-8 text (nor any answer) can hold.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise _body_error(_("The body is not valid UTF-8.")) from error
    if not isinstance(data, dict):
        raise _body_error(_("The body must be a JSON object."))
    return data


def _unknown(body: dict, allowed, errors: dict, prefix: str = "") -> None:
    for key in body:
        if key not in allowed:
            errors[f"{prefix}{key}"] = [_("Unknown field.")]


def _must_be_string() -> list[str]:
    return [_("Must be a string.")]


def _report_data(body: dict) -> tuple[dict, dict]:
    """The JSON body as the web form's data, and the errors of its shape."""
    data, errors = {}, {}
    _unknown(body, REPORT_FIELDS, errors)
    for key in REPORT_STRINGS:
        value = body.get(key)
        if isinstance(value, str):
            data[key] = value
        elif value is not None:
            errors[key] = _must_be_string()
    unit = body.get("unit")
    if unit is None:
        data["unit"] = UNKNOWN_UNIT
    elif isinstance(unit, str):
        data["unit"] = unit
    else:
        errors["unit"] = [_("Give a unit code, or null if you do not know.")]
    protection = body.get("protection_requested", False)
    if isinstance(protection, bool):
        data["protection_requested"] = protection
    else:
        errors["protection_requested"] = [_("Must be true or false.")]
    accused = body.get("accused") or []
    if not isinstance(accused, list) or not all(isinstance(person, dict) for person in accused):
        errors["accused"] = [_("Give a list of persons, each with name, position and unit.")]
    elif len(accused) > ACCUSED_ROWS:
        errors["accused"] = [_("Name at most %(count)d persons.") % {"count": ACCUSED_ROWS}]
    else:
        for index, person in enumerate(accused):
            _unknown(person, ACCUSED_PARTS, errors, f"accused.{index}.")
            for part in ACCUSED_PARTS:
                value = person.get(part)
                if isinstance(value, str):
                    data[f"accused_{index}_{part}"] = value
                elif value is not None:
                    errors[f"accused.{index}.{part}"] = _must_be_string()
    identity = body.get("identity")
    if identity is None:
        data["reporter"] = ANONYMOUS
    elif isinstance(identity, dict):
        data["reporter"] = NAMED
        _unknown(identity, IDENTITY_FIELDS, errors, "identity.")
        for key in IDENTITY_FIELDS:
            value = identity.get(key)
            if isinstance(value, str):
                data[key] = value
            elif value is not None:
                errors[f"identity.{key}"] = _must_be_string()
    else:
        errors["identity"] = [_("Give null to stay anonymous, or an object with your details.")]
    return data, errors


def _form_errors(form) -> dict[str, list[str]]:
    """The web form's errors under the JSON body's field names."""
    out = {}
    for name, items in form.errors.get_json_data().items():
        if name in IDENTITY_FIELDS:
            key = f"identity.{name}"
        elif name == "reporter":
            key = "identity"
        elif name.startswith("accused_"):
            _prefix, index, part = name.split("_", 2)
            key = f"accused.{index}.{part}"
        else:
            key = name
        out[key] = [item["message"] for item in items]
    return out


def _merged_errors(form, shape_errors: dict) -> dict:
    valid = form.is_valid()
    errors = {} if valid else {key: value for key, value in _form_errors(form).items() if key not in shape_errors}
    errors.update(shape_errors)
    return errors


def _bearer_access(request) -> ReporterAccess | None:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return portal_session_resume(token.strip())


def _unauthorized() -> JsonResponse:
    response = _json(
        {"error": _("Open a session with your receipt first; sessions end after a while without use.")}, 401
    )
    response["WWW-Authenticate"] = 'Bearer realm="portal"'
    return response


@api_endpoint("POST")
def reports(request):
    data, shape_errors = _report_data(read_json(request))
    form = ReportForm(data)
    errors = _merged_errors(form, shape_errors)
    if errors:
        return _errors(errors)
    try:
        result = petition_submit(submission=form.submission())
    except NoRecipientError:
        return _json({"error": wording.unavailable()}, 503)
    return _json({"receipt": result.receipt.text}, 201)


@api_endpoint("POST")
def session(request):
    body = read_json(request)
    shape_errors = {}
    _unknown(body, ("receipt",), shape_errors)
    receipt = body.get("receipt")
    if receipt is not None and not isinstance(receipt, str):
        shape_errors["receipt"] = _must_be_string()
    form = ReceiptForm({"receipt": receipt if isinstance(receipt, str) else ""})
    errors = _merged_errors(form, shape_errors)
    if errors:
        return _errors(errors)
    try:
        access = receipt_check_throttled(request, form.cleaned_data["receipt"])
    except Throttled:
        return _json({"error": wording.throttled()}, 429)
    if access is None:
        return _json({"error": wording.receipt_refused()}, 401)
    return _json({"token": portal_session_start(access=access)})


@api_endpoint("GET")
def report(request):
    access = _bearer_access(request)
    if access is None:
        return _unauthorized()
    view = report_view(access=access)
    return _json(
        {
            "status": view.status,
            "status_text": view.status_text,
            "received_at": view.received_at.isoformat(),
            "history": [{"step": step.step, "text": step.text, "at": step.at.isoformat()} for step in view.history],
            "messages": [
                {
                    "from": "reporter" if message.from_reporter else "unit",
                    "kind": message.kind,
                    "text": message.text,
                    "at": message.at.isoformat(),
                }
                for message in view.messages
            ],
        }
    )


@api_endpoint("POST")
def messages(request):
    access = _bearer_access(request)
    if access is None:
        return _unauthorized()
    body = read_json(request)
    shape_errors, data = {}, {}
    _unknown(body, ("text", "kind"), shape_errors)
    for key in ("text", "kind"):
        value = body.get(key)
        if isinstance(value, str):
            data[key] = value
        elif value is not None:
            shape_errors[key] = _must_be_string()
    form = MessageForm(data, allow_files=False)
    errors = _merged_errors(form, shape_errors)
    if errors:
        return _errors(errors)
    message = message_from_reporter(
        petition=access.petition, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
    )
    return _json({"kind": message.kind}, 201)


@api_endpoint("GET")
def schema(request):
    return _json(SCHEMA)
