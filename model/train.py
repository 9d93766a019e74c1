#!/usr/bin/python3
"""Train a model package from a declarative spec, deterministically.

Run with Debian's python3-xgboost 1.7.4 (the version the SageMaker `sagemaker-xgboost:1.7-1`
serving image ships):

    /usr/bin/python3 model/train.py --data DATA.csv --spec SPEC.json --out DIR
    /usr/bin/python3 model/train.py      # the bundled package: model/data/mlc_churn.csv,
                                         # model/bundled/spec.json, into model/bundled/

Only the standard library, numpy and xgboost are used. The split uses Python's
`random.Random` (stable across Python versions) and training runs single-threaded with a fixed
seed, so the same data and spec give byte-identical files.

Writes the package (model/README.md, "Model packages"):
  model.tar.gz    exactly one file, `xgboost-model` (the booster as xgboost JSON), reproducible bytes
  contract.json   API fields (types, vocabularies, accepted ranges) and the model's features in order
  golden.json     held-out records in API shape with xgboost's probabilities
  metrics.json    held-out AUC, accuracy, Brier score, reliability table, mean score and risk-band
                  shares; the training settings
  statistics.json, constraints.json
                  SageMaker Model Monitor's baseline of the training rows as the endpoint receives them
"""
import argparse
import json
import os
import random
import sys
import tempfile

import numpy as np
import xgboost as xgb

from training import artifacts, baseline
from training.dataset import check_columns, contract_fields, encode, model_features, read_examples, read_table
from training.metrics import held_out_metrics, score_distribution
from training.spec import SpecError, load_spec

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = {
    "data": os.path.join(HERE, "data", "mlc_churn.csv"),
    "spec": os.path.join(HERE, "bundled", "spec.json"),
    "out": os.path.join(HERE, "bundled"),
}


def stratified_split(labels, held_out_fraction, seed):
    """Within each class, shuffle with random.Random(seed) and hold out the fraction (rounded)."""
    rng = random.Random(seed)
    test = []
    for label in (0, 1):
        indices = [i for i, y in enumerate(labels) if y == label]
        rng.shuffle(indices)
        test += indices[: round(len(indices) * held_out_fraction)]
    test_set = set(test)
    train = [i for i in range(len(labels)) if i not in test_set]
    return train, sorted(test_set)


def booster_bytes(booster):
    """The booster in xgboost's JSON format, as save_model('….json') writes it."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "xgboost-model.json")
        booster.save_model(path)
        with open(path, "rb") as handle:
            return handle.read()


def train_package(data_path, spec_path, out):
    spec = load_spec(spec_path)
    header, rows = read_table(data_path)
    problems = check_columns(header, spec)
    if problems:
        raise SpecError(data_path, problems)
    records, labels, categories = read_examples(rows, spec)
    features = model_features(spec, categories)
    feature_names = [feature["name"] for feature in features]
    matrix = np.array([encode(record, features) for record in records], dtype=np.float64)

    train, test = stratified_split(labels, spec["split"]["heldOutFraction"], spec["split"]["seed"])
    y = np.array(labels)
    dtrain = xgb.DMatrix(matrix[train], label=y[train], feature_names=feature_names)
    dtest = xgb.DMatrix(matrix[test], label=y[test], feature_names=feature_names)
    booster = xgb.train(spec["xgboost"]["params"], dtrain, num_boost_round=spec["xgboost"]["boostRounds"])
    probabilities = booster.predict(dtest)

    os.makedirs(out, exist_ok=True)
    artifacts.write_reproducible_archive(booster_bytes(booster), os.path.join(out, artifacts.ARCHIVE))
    fields = contract_fields(spec, [records[i] for i in train], categories)
    artifacts.write_json(os.path.join(out, artifacts.CONTRACT), artifacts.contract_document(spec, fields, features))
    artifacts.write_json(os.path.join(out, artifacts.GOLDEN), {
        "description": "Held-out records (first by data-set row) with xgboost 1.7.4's probabilities.",
        "records": [
            {"record": records[row], "churnProbability": float(probabilities[k]), "churned": bool(labels[row])}
            for k, row in enumerate(test[: spec["goldenRecords"]])
        ],
    })
    metrics = {
        "model": spec["name"],
        "heldOutRows": len(test),
        "trainingRows": len(train),
        **held_out_metrics(y[test], probabilities, spec["decisionThreshold"]),
        "heldOutScores": score_distribution(probabilities),
        "xgboostVersion": xgb.__version__,
        "params": spec["xgboost"]["params"],
        "boostRounds": spec["xgboost"]["boostRounds"],
        "splitSeed": spec["split"]["seed"],
        "heldOutFraction": spec["split"]["heldOutFraction"],
    }
    artifacts.write_json(os.path.join(out, artifacts.METRICS), metrics)
    # Model Monitor's baseline: the training rows as the endpoint receives them (features in order).
    artifacts.write_compact_json(os.path.join(out, baseline.STATISTICS), baseline.statistics_document(matrix[train], feature_names))
    artifacts.write_json(os.path.join(out, baseline.CONSTRAINTS), baseline.constraints_document(matrix[train], feature_names))
    return metrics


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="training data, a CSV file with a header row")
    parser.add_argument("--spec", help="the training spec (model/training-spec.schema.json)")
    parser.add_argument("--out", help="directory to write the package to")
    args = parser.parse_args()
    given = [name for name in ("data", "spec", "out") if getattr(args, name) is not None]
    if not given:
        return BUNDLED["data"], BUNDLED["spec"], BUNDLED["out"]
    if len(given) != 3:
        # Defaulting only some would mix the bundled package with yours (and could overwrite it).
        parser.error("give all of --data, --spec and --out, or none of them (to rebuild the bundled package)")
    return args.data, args.spec, args.out


def main():
    data_path, spec_path, out = arguments()
    try:
        metrics = train_package(data_path, spec_path, out)
    except SpecError as error:
        print(f"train: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"train: {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    summary = {key: metrics[key] for key in ("auc", "accuracy", "brierScore", "expectedCalibrationError", "confusionMatrix")}
    print(json.dumps({"package": out, **summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
