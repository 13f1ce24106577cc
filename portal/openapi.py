"""The OpenAPI 3.1 description of ``portal/api_urls.py``, served at ``/api/v1/schema/``.

Kept by hand next to the code; a test checks that every route appears here.
"""

from cases.models import Kind, MessageKind, Status, Subject

_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"type": ["string", "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _response(description: str, schema_name: str) -> dict:
    return {"description": description, "content": _json_content(_ref(schema_name))}


# Any body is read the same way (portal.api.read_json), and any answer may be that the database is
# briefly unavailable (baove.middleware.DatabaseUnavailableMiddleware, with Retry-After).
_BODY_REFUSED = {
    "413": _response("The body is too large.", "Errors"),
    "415": _response("The body is not sent as application/json.", "Errors"),
}
_UNAVAILABLE = {
    "503": _response("The service is briefly unavailable; try again after the seconds in Retry-After.", "Error")
}

_NO_STORE = {"Cache-Control": {"description": "Always `no-store`.", "schema": {"type": "string", "const": "no-store"}}}

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "baove public portal API",
        "version": "1",
        "description": (
            "Send a report of corruption, waste or wrongdoing and follow it up with the receipt, as on the web "
            "portal. The identity, contact details, content and messages are encrypted at once; only the receiving "
            "unit's intake officers and identity custodians can open them. No client address is stored. "
            "Errors are answered per field, with the field names of the request body "
            "(`identity.full_name`, `accused.0.name`); problems with the body as a whole are under `__all__`. "
            "Texts are at most 20 000 characters (the installation may set another limit); control characters "
            "other than newlines and tabs are removed and text is normalised to NFC. Wrong receipts are limited "
            "per client and across all clients (429)."
        ),
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/v1/portal/reports": {
            "post": {
                "operationId": "reportCreate",
                "summary": "Send a report",
                "description": "Answers with the receipt: it is shown once and cannot be recovered.",
                "requestBody": {"required": True, "content": _json_content(_ref("ReportRequest"))},
                "responses": {
                    "201": {**_response("The report was received.", "Receipt"), "headers": _NO_STORE},
                    "400": _response("The body is not valid JSON, or fields are invalid.", "Errors"),
                    "413": _response("The body is too large.", "Errors"),
                    "415": _response("The body is not sent as application/json.", "Errors"),
                    "503": _response(
                        "Reports cannot be accepted right now (nobody can receive them, or the service is briefly "
                        "unavailable, then with Retry-After); try again later or use the hotline.",
                        "Error",
                    ),
                },
            }
        },
        "/api/v1/portal/session": {
            "post": {
                "operationId": "sessionStart",
                "summary": "Open a follow-up session with the receipt",
                "requestBody": {"required": True, "content": _json_content(_ref("SessionRequest"))},
                "responses": {
                    "200": {**_response("The receipt opens a report.", "Token"), "headers": _NO_STORE},
                    "400": _response("The body is not valid JSON, or the receipt is missing.", "Errors"),
                    "401": _response("The receipt opens no report (the same answer whatever the reason).", "Error"),
                    "429": _response("Too many wrong receipts from this client or from everyone; wait.", "Error"),
                    **_BODY_REFUSED,
                    **_UNAVAILABLE,
                },
            }
        },
        "/api/v1/portal/report": {
            "get": {
                "operationId": "reportRead",
                "summary": "Read the status, the public history and the message thread",
                "security": [{"bearer": []}],
                "responses": {
                    "200": {**_response("The report as the reporter sees it.", "Report"), "headers": _NO_STORE},
                    "401": _response("No token, or the session has ended.", "Error"),
                    **_UNAVAILABLE,
                },
            }
        },
        "/api/v1/portal/messages": {
            "post": {
                "operationId": "messageSend",
                "summary": "Send a message, more information, a request for protection or a report of retaliation",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": _json_content(_ref("MessageRequest"))},
                "responses": {
                    "201": {**_response("The message was sent.", "MessageSent"), "headers": _NO_STORE},
                    "400": _response("The body is not valid JSON, or fields are invalid.", "Errors"),
                    "401": _response("No token, or the session has ended.", "Error"),
                    **_BODY_REFUSED,
                    **_UNAVAILABLE,
                },
            }
        },
        "/api/v1/schema/": {
            "get": {
                "operationId": "schema",
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {}}}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "The token from `POST /api/v1/portal/session`. It ends after a while without use.",
            }
        },
        "schemas": {
            "ReportRequest": {
                "type": "object",
                "additionalProperties": False,
                "required": ["kind", "subject", "content"],
                "properties": {
                    "kind": {"type": "string", "enum": list(Kind.values)},
                    "subject": {"type": "string", "enum": list(Subject.values)},
                    "content": {**_TEXT, "description": "What happened.", "minLength": 1},
                    "unit": {
                        **_NULLABLE_TEXT,
                        "description": "The code of a published unit it concerns; null when you do not know.",
                    },
                    "incident_time": {**_TEXT, "maxLength": 200},
                    "incident_place": {**_TEXT, "maxLength": 500},
                    "accused": {"type": "array", "maxItems": 3, "items": _ref("Accused")},
                    "identity": {
                        "oneOf": [{"type": "null"}, _ref("Identity")],
                        "description": "null to stay anonymous.",
                    },
                    "protection_requested": {"type": "boolean", "default": False},
                },
            },
            "Accused": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name"],
                "properties": {
                    "name": {**_TEXT, "maxLength": 200},
                    "position": {**_TEXT, "maxLength": 200},
                    "unit": {**_TEXT, "maxLength": 255},
                },
            },
            "Identity": {
                "type": "object",
                "additionalProperties": False,
                "required": ["full_name"],
                "properties": {
                    "full_name": {**_TEXT, "maxLength": 200},
                    "id_number": {**_NULLABLE_TEXT, "maxLength": 50},
                    "date_of_birth": {**_NULLABLE_TEXT, "description": "YYYY-MM-DD or DD/MM/YYYY."},
                    "phone": {**_NULLABLE_TEXT, "maxLength": 50},
                    "email": {**_NULLABLE_TEXT, "maxLength": 254},
                    "address": {**_NULLABLE_TEXT, "maxLength": 500},
                    "workplace": {**_NULLABLE_TEXT, "maxLength": 255},
                },
            },
            "Receipt": {
                "type": "object",
                "required": ["receipt"],
                "properties": {
                    "receipt": {
                        "type": "string",
                        "pattern": "^[0-9]{4}( [0-9]{4}){6}$",
                        "description": "28 digits in groups of four. Keep it: it cannot be recovered.",
                    }
                },
            },
            "SessionRequest": {
                "type": "object",
                "additionalProperties": False,
                "required": ["receipt"],
                "properties": {"receipt": {**_TEXT, "description": "The 28 digits; spaces do not matter."}},
            },
            "Token": {"type": "object", "required": ["token"], "properties": {"token": _TEXT}},
            "Report": {
                "type": "object",
                "required": ["status", "status_text", "received_at", "history", "messages"],
                "properties": {
                    "status": {"type": "string", "enum": list(Status.values)},
                    "status_text": _TEXT,
                    "received_at": {"type": "string", "format": "date"},
                    "history": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["step", "text", "at"],
                            "properties": {"step": _TEXT, "text": _TEXT, "at": {"type": "string", "format": "date"}},
                        },
                    },
                    "messages": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["from", "kind", "text", "at"],
                            "properties": {
                                "from": {"type": "string", "enum": ["reporter", "unit"]},
                                "kind": {"type": "string", "enum": list(MessageKind.values)},
                                "text": _TEXT,
                                "at": {"type": "string", "format": "date"},
                            },
                        },
                    },
                },
            },
            "MessageRequest": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": {
                    "text": {**_TEXT, "minLength": 1},
                    "kind": {"type": "string", "enum": list(MessageKind.values), "default": MessageKind.MESSAGE.value},
                },
            },
            "MessageSent": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"type": "string", "enum": list(MessageKind.values)}},
            },
            "Errors": {
                "type": "object",
                "required": ["errors"],
                "properties": {
                    "errors": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    }
                },
            },
            "Error": {"type": "object", "required": ["error"], "properties": {"error": _TEXT}},
        },
    },
}
