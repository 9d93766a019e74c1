#!/usr/bin/python3
"""Requests per second per vCPU of the sagemaker-xgboost:1.7-1 container's decode-and-predict path.

    /usr/bin/python3 bench/container-throughput.py [--package model/bundled] [--seconds 20] [--http]

Our own replay of the steps the container takes for a `text/csv` request with `Accept:
application/json` (aws/sagemaker-xgboost-container, tag v1.7-1: algorithm_mode/serve.py
`invocations`, serve_utils.py `parse_content_data`/`predict`/`encode_predictions_as_json`,
encoder.py `csv_to_dmatrix`), run with Debian's python3-xgboost 1.7.4, the version the image ships:

  1. strip the body and decode it as UTF-8;
  2. sniff the delimiter from the first line's first 512 characters (csv.Sniffer), split the text
     into lines and each line on the delimiter, "" becomes "nan", into a float numpy array;
  3. wrap it in a DMatrix;
  4. predict with `ntree_limit=best_ntree_limit or 0` and `validate_features=False`;
  5. encode `{"predictions": [{"score": p}, ...]}` with json.dumps.

The bodies are what the Lambda sends (lambda/predict/feature-encoder.ts): the package's golden
records encoded through its contract, one CSV row per record, shortest float text.

CPU time per request (time.process_time, this process and all its threads) is the figure that
counts: the machine is shared and loaded, so wall time is reported as information only.

With --http the same steps also run behind the container's server stack, Flask + gunicorn (Debian's
python3-flask 2.2.2 and gunicorn 20.1.0) with as many workers as CPUs, as serve.py starts it; the
workers' CPU time (from /proc) is divided by the requests served.
"""
import argparse
import csv
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import warnings

import numpy as np
import xgboost as xgb

# The container passes ntree_limit, which xgboost 1.7 deprecates with a warning per call.
warnings.filterwarnings("ignore", message="ntree_limit is deprecated")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BATCH_SIZES = (1, 10, 100)


def load_booster(package):
    with tarfile.open(os.path.join(package, "model.tar.gz")) as archive:
        model_bytes = archive.extractfile("xgboost-model").read()
    booster = xgb.Booster()
    booster.load_model(bytearray(model_bytes))
    return booster


def number_text(value):
    """JavaScript's String(number) for the values the encoder writes: integers without '.0'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def feature_value(record, feature):
    encoding = feature["encoding"]
    if encoding == "number":
        return record[feature["source"]]
    if encoding == "boolean01":
        return 1 if record[feature["source"]] is True else 0
    if encoding == "oneHot":
        return 1 if record[feature["source"]] == feature["category"] else 0
    total = 0
    for source in feature["sources"]:
        total += record[source]
    return total


def csv_bodies(package, size):
    """Request bodies of `size` rows each, cycling through the golden records."""
    with open(os.path.join(package, "contract.json")) as handle:
        features = json.load(handle)["features"]
    with open(os.path.join(package, "golden.json")) as handle:
        records = [entry["record"] for entry in json.load(handle)["records"]]
    rows = [",".join(number_text(feature_value(record, feature)) for feature in features) for record in records]
    bodies = []
    for start in range(0, len(rows), size):
        chunk = (rows[start:] + rows)[:size]
        bodies.append("\n".join(chunk).encode("utf-8"))
    return bodies


def decode_and_predict(booster, payload):
    """Steps 1-5 above; returns the JSON answer."""
    text = payload.strip().decode("utf-8")
    sniffed = csv.Sniffer().sniff(text.split("\n")[0][:512]).delimiter
    delimiter = "," if sniffed.isalnum() else sniffed
    cells = [["nan" if cell == "" else cell for cell in line.split(delimiter)] for line in text.split("\n")]
    matrix = xgb.DMatrix(np.array(cells).astype(float))
    predictions = booster.predict(matrix, ntree_limit=getattr(booster, "best_ntree_limit", 0), validate_features=False)
    return json.dumps({"predictions": [{"score": score} for score in predictions.tolist()]})


def measure_in_process(booster, bodies, seconds):
    for body in bodies[:5]:
        decode_and_predict(booster, body)  # warm-up
    requests = 0
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall_start < seconds:
        decode_and_predict(booster, bodies[requests % len(bodies)])
        requests += 1
    return requests, time.process_time() - cpu_start, time.perf_counter() - wall_start


APP = '''
import sys
sys.path.insert(0, {bench!r})
import flask
import importlib.util
spec = importlib.util.spec_from_file_location("bench", {script!r})
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
booster = None
app = flask.Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 6 * 1024 * 1024

def post_worker_init(worker):
    global booster
    booster = bench.load_booster({package!r})

@app.route("/invocations", methods=["POST"])
def invocations():
    payload = flask.request.data
    if len(payload) == 0:
        return flask.Response(response="", status=204)
    return flask.Response(response=bench.decode_and_predict(booster, payload), status=200, mimetype="application/json")
'''


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(master):
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in children]


def measure_http(package, bodies, seconds, workers):
    directory = tempfile.mkdtemp(prefix="container-throughput-")
    with open(os.path.join(directory, "app.py"), "w") as handle:
        handle.write(APP.format(bench=directory, script=os.path.abspath(__file__), package=os.path.abspath(package)))
    with open(os.path.join(directory, "conf.py"), "w") as handle:
        handle.write(f"import sys\nsys.path.insert(0, {directory!r})\nfrom app import post_worker_init\nkeepalive = 60\n")
    port = free_port()
    server = subprocess.Popen(
        ["/usr/bin/python3", "-m", "gunicorn", "--chdir", directory, "-c", os.path.join(directory, "conf.py"),
         "--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:app"],
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("POST", "/invocations", body=bodies[0], headers={"Content-Type": "text/csv", "Accept": "application/json"})
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise
                time.sleep(0.2)
        pids = worker_pids(server.pid)
        counts = [0] * workers
        stop = time.perf_counter() + seconds

        def client(index):
            # Sync workers close the connection after each answer, as they do behind SageMaker's proxy.
            while time.perf_counter() < stop:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("POST", "/invocations", body=bodies[counts[index] % len(bodies)],
                                   headers={"Content-Type": "text/csv", "Accept": "application/json"})
                answer = connection.getresponse()
                answer.read()
                connection.close()
                if answer.status != 200:
                    raise RuntimeError(f"HTTP {answer.status}")
                counts[index] += 1

        cpu_start = sum(process_cpu_seconds(pid) for pid in pids)
        wall_start = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - wall_start
        cpu = sum(process_cpu_seconds(pid) for pid in pids) - cpu_start
        return sum(counts), cpu, wall
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(kind, size, requests, cpu, wall):
    return {
        "stack": kind, "recordsPerRequest": size, "requests": requests,
        "cpuMsPerRequest": round(1000 * cpu / requests, 3),
        "requestsPerCpuSecond": round(requests / cpu, 1),
        "wallRequestsPerSecond": round(requests / wall, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default=os.path.join(ROOT, "model", "bundled"))
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--http", action="store_true", help="also measure behind Flask + gunicorn")
    args = parser.parse_args()
    booster = load_booster(args.package)
    print(json.dumps({
        "xgboost": xgb.__version__, "python": sys.version.split()[0], "cpus": os.cpu_count(),
        "loadAverage": [round(load, 2) for load in os.getloadavg()],
    }), flush=True)
    for size in BATCH_SIZES:
        bodies = csv_bodies(args.package, size)
        print(json.dumps(report("in-process", size, *measure_in_process(booster, bodies, args.seconds))), flush=True)
        if args.http:
            print(json.dumps(report("flask+gunicorn", size, *measure_http(args.package, bodies, args.seconds, os.cpu_count()))), flush=True)
    print(json.dumps({"loadAverageAfter": [round(load, 2) for load in os.getloadavg()]}))


if __name__ == "__main__":
    sys.exit(main())
