"""The IDX files of the PyTorch measuring scripts in bench/ (standard library and numpy only).

Every PyTorch statement in bench/ takes its data location as an argument: --source DIR, a folder with the four
Fashion-MNIST-named files (each .gz or plain), and --train-images/--train-labels/--test-images/--test-labels, single
IDX files that override the folder. Errors are one line on stderr, naming the file, and exit code 2.
"""
import gzip
import os
import sys

import numpy as np

DEFAULT_SOURCE = "/usr/share/datasets/fashion-mnist"
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def fail(message):
    """One line on stderr, prefixed with the script's name, and exit code 2."""
    print(os.path.basename(sys.argv[0]) + ": " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def add_data_arguments(parser):
    """--source and the four single-file overrides."""
    parser.add_argument("--source", default=DEFAULT_SOURCE,
                        help="folder with the four IDX files (default %(default)s)")
    for key in FILES:
        flag = "--" + key.replace("_", "-")
        parser.add_argument(flag, dest=key, metavar="FILE", help="IDX file (raw or .gz), overrides --source")


def data_paths(args):
    """The four IDX files: an explicit --train-images etc. wins, else NAME.gz or NAME in --source."""
    paths = {}
    for key, name in FILES.items():
        explicit = getattr(args, key)
        if explicit:
            if not os.path.isfile(explicit):
                fail("%s: no such file (--%s)" % (explicit, key.replace("_", "-")))
            paths[key] = explicit
            continue
        for candidate in (os.path.join(args.source, name + ".gz"), os.path.join(args.source, name)):
            if os.path.isfile(candidate):
                paths[key] = candidate
                break
        else:
            fail("%s: no %s(.gz); pass --source DIR or --%s FILE" % (args.source, name, key.replace("_", "-")))
    return paths


def read_idx(path, magic):
    """The array in an IDX file (raw or gzip): uint8 with magic 2049 (labels, 1-d) or 2051 (images, 3-d)."""
    try:
        with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        fail("%s: %s" % (path, e))
    found = int.from_bytes(data[0:4], "big") if len(data) >= 4 else -1
    if found != magic:
        fail("%s: IDX magic %d, expected %d (%s)" % (path, found, magic, "labels" if magic == 2049 else "images"))
    dims = magic & 0xFF
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    header = 4 + 4 * dims
    if len(data) - header != int(np.prod(shape)):
        fail("%s: %d bytes of data, header says %s" % (path, len(data) - header, "x".join(map(str, shape))))
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)
