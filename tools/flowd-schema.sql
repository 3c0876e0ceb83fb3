-- flowd-schema.sql: the SQLite schema flowd-sqlite loads flows into.
--
-- One row per flow.  A column is NULL when the record did not carry its
-- field group.  Addresses are text as inet_ntop(3) prints them; times are
-- seconds since the epoch (UTC).  The 64-bit counters are declared
-- without a type (no affinity): they hold an INTEGER, or decimal TEXT for
-- the values at or above 2^63 that an SQLite INTEGER cannot hold (an
-- INTEGER column would turn those into inexact REALs).
-- Every statement may run again on an existing database.

CREATE TABLE IF NOT EXISTS flows (
	id		INTEGER PRIMARY KEY,
	load_id		INTEGER NOT NULL REFERENCES loads(id),
	fields		INTEGER NOT NULL,	-- store v3 field mask
	tag		INTEGER,
	recv_sec	INTEGER,
	recv_usec	INTEGER,
	proto		INTEGER,
	tcp_flags	INTEGER,
	tos		INTEGER,
	agent		TEXT,
	src		TEXT,
	dst		TEXT,
	gateway		TEXT,
	src_port	INTEGER,
	dst_port	INTEGER,
	packets,
	octets,
	in_if		INTEGER,
	out_if		INTEGER,
	sys_uptime_ms	INTEGER,
	export_sec	INTEGER,
	export_nsec	INTEGER,
	netflow_version	INTEGER,
	flow_start	INTEGER,
	flow_finish	INTEGER,
	src_as		INTEGER,
	dst_as		INTEGER,
	src_mask	INTEGER,
	dst_mask	INTEGER,
	engine_type	INTEGER,
	engine_id	INTEGER,
	flow_sequence	INTEGER,
	source_id	INTEGER,
	start_sec	INTEGER,
	start_nsec	INTEGER,
	end_sec		INTEGER,
	end_nsec	INTEGER,
	src_mac		TEXT,
	dst_mac		TEXT,
	post_src_mac	TEXT,
	post_dst_mac	TEXT,
	src_vlan	INTEGER,
	dst_vlan	INTEGER,
	ip_version	INTEGER,
	direction	INTEGER,
	end_reason	INTEGER,
	icmp_type	INTEGER,
	icmp_code	INTEGER,
	flow_label	INTEGER,
	sampling_interval INTEGER,
	sampling_algorithm INTEGER,
	exporter_port	INTEGER,
	out_packets,
	out_octets,
	nat_src		TEXT,		-- NULL also when that side was
	nat_dst		TEXT,		-- not reported
	nat_src_port	INTEGER,
	nat_dst_port	INTEGER
);

-- One row per log file loaded.
CREATE TABLE IF NOT EXISTS loads (
	id		INTEGER PRIMARY KEY,
	path		TEXT NOT NULL,
	loaded_at	INTEGER NOT NULL,	-- seconds since the epoch
	flows		INTEGER NOT NULL DEFAULT 0,
	truncated	INTEGER NOT NULL DEFAULT 0	-- partial bytes at end
);

CREATE INDEX IF NOT EXISTS flows_recv ON flows (recv_sec);
CREATE INDEX IF NOT EXISTS flows_src ON flows (src);
CREATE INDEX IF NOT EXISTS flows_dst ON flows (dst);
CREATE INDEX IF NOT EXISTS flows_agent ON flows (agent);
