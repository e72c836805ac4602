#!/usr/bin/env bash
# Regenerates tfcompat/io/proto/*_pb2.py from the .proto files next to this script.
#
# Needs grpcio-tools (it ships protoc):  .venv/bin/pip install grpcio-tools
# Run from anywhere:                     tfcompat/io/proto/regenerate.sh
#
# The .proto files import each other as "tfcompat/io/proto/x.proto" and are compiled with the
# repository root as proto_path, so the generated modules import each other as
# `from tfcompat.io.proto import x_pb2`.
#
# The messages use TensorFlow's package name ("tensorflow"), so registering them in protobuf's
# default descriptor pool would clash with TensorFlow's own modules when both are imported in
# one process ("duplicate symbol 'tensorflow.TensorShapeProto'"). The sed step below makes every
# generated module register into the private pool of _pool.py instead.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" -m grpc_tools.protoc -I. --python_out=. tfcompat/io/proto/*.proto
sed -i \
  -e 's/^from google\.protobuf import descriptor_pool as _descriptor_pool$/from tfcompat.io.proto._pool import POOL as _POOL/' \
  -e 's/_descriptor_pool\.Default()/_POOL/' \
  tfcompat/io/proto/*_pb2.py
