#!/usr/bin/python3
"""Train the bundled churn model, deterministically.

Run with Debian's python3-xgboost 1.7.4 (the version the SageMaker
`sagemaker-xgboost:1.7-1` serving image ships):

    /usr/bin/python3 model/train.py            # rewrites the artifacts in model/
    /usr/bin/python3 model/train.py --out DIR  # writes them to DIR instead

Only the standard library, numpy and xgboost are used. The split uses Python's
`random.Random` (stable across Python versions) and training runs single-threaded
with a fixed seed, so the same inputs give byte-identical artifacts.

Outputs:
  xgboost-model.json   the trained booster (xgboost JSON, with feature_names)
  model.tar.gz         exactly one file, `xgboost-model` (the JSON above), reproducible bytes
  feature-schema.json  ordered model features, API fields, vocabularies and value ranges
  golden.json          held-out records in API shape with xgboost's probabilities
  metrics.json         held-out AUC, accuracy and confusion matrix
"""
import argparse
import csv
import gzip
import io
import json
import os
import random
import tarfile

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_PATH = os.path.join(HERE, "data", "mlc_churn.csv")

SPLIT_SEED = 20261123
TEST_FRACTION = 0.2
GOLDEN_RECORD_COUNT = 200
DECISION_THRESHOLD = 0.5
PARAMS = {
    "objective": "binary:logistic",
    "eval_metric": "auc",
    "max_depth": 4,
    "eta": 0.1,
    "subsample": 0.8,
    "colsample_bytree": 0.8,
    "min_child_weight": 1,
    "seed": 7,
    "nthread": 1,
}
BOOST_ROUNDS = 250

AREA_CODES = ["408", "415", "510"]
USAGE_PERIODS = ["day", "eve", "night", "intl"]

# API fields: (camelCase API name, CSV column, type, description).
# Ranges are written to the schema from the data (see value_range below).
NUMERIC_FIELDS = [
    ("accountLength", "account_length", "integer", "Days the account has been active."),
    ("numberVmailMessages", "number_vmail_messages", "integer", "Voice-mail messages on record."),
]
for period in USAGE_PERIODS:
    label = {"day": "daytime", "eve": "evening", "night": "night-time", "intl": "international"}[period]
    NUMERIC_FIELDS += [
        (f"total{period.capitalize()}Minutes", f"total_{period}_minutes", "number", f"Minutes of {label} calls."),
        (f"total{period.capitalize()}Calls", f"total_{period}_calls", "integer", f"Number of {label} calls."),
        (f"total{period.capitalize()}Charge", f"total_{period}_charge", "number", f"Charge for {label} calls, in dollars."),
    ]
NUMERIC_FIELDS.append(
    ("numberCustomerServiceCalls", "number_customer_service_calls", "integer", "Calls to customer service.")
)
BOOLEAN_FIELDS = [
    ("internationalPlan", "international_plan", "Subscribed to the international plan."),
    ("voiceMailPlan", "voice_mail_plan", "Subscribed to the voice-mail plan."),
]


def read_rows():
    with open(DATA_PATH, newline="") as handle:
        return list(csv.DictReader(handle))


def to_api_record(row):
    """The record a backend sends for this customer, in the API's shape."""
    record = {"areaCode": row["area_code"].replace("area_code_", "")}
    for api_name, column, _ in BOOLEAN_FIELDS:
        record[api_name] = row[column] == "yes"
    for api_name, column, kind, _ in NUMERIC_FIELDS:
        record[api_name] = int(row[column]) if kind == "integer" else float(row[column])
    return record


def feature_list():
    """Ordered model features; the encoder in lambda/ must produce exactly this order."""
    features = [{"name": "account_length", "source": "accountLength", "encoding": "number"}]
    for api_name, column, _ in BOOLEAN_FIELDS:
        features.append({"name": column, "source": api_name, "encoding": "boolean01"})
    features.append({"name": "number_vmail_messages", "source": "numberVmailMessages", "encoding": "number"})
    for period in USAGE_PERIODS:
        for metric in ["Minutes", "Calls", "Charge"]:
            features.append({
                "name": f"total_{period}_{metric.lower()}",
                "source": f"total{period.capitalize()}{metric}",
                "encoding": "number",
            })
    features.append({
        "name": "number_customer_service_calls", "source": "numberCustomerServiceCalls", "encoding": "number",
    })
    features.append({
        "name": "total_charge",
        "sources": [f"total{p.capitalize()}Charge" for p in USAGE_PERIODS],
        "encoding": "sum",
        "description": "Sum of the four charges, added left to right in the order of 'sources'.",
    })
    for code in AREA_CODES:
        features.append({"name": f"area_code_{code}", "source": "areaCode", "encoding": "oneHot", "category": code})
    return features


def encode(record, features):
    """Python twin of lambda/predict/feature-encoder.ts (used for training and golden values)."""
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
        elif encoding == "oneHot":
            values.append(1.0 if record[feature["source"]] == feature["category"] else 0.0)
        else:
            raise ValueError(f"unknown encoding {encoding}")
    return values


def stratified_split(labels):
    rng = random.Random(SPLIT_SEED)
    test = []
    for label in (0, 1):
        indices = [i for i, y in enumerate(labels) if y == label]
        rng.shuffle(indices)
        test += indices[: round(len(indices) * TEST_FRACTION)]
    test_set = set(test)
    train = [i for i in range(len(labels)) if i not in test_set]
    return train, sorted(test_set)


def area_under_roc(labels, scores):
    """Mann-Whitney AUC with average ranks for ties."""
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = np.asarray(scores)[order]
    ranks = np.empty(len(scores))
    start = 0
    while start < len(scores):
        end = start
        while end + 1 < len(scores) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    labels = np.asarray(labels)
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def value_range(records, api_name):
    values = [r[api_name] for r in records]
    return {"minimum": 0, "maximum": max(values) * 2, "observedMinimum": min(values), "observedMaximum": max(values)}


def build_schema(records, features):
    fields = [{
        "name": "areaCode", "type": "string", "enum": AREA_CODES,
        "description": "Three-digit telephone area code of the account.",
    }]
    for api_name, _, description in BOOLEAN_FIELDS:
        fields.append({"name": api_name, "type": "boolean", "description": description})
    for api_name, _, kind, description in NUMERIC_FIELDS:
        fields.append({"name": api_name, "type": kind, **value_range(records, api_name), "description": description})
    return {
        "description": "Input contract of the bundled churn model. 'fields' are the API record; "
                       "'features' are the model's CSV columns in order. Accepted ranges are [0, 2x the "
                       "largest value seen in training]; larger values are rejected as likely unit errors.",
        "fields": fields,
        "features": features,
    }


def write_json(path, value):
    with open(path, "w") as handle:
        json.dump(value, handle, indent=2, sort_keys=False)
        handle.write("\n")


def write_reproducible_archive(model_bytes, path):
    """model.tar.gz with exactly one entry `xgboost-model`, fixed metadata, gzip mtime 0."""
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo("xgboost-model")
        info.size = len(model_bytes)
        info.mtime = 0
        info.mode = 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        archive.addfile(info, io.BytesIO(model_bytes))
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(tar_buffer.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="directory for the artifacts (default: model/)")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)

    rows = read_rows()
    records = [to_api_record(r) for r in rows]
    labels = [1 if r["churn"] == "yes" else 0 for r in rows]
    features = feature_list()
    feature_names = [f["name"] for f in features]
    matrix = np.array([encode(r, features) for r in records], dtype=np.float64)

    train, test = stratified_split(labels)
    y = np.array(labels)
    dtrain = xgb.DMatrix(matrix[train], label=y[train], feature_names=feature_names)
    dtest = xgb.DMatrix(matrix[test], label=y[test], feature_names=feature_names)
    booster = xgb.train(PARAMS, dtrain, num_boost_round=BOOST_ROUNDS)

    model_path = os.path.join(out, "xgboost-model.json")
    booster.save_model(model_path)
    with open(model_path, "rb") as handle:
        model_bytes = handle.read()
    write_reproducible_archive(model_bytes, os.path.join(out, "model.tar.gz"))

    probabilities = booster.predict(dtest)
    predicted = (probabilities >= DECISION_THRESHOLD).astype(int)
    actual = y[test]
    confusion = {
        "truePositive": int(((predicted == 1) & (actual == 1)).sum()),
        "falsePositive": int(((predicted == 1) & (actual == 0)).sum()),
        "trueNegative": int(((predicted == 0) & (actual == 0)).sum()),
        "falseNegative": int(((predicted == 0) & (actual == 1)).sum()),
    }
    metrics = {
        "heldOutRows": len(test),
        "trainingRows": len(train),
        "auc": round(area_under_roc(actual, probabilities), 6),
        "accuracy": round(float((predicted == actual).mean()), 6),
        "precision": round(confusion["truePositive"] / (confusion["truePositive"] + confusion["falsePositive"]), 6),
        "recall": round(confusion["truePositive"] / (confusion["truePositive"] + confusion["falseNegative"]), 6),
        "decisionThreshold": DECISION_THRESHOLD,
        "confusionMatrix": confusion,
        "xgboostVersion": xgb.__version__,
        "params": PARAMS,
        "boostRounds": BOOST_ROUNDS,
        "splitSeed": SPLIT_SEED,
        "testFraction": TEST_FRACTION,
    }
    write_json(os.path.join(out, "metrics.json"), metrics)
    write_json(os.path.join(out, "feature-schema.json"), build_schema([records[i] for i in train], features))

    golden = [
        {"record": records[row], "churnProbability": float(probabilities[k]), "churned": bool(labels[row])}
        for k, row in enumerate(test[:GOLDEN_RECORD_COUNT])
    ]
    write_json(os.path.join(out, "golden.json"), {
        "description": "Held-out records (first by data-set row) with xgboost 1.7.4's probabilities.",
        "records": golden,
    })
    print(json.dumps({k: metrics[k] for k in ("auc", "accuracy", "confusionMatrix")}))


if __name__ == "__main__":
    main()
