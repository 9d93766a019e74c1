#!/usr/bin/python3
"""Check the local SageMaker stand-in against the serving container's own xgboost.

Run with Debian's python3-xgboost 1.7.4, the xgboost the `sagemaker-xgboost:1.7-1` image
ships. The committed model is loaded and requests are parsed the way that container does it
(see /work/shared/reference/SAGEMAKER-FACTS.md, read in aws/sagemaker-xgboost-container at
v1.7-1):

  * model.tar.gz is unpacked into an empty model directory; every regular, non-dot file at its
    top is loaded (pickle first, then Booster.load_model) with nthread=1, and the predictions
    of several files would be averaged, so the archive must hold exactly one;
  * a text/csv body is stripped of surrounding whitespace, decoded as UTF-8, its delimiter is
    sniffed from the first line (a letter or digit means ","), rows are split on "\\n", an empty
    field becomes "nan", and the rows become one float array (rows of different lengths
    cannot: the container answers 415) and then a DMatrix without feature names;
  * scoring calls predict(validate_features=False) with ntree_limit taken from
    best_ntree_limit when the booster has it; a failure there is the container's 400.

The stand-in's answers come from scripts/stand-in-answers.ts (it runs the local service in
process). Every case must agree in status, and every score within the tolerance. Prints the
largest differences; exits 1 on any disagreement.

Usage: /usr/bin/python3 scripts/container-fidelity.py ANSWERS.json [--package DIR] [--tolerance 1e-6]
(the package directory holds model.tar.gz and golden.json; default: model/bundled)
"""
import argparse
import csv
import json
import os
import pickle
import re
import sys
import tarfile
import tempfile
import warnings

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PACKAGE = os.path.join(HERE, "..", "model", "bundled")
SERVING_XGBOOST = "1.7.4"


class ContainerAnswer:
    """Status and scores of one /invocations call, as the container would answer it."""

    def __init__(self, status, scores=None, reason=""):
        self.status = status
        self.scores = scores
        self.reason = reason


def unpack_model_directory(archive_path, directory):
    """Unpack the archive as SageMaker does into /opt/ml/model; return the files the container would load."""
    with tarfile.open(archive_path, "r:gz") as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(directory, filter="data")
        else:
            archive.extractall(directory)
    names = sorted(os.listdir(directory))
    return [os.path.join(directory, name) for name in names
            if not name.startswith(".") and os.path.isfile(os.path.join(directory, name))]


def load_booster(path):
    """Pickle first, then xgboost's own format; one scoring thread."""
    try:
        with open(path, "rb") as handle:
            booster = pickle.load(handle)
    except Exception:
        booster = xgb.Booster()
        booster.load_model(path)
    booster.set_param("nthread", 1)
    return booster


def csv_to_dmatrix(body):
    """The container's text/csv reading: strip, sniff the delimiter, 'nan' for empty fields."""
    text = body.encode("utf-8").strip().decode("utf-8")
    first_line = text.split("\n")[0][:512]
    delimiter = csv.Sniffer().sniff(first_line).delimiter
    if delimiter.isalnum():
        delimiter = ","
    rows = [["nan" if field == "" else field for field in line.split(delimiter)] for line in text.split("\n")]
    return xgb.DMatrix(np.array(rows).astype(float))


def score(boosters, body):
    if len(body) == 0:
        return ContainerAnswer(204)
    try:
        matrix = csv_to_dmatrix(body)
    except Exception as error:  # the container answers 415 for any loading failure
        return ContainerAnswer(415, reason=f"{type(error).__name__}: {error}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ntree_limit is deprecated in 1.7, but it is what the container passes
            each = [booster.predict(matrix, ntree_limit=getattr(booster, "best_ntree_limit", 0), validate_features=False)
                    for booster in boosters]
    except Exception as error:  # the container answers 400 when scoring fails
        return ContainerAnswer(400, reason=f"{type(error).__name__}: {str(error).splitlines()[0]}")
    predictions = each[0] if len(each) == 1 else np.mean(each, axis=0)
    return ContainerAnswer(200, [float(value) for value in predictions.tolist()])


def max_difference(left, right):
    if len(left) != len(right):
        return float("inf")
    return max((abs(a - b) for a, b in zip(left, right)), default=0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("answers", help="JSON written by scripts/stand-in-answers.ts")
    parser.add_argument("--package", default=DEFAULT_PACKAGE, help="model package directory (model.tar.gz, golden.json)")
    parser.add_argument("--tolerance", type=float, default=1e-6)
    args = parser.parse_args()

    problems = []
    if xgb.__version__ != SERVING_XGBOOST:
        problems.append(f"xgboost is {xgb.__version__}; the serving container runs {SERVING_XGBOOST}")
    with open(args.answers) as handle:
        answers = json.load(handle)
    archive = os.path.join(args.package, "model.tar.gz")
    with open(os.path.join(args.package, "golden.json")) as handle:
        golden = [entry["churnProbability"] for entry in json.load(handle)["records"]]

    with tempfile.TemporaryDirectory() as model_dir:
        model_files = unpack_model_directory(archive, model_dir)
        if len(model_files) != 1:
            problems.append(f"the archive holds {len(model_files)} loadable files; the container would average them")
        boosters = [load_booster(path) for path in model_files]
        if boosters and boosters[0].num_features() != answers["featureCount"]:
            problems.append(f"the model takes {boosters[0].num_features()} features; the function sends {answers['featureCount']}")

        stand_in_max = 0.0
        rows_compared = 0
        golden_scores = []
        for case in answers["cases"]:
            container = score(boosters, case["csv"])
            stand_in = case["standIn"]
            if container.status != stand_in["status"]:
                problems.append(f"{case['name']}: the container answers {container.status} ({container.reason}), "
                                f"the stand-in {stand_in['status']}")
                continue
            if container.status != 200:
                continue
            difference = max_difference(container.scores, stand_in["scores"])
            stand_in_max = max(stand_in_max, difference)
            rows_compared += len(container.scores)
            if not difference <= args.tolerance:
                problems.append(f"{case['name']}: the stand-in's scores differ from the container's by {difference:.3e}")
            if re.fullmatch(r"golden\[\d+\]", case["name"]):
                golden_scores.extend(container.scores)

    golden_max = max_difference(golden_scores, golden)
    api_max = max_difference(golden_scores, answers["api"])
    for label, difference in [("golden.json", golden_max), ("the local API (real handler)", api_max)]:
        if not difference <= args.tolerance:
            problems.append(f"{label} differs from the container by {difference:.3e} over the golden records")

    print(f"container fidelity (xgboost {xgb.__version__}, {len(model_files)} model file, "
          f"{len(answers['cases'])} bodies, {rows_compared} rows scored, tolerance {args.tolerance:g}):")
    print(f"  max |stand-in - container|       = {stand_in_max:.3e}")
    print(f"  max |local API - container|      = {api_max:.3e}  ({len(answers['api'])} golden records)")
    print(f"  max |golden.json - container|    = {golden_max:.3e}")
    for problem in problems:
        print(f"  MISMATCH: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
