#!/usr/bin/env python3
"""Run one SQL query on a database and print rows tab-separated (NULL as
"NULL"): sql.py DB QUERY"""

import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("\t".join("NULL" if v is None else str(v) for v in row))
