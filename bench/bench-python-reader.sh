#!/bin/sh
# Python reader flows/s (BENCHMARKS.md, "Python reader").
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec $py "$(dirname "$0")/python-reader" "$@"
