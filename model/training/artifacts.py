"""Writing a model package: JSON files with a final newline, and a byte-reproducible model.tar.gz."""
import gzip
import io
import json
import tarfile

ARCHIVE = "model.tar.gz"
CONTRACT = "contract.json"
GOLDEN = "golden.json"
METRICS = "metrics.json"
# The one file the archive holds: the sagemaker-xgboost container loads (and averages) every file it finds.
MODEL_FILE = "xgboost-model"
CONTRACT_FORMAT_VERSION = 1


def write_json(path, value):
    with open(path, "w") as handle:
        json.dump(value, handle, indent=2, sort_keys=False)
        handle.write("\n")


def write_compact_json(path, value):
    """For large machine-read files (Model Monitor's statistics): one line, then a newline."""
    with open(path, "w") as handle:
        json.dump(value, handle, separators=(",", ":"))
        handle.write("\n")


def write_reproducible_archive(model_bytes, path):
    """model.tar.gz with exactly one entry `xgboost-model`, fixed metadata, gzip mtime 0."""
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo(MODEL_FILE)
        info.size = len(model_bytes)
        info.mtime = 0
        info.mode = 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        archive.addfile(info, io.BytesIO(model_bytes))
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(tar_buffer.getvalue())


def contract_document(spec, fields, features):
    """contract.json: what the API accepts (fields) and how it becomes the model's CSV row (features)."""
    return {
        "formatVersion": CONTRACT_FORMAT_VERSION,
        "name": spec["name"],
        "description": spec["description"],
        "target": {"column": spec["target"]["column"], "positiveLabel": spec["target"]["positiveLabel"]},
        "fields": fields,
        "features": features,
    }
