"""The declarative training spec: reading it, checking it, and resolving its defaults.

A spec names the target column and its positive label, the API fields (each a data column with
a type: integer, number, boolean or categorical), the model features in order, the columns left
out, the split, the seed and the xgboost hyper-parameters. model/training-spec.schema.json is its
JSON Schema and model/README.md documents it; `check_spec` is the authority and reports every
problem at once, each with its JSON path.
"""
import json
import re

FIELD_TYPES = ("integer", "number", "boolean", "categorical")
NUMERIC_TYPES = ("integer", "number")
API_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_FIELD_NAMES = ("customerId",)
SPEC_KEYS = {
    "$schema", "name", "description", "target", "fields", "features", "excludedColumns", "split", "xgboost",
    "goldenRecords", "decisionThreshold", "rangeFactor",
}
FIELD_KEYS = {
    "integer": {"name", "column", "type", "description", "minimum", "maximum"},
    "number": {"name", "column", "type", "description", "minimum", "maximum"},
    "boolean": {"name", "column", "type", "description", "trueValue", "falseValue"},
    "categorical": {"name", "column", "type", "description", "valuePrefix", "categories"},
}
DEFAULTS = {"goldenRecords": 200, "decisionThreshold": 0.5, "rangeFactor": 2}


class SpecError(Exception):
    """Every problem of a spec (or of the data against it), each naming its place."""

    def __init__(self, source, problems):
        self.problems = list(problems)
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s):\n{listed}")


def load_spec(path):
    with open(path) as handle:
        try:
            spec = json.load(handle)
        except json.JSONDecodeError as error:
            raise SpecError(path, [f"not valid JSON: {error}"]) from None
    problems = check_spec(spec)
    if problems:
        raise SpecError(path, problems)
    return resolve_spec(spec)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_keys(value, allowed, path, problems):
    for key in sorted(set(value) - set(allowed)):
        problems.append(f"{path}.{key} is not a known property")


def _check_field(field, path, problems):
    if not isinstance(field, dict):
        problems.append(f"{path} must be an object")
        return
    kind = field.get("type")
    if kind not in FIELD_TYPES:
        problems.append(f"{path}.type must be one of {', '.join(FIELD_TYPES)}, got {json.dumps(kind)}")
        return
    _check_keys(field, FIELD_KEYS[kind], path, problems)
    name = field.get("name")
    if not isinstance(name, str) or not API_NAME.match(name):
        problems.append(f"{path}.name must be an identifier (letters, digits, _), got {json.dumps(name)}")
    elif name in RESERVED_FIELD_NAMES:
        problems.append(f"{path}.name {name} is reserved by the API")
    for key in ("column", "description"):
        if not isinstance(field.get(key), str) or field.get(key) == "":
            problems.append(f"{path}.{key} must be a non-empty string")
    if kind in NUMERIC_TYPES:
        for key in ("minimum", "maximum"):
            if key in field and not _is_number(field[key]):
                problems.append(f"{path}.{key} must be a number")
        if _is_number(field.get("minimum")) and _is_number(field.get("maximum")) and field["minimum"] > field["maximum"]:
            problems.append(f"{path}.minimum must not exceed {path}.maximum")
    if kind == "boolean":
        for key in ("trueValue", "falseValue"):
            if key in field and not isinstance(field[key], str):
                problems.append(f"{path}.{key} must be a string")
        if field.get("trueValue", "yes") == field.get("falseValue", "no"):
            problems.append(f"{path}.trueValue and falseValue must differ")
    if kind == "categorical":
        if "valuePrefix" in field and not isinstance(field["valuePrefix"], str):
            problems.append(f"{path}.valuePrefix must be a string")
        categories = field.get("categories")
        if categories is not None and (
            not isinstance(categories, list) or not categories or not all(isinstance(c, str) and c for c in categories)
            or len(set(categories)) != len(categories)
        ):
            problems.append(f"{path}.categories must be a non-empty list of distinct, non-empty strings")


def _check_feature(feature, path, fields, problems):
    if not isinstance(feature, dict):
        problems.append(f"{path} must be an object")
        return
    kinds = [key for key in ("field", "oneHot", "sum") if key in feature]
    if len(kinds) != 1:
        problems.append(f"{path} must have exactly one of field, oneHot, sum")
        return
    kind = kinds[0]
    allowed = {"field": {"field", "name", "description"}, "oneHot": {"oneHot", "prefix"},
               "sum": {"sum", "name", "description"}}[kind]
    _check_keys(feature, allowed, path, problems)
    if "description" in feature and not isinstance(feature["description"], str):
        problems.append(f"{path}.description must be a string")
    if "name" in feature and (not isinstance(feature["name"], str) or feature["name"] == ""):
        problems.append(f"{path}.name must be a non-empty string")
    if kind == "sum":
        if "name" not in feature:
            problems.append(f"{path}.name is required for a sum")
        sources = feature["sum"]
        if not isinstance(sources, list) or len(sources) < 2:
            problems.append(f"{path}.sum must list at least two fields")
            return
        for index, source in enumerate(sources):
            if fields.get(source, {}).get("type") not in NUMERIC_TYPES:
                problems.append(f"{path}.sum[{index}] must name an integer or number field, got {json.dumps(source)}")
        return
    source = feature[kind]
    field_type = fields.get(source, {}).get("type") if isinstance(source, str) else None
    if field_type is None:
        problems.append(f"{path}.{kind} must name a field, got {json.dumps(source)}")
    elif kind == "field" and field_type == "categorical":
        problems.append(f"{path}.field {source} is categorical: encode it with oneHot")
    elif kind == "oneHot" and field_type != "categorical":
        problems.append(f"{path}.oneHot {source} must be a categorical field, it is {field_type}")
    if kind == "oneHot" and "prefix" in feature and not isinstance(feature["prefix"], str):
        problems.append(f"{path}.prefix must be a string")


def check_spec(spec):
    """Every problem of the spec's shape, each with its JSON path; empty when it can be trained."""
    problems = []
    if not isinstance(spec, dict):
        return ["the spec must be a JSON object"]
    _check_keys(spec, SPEC_KEYS, "spec", problems)
    if not isinstance(spec.get("name"), str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", spec.get("name", "")):
        problems.append("spec.name must be lower-case letters, digits and hyphens")
    if not isinstance(spec.get("description"), str) or spec.get("description") == "":
        problems.append("spec.description must be a non-empty string")
    target = spec.get("target")
    if not isinstance(target, dict) or not isinstance(target.get("column"), str) or not isinstance(target.get("positiveLabel"), str):
        problems.append("spec.target must be { column, positiveLabel }, both strings")
    fields = spec.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append("spec.fields must be a non-empty list")
        fields = []
    for index, field in enumerate(fields):
        _check_field(field, f"spec.fields[{index}]", problems)
    by_name = {}
    columns = set()
    for index, field in enumerate(fields):
        if not isinstance(field, dict):
            continue
        if field.get("name") in by_name:
            problems.append(f"spec.fields[{index}].name {field.get('name')} is used twice")
        if field.get("column") in columns:
            problems.append(f"spec.fields[{index}].column {field.get('column')} is used twice")
        by_name[field.get("name")] = field
        columns.add(field.get("column"))
    if isinstance(target, dict) and target.get("column") in columns:
        problems.append(f"spec.target.column {target.get('column')} is also a field's column")
    features = spec.get("features")
    if features is not None:
        if not isinstance(features, list) or not features:
            problems.append("spec.features must be a non-empty list when given")
        else:
            for index, feature in enumerate(features):
                _check_feature(feature, f"spec.features[{index}]", by_name, problems)
    excluded = spec.get("excludedColumns", [])
    if not isinstance(excluded, list) or not all(isinstance(column, str) for column in excluded):
        problems.append("spec.excludedColumns must be a list of column names")
    elif columns & set(excluded):
        problems.append(f"spec.excludedColumns lists field columns: {', '.join(sorted(columns & set(excluded)))}")
    split = spec.get("split")
    if not isinstance(split, dict) or set(split) != {"heldOutFraction", "seed"}:
        problems.append("spec.split must be { heldOutFraction, seed }")
    else:
        if not (_is_number(split["heldOutFraction"]) and 0 < split["heldOutFraction"] < 1):
            problems.append("spec.split.heldOutFraction must be a number between 0 and 1")
        if not isinstance(split["seed"], int) or isinstance(split["seed"], bool):
            problems.append("spec.split.seed must be a whole number")
    booster = spec.get("xgboost")
    if not isinstance(booster, dict) or set(booster) != {"params", "boostRounds"} or not isinstance(booster.get("params"), dict):
        problems.append("spec.xgboost must be { params, boostRounds }")
    else:
        params = booster["params"]
        if params.get("objective") != "binary:logistic":
            problems.append("spec.xgboost.params.objective must be binary:logistic: the service serves binary classifiers")
        if "num_class" in params or "early_stopping_rounds" in params or params.get("booster", "gbtree") != "gbtree":
            problems.append("spec.xgboost.params must not set num_class or early_stopping_rounds, and booster only to gbtree")
        if not isinstance(booster["boostRounds"], int) or booster["boostRounds"] < 1:
            problems.append("spec.xgboost.boostRounds must be a whole number ≥ 1")
    if "goldenRecords" in spec and (not isinstance(spec["goldenRecords"], int) or spec["goldenRecords"] < 1):
        problems.append("spec.goldenRecords must be a whole number ≥ 1")
    if "decisionThreshold" in spec and not (_is_number(spec["decisionThreshold"]) and 0 < spec["decisionThreshold"] < 1):
        problems.append("spec.decisionThreshold must be a number between 0 and 1")
    if "rangeFactor" in spec and not (_is_number(spec["rangeFactor"]) and spec["rangeFactor"] >= 1):
        problems.append("spec.rangeFactor must be a number ≥ 1")
    return problems


def resolve_spec(spec):
    """The spec with its defaults applied: features default to every field in order."""
    resolved = {**DEFAULTS, "excludedColumns": [], **spec}
    if "features" not in spec:
        resolved["features"] = [
            {"oneHot": field["name"]} if field["type"] == "categorical" else {"field": field["name"]}
            for field in spec["fields"]
        ]
    return resolved
