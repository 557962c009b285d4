#!/usr/bin/env bash
# Build the Python and Go base images that the build lab lacks, from Debian's own packages.
#
#   source /tmp/buildlab/env.sh && bash scripts/lab-images.sh [--force]
#
# The lab has no registry, so `python:3.11-slim` and `golang:1.19-bookworm` cannot be pulled.
# These images STAND IN for the official ones under the same tags, so the Dockerfiles that
# `dfopt new python|go` writes build here unchanged. They are not the official images: Python is
# Debian's python3 (3.11) and Go is Debian's golang-1.19, made to look like the official images
# where a Dockerfile can tell (python, pip, venv and the C headers, with no "externally managed" guard;
# go on PATH, GOPATH=/go, gcc and libc headers for cgo). Like the lab's node image they trust this
# machine's extra CA (the variables below), so pip, uv and Poetry reach the package index.
#
# Images that already exist are kept (a second run takes a second); --force rebuilds them.
set -euo pipefail

FORCE=0
[ "${1:-}" = --force ] && FORCE=1
PYTHON_TAGS=(python:3.11-slim python:3.11-slim-bookworm)
GO_TAGS=(golang:1.19-bookworm golang:1.19)
CA=/etc/ssl/certs/ca-certificates.crt

have() { [ "$FORCE" = 0 ] && docker image inspect "$1" >/dev/null 2>&1; }

build() {  # build TAGS... from the Dockerfile on stdin
  local dir args=()
  dir=$(mktemp -d)
  cat > "$dir/Dockerfile"
  for tag in "$@"; do args+=(-t "$tag"); done
  docker build -q --network host "${args[@]}" "$dir" >/dev/null
  rm -rf "$dir"
}

if have "${PYTHON_TAGS[0]}"; then
  echo "lab images: ${PYTHON_TAGS[0]} exists"
else
  t=$SECONDS
  build "${PYTHON_TAGS[@]}" <<EOF
FROM debian:bookworm-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates python3 python3-dev python3-venv python3-pip python-is-python3 \\
    && rm -rf /var/lib/apt/lists/* /usr/lib/python3.11/EXTERNALLY-MANAGED \\
    && ln -s /usr/bin/pip3 /usr/local/bin/pip
ENV LANG=C.UTF-8 PIP_CERT=$CA SSL_CERT_FILE=$CA REQUESTS_CA_BUNDLE=$CA
CMD ["python3"]
EOF
  echo "lab images: ${PYTHON_TAGS[*]} built in $((SECONDS - t))s (Debian's python3 standing in)"
fi

if have "${GO_TAGS[0]}"; then
  echo "lab images: ${GO_TAGS[0]} exists"
else
  t=$SECONDS
  build "${GO_TAGS[@]}" <<EOF
FROM debian:bookworm-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates golang-1.19-go gcc libc6-dev pkg-config \\
    && rm -rf /var/lib/apt/lists/*
ENV GOPATH=/go PATH=/go/bin:/usr/lib/go-1.19/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    SSL_CERT_FILE=$CA
WORKDIR /go
EOF
  echo "lab images: ${GO_TAGS[*]} built in $((SECONDS - t))s (Debian's golang-1.19 standing in)"
fi
