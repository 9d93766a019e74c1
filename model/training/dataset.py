"""The data set read through a spec: API records, labels, vocabularies, value ranges, the
model's features in order and the feature matrix. Every problem of the data against the spec is
reported at once (SpecError)."""
import csv
import math

from .spec import SpecError

# Problems listed before the rest are only counted.
MAX_LISTED_PROBLEMS = 20


def read_table(path):
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def check_columns(header, spec):
    """Every data column is the target, a field's, or excluded; every column named exists."""
    problems = []
    named = {spec["target"]["column"]} | {field["column"] for field in spec["fields"]} | set(spec["excludedColumns"])
    for column in header:
        if column not in named:
            problems.append(f"data column {column} is neither the target, a field's column, nor in excludedColumns")
    for column in sorted(named - set(header)):
        problems.append(f"the spec names column {column}, which the data does not have")
    return problems


def categories_of(field, rows):
    """The vocabulary of a categorical field: given, or every value of the data set (prefix removed), sorted."""
    if "categories" in field:
        return list(field["categories"])
    prefix = field.get("valuePrefix", "")
    return sorted({row[field["column"]][len(prefix):] for row in rows if row[field["column"]].startswith(prefix)})


def _cell(field, raw, categories, problems, where):
    kind = field["type"]
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError("not finite")
            return value
    except ValueError:
        problems.append(f"{where}: column {field['column']} is not {'a whole number' if kind == 'integer' else 'a number'}")
        return None
    if kind == "boolean":
        true_value, false_value = field.get("trueValue", "yes"), field.get("falseValue", "no")
        if raw not in (true_value, false_value):
            problems.append(f"{where}: column {field['column']} is neither {true_value!r} nor {false_value!r}")
        return raw == true_value
    prefix = field.get("valuePrefix", "")
    value = raw[len(prefix):] if raw.startswith(prefix) else None
    if value is None or value not in categories[field["name"]]:
        problems.append(f"{where}: column {field['column']} holds a value outside the field's categories")
    return value


def read_examples(rows, spec):
    """API records (in the spec's field order) and 0/1 labels, one per data row."""
    target = spec["target"]
    categories = {field["name"]: categories_of(field, rows) for field in spec["fields"] if field["type"] == "categorical"}
    problems = []
    for name, vocabulary in categories.items():
        if not vocabulary:
            problems.append(f"field {name} has no category in the data")
    records, labels = [], []
    for index, row in enumerate(rows):
        where = f"data row {index + 1}"
        records.append({field["name"]: _cell(field, row[field["column"]], categories, problems, where) for field in spec["fields"]})
        labels.append(1 if row[target["column"]] == target["positiveLabel"] else 0)
    if labels and len(set(labels)) < 2:
        problems.append(f"target column {target['column']} must hold {target['positiveLabel']!r} and another label")
    if problems:
        shown = problems[:MAX_LISTED_PROBLEMS]
        more = [f"... and {len(problems) - len(shown)} more"] if len(problems) > len(shown) else []
        raise SpecError("the data", shown + more)
    return records, labels, categories


def model_features(spec, categories):
    """The contract's features, in the model's column order."""
    fields = {field["name"]: field for field in spec["fields"]}
    features = []
    for entry in spec["features"]:
        if "field" in entry:
            field = fields[entry["field"]]
            feature = {
                "name": entry.get("name", field["column"]),
                "source": field["name"],
                "encoding": "boolean01" if field["type"] == "boolean" else "number",
            }
        elif "sum" in entry:
            feature = {"name": entry["name"], "sources": list(entry["sum"]), "encoding": "sum"}
        else:
            field = fields[entry["oneHot"]]
            prefix = entry.get("prefix", f"{field['column']}_")
            features += [
                {"name": f"{prefix}{category}", "source": field["name"], "encoding": "oneHot", "category": category}
                for category in categories[field["name"]]
            ]
            continue
        if "description" in entry:
            feature["description"] = entry["description"]
        features.append(feature)
    problems = []
    names = [feature["name"] for feature in features]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(f"feature name {name} occurs more than once")
    used = {feature.get("source") for feature in features} | {s for feature in features for s in feature.get("sources", [])}
    for field in spec["fields"]:
        if field["name"] not in used:
            problems.append(f"field {field['name']} feeds no feature: the API would demand a value the model never reads")
    if problems:
        raise SpecError("the spec's features", problems)
    return features


def encode(record, features):
    """One row of the feature matrix: the twin of lambda/predict/feature-encoder.ts."""
    values = []
    for feature in features:
        encoding = feature["encoding"]
        if encoding == "number":
            values.append(float(record[feature["source"]]))
        elif encoding == "boolean01":
            values.append(1.0 if record[feature["source"]] else 0.0)
        elif encoding == "sum":
            total = 0.0
            for source in feature["sources"]:
                total += record[source]
            values.append(total)
        else:
            values.append(1.0 if record[feature["source"]] == feature["category"] else 0.0)
    return values


def value_range(field, records, factor):
    """Accepted range: given in the spec, else [0 (or factor × a negative minimum), factor × the largest value]
    seen in training; the values seen are recorded beside it."""
    values = [record[field["name"]] for record in records]
    observed_min, observed_max = min(values), max(values)
    minimum = field.get("minimum", 0 if observed_min >= 0 else observed_min * factor)
    maximum = field.get("maximum", observed_max * factor if observed_max > 0 else 0)
    if field["type"] == "integer":
        minimum, maximum = math.ceil(minimum), math.floor(maximum)
    return {"minimum": minimum, "maximum": maximum, "observedMinimum": observed_min, "observedMaximum": observed_max}


def contract_fields(spec, training_records, categories):
    """The contract's API fields, in the spec's order, with vocabularies and accepted ranges."""
    fields = []
    for field in spec["fields"]:
        kind = field["type"]
        if kind == "categorical":
            entry = {"name": field["name"], "type": "string", "enum": categories[field["name"]]}
        elif kind == "boolean":
            entry = {"name": field["name"], "type": "boolean"}
        else:
            entry = {"name": field["name"], "type": kind, **value_range(field, training_records, spec["rangeFactor"])}
        entry["description"] = field["description"]
        fields.append(entry)
    return fields

