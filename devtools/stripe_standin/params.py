"""Stripe's form encoding, decoded and checked.

The SDK sends `application/x-www-form-urlencoded` bodies (and query strings for GET) with nested
keys in brackets: `metadata[appointment]=12`, `line_items[0][price_data][unit_amount]=8500`,
`expand[0]=payment_intent` (or `expand[]=...`). `decode` turns the pairs into dicts and lists;
`check` walks them against a small schema, converts the strings ("8500", "true") to Python
values and rejects unknown parameters the way Stripe does ("Received unknown parameter: ..."),
so a typo in the project's calls fails in tests instead of being silently ignored.

Schema leaves: "str", "int", "bool", "metadata", "any", "enum:a|b|c"; a dict is an object with
those keys; a one-element list `[schema]` is an array. An empty value ("") unsets, as in Stripe:
it comes out as None and is dropped.
"""

import re

from .errors import StripeError, invalid

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


def decode(pairs) -> dict:
    """[("a[b][0]", "x"), ...] → {"a": {"b": ["x"]}}."""
    root: dict = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if not match:
            raise StripeError(f"Invalid parameter name: {key}", param=key)
        parts = [match.group(1), *_PART.findall(match.group(2))]
        node = root
        for depth, part in enumerate(parts):
            if part == "":  # "expand[]": the next index
                part = str(len(node))
            if depth == len(parts) - 1:
                if isinstance(node.get(part), dict):
                    raise StripeError(f"Invalid parameter: {key} is both a value and an object.", param=key)
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise StripeError(f"Invalid parameter: {key} is both a value and an object.", param=key)
                node = child
    return _lists(root)


def _lists(node):
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _name(path: str, key) -> str:
    return f"{path}[{key}]" if path else str(key)


def check(params: dict, schema: dict, path: str = "") -> dict:
    """The params converted by the schema; unknown keys are refused."""
    return _check_object(params, schema, path)


def _check_object(value, schema: dict, path: str):
    if not isinstance(value, dict):
        raise invalid(path, f"Invalid object: {path} must be an object (a hash).", "parameter_invalid")
    result = {}
    for key, item in value.items():
        if key not in schema:
            name = _name(path, key)
            raise StripeError(
                f"Received unknown parameter: {name}"
                " (the local Stripe stand-in knows the parameters this project sends; add it to its schema"
                " if Stripe accepts it)",
                code="parameter_unknown",
                param=name,
            )
        converted = _check(item, schema[key], _name(path, key))
        if converted is not None:
            result[key] = converted
    return result


def _check(value, schema, path: str):
    if value == "":
        return None
    if isinstance(schema, dict):
        return _check_object(value, schema, path)
    if isinstance(schema, list):
        if not isinstance(value, list):
            raise invalid(path, f"Invalid array: {path} must be an array.", "parameter_invalid_array")
        items = [_check(item, schema[0], f"{path}[{index}]") for index, item in enumerate(value)]
        return [item for item in items if item is not None]
    if schema == "any":
        return value
    if schema == "metadata":
        return check_metadata(value, path)
    if not isinstance(value, str):
        raise invalid(path, f"Invalid {path}: expected a value, got an object or array.")
    if schema == "str":
        return value
    if schema == "int":
        if not re.fullmatch(r"-?\d+", value):
            raise invalid(path, f"Invalid integer: {value}", "parameter_invalid_integer")
        return int(value)
    if schema == "bool":
        if value not in ("true", "false"):
            raise invalid(path, f"Invalid boolean: {value}", "parameter_invalid_boolean")
        return value == "true"
    if schema.startswith("enum:"):
        choices = schema[len("enum:") :].split("|")
        if value not in choices:
            raise invalid(path, f"Invalid {path}: must be one of {', '.join(choices)}")
        return value
    raise AssertionError(f"unknown schema leaf {schema!r}")


def check_metadata(value, path: str = "metadata") -> dict:
    """Stripe's limits: 50 keys, keys up to 40 characters, values up to 500, strings only.
    An empty value keeps its "" (on update it deletes the key)."""
    if not isinstance(value, dict):
        raise invalid(path, "Invalid metadata: metadata must be a set of key-value pairs.")
    if len(value) > 50:
        raise invalid(path, "Invalid metadata: metadata can have up to 50 keys.")
    for key, item in value.items():
        if len(key) > 40:
            raise invalid(f"{path}[{key}]", f"Metadata keys can have up to 40 characters: {key}")
        if not isinstance(item, str):
            raise invalid(f"{path}[{key}]", "Invalid metadata: values must be strings.")
        if len(item) > 500:
            raise invalid(f"{path}[{key}]", "Metadata values can have up to 500 characters.")
    return dict(value)
