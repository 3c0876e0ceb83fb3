"""flowd: read and write flowd store v3 flow logs (and read v2 ones).

A pure Python 3 replacement for flowd's Python 2 C module with the same
names: FlowLog, FlowLog_fromfile, Flow, iso_time, interval_time and the
FIELD_*, DISPLAY_* and STORE_* constants.
"""

from .constants import *		# noqa: F401,F403
from .crc import crc32
from .errors import FlowdError
from .flow import Flow
from .flowlog import FlowLog, FlowLog_fromfile
from .text import iso_time, interval_time

__version__ = "1.0"
