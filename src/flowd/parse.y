/*
 * parse.y: the flowd.conf grammar.
 *
 * The shape is the usual one of BSD daemons: a stack of files for
 * "include", a hand-written lexer with a sorted keyword table and a
 * bounded token buffer, macros ("name = value", $name, -D name=value),
 * and error recovery at the end of each line so that one run reports
 * every mistake as "file:line: message".  Everything flowd 0.9.1
 * accepts is accepted; see flowd.conf(5) for what was added.
 *
 * Memory: every string the lexer returns lives in a per-parse arena
 * that is freed when the parse ends, so error recovery (which drops
 * semantic values on the floor) cannot leak.  Half-built rules and
 * prefix lists hang off globals for the same reason.
 */

%{
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat.h"
#include "sys-queue.h"
#include "addr.h"
#include "filter.h"
#include "flowd.h"
#include "log.h"

#define MAXPUSHBACK	128
#define MAXTOKEN	8192
#define MAXINCLUDE	16
#define MAXFILESIZE	(1024 * 1024)

struct file {
	TAILQ_ENTRY(file)	 entry;
	FILE			*stream;
	const u_char		*buf;		/* parsing from memory */
	size_t			 len;
	size_t			 off;
	char			*name;
	int			 lineno;
	int			 lastc;		/* for a missing final \n */
	int			 startnl;	/* hand the include's \n */
	int			 readable;	/* by others than the owner */
};
static TAILQ_HEAD(files, file)	 files = TAILQ_HEAD_INITIALIZER(files);
static struct file		*file, *topfile;

struct sym {
	TAILQ_ENTRY(sym)	 entry;
	int			 used;
	int			 persist;
	char			*nam;
	char			*val;
};
static TAILQ_HEAD(symhead, sym)	 symhead = TAILQ_HEAD_INITIALIZER(symhead);

/* Strings handed to the grammar; freed together when a parse ends. */
struct lexstr {
	struct lexstr		*next;
	char			 s[];
};
static struct lexstr		*lexstrs;

/* The rule and prefix list being built. */
static struct filter_rule	*cur;
static int			 cur_all;
static struct {
	struct filter_prefix	*v;
	size_t			 n;
	int			 any;
	int			 list;
} pb;

static struct flowd_config	*conf;
static int			 parse_flags;
static int			 errors;
static const char		*err_file;
static int			 err_line;
static char			 lasttok[64];

static u_char			 pushback[MAXPUSHBACK];
static int			 npushback;
static char			*expbuf;	/* macro value being read */
static size_t			 expoff;

int		 yyparse(void);
int		 yylex(void);
int		 yyerror(const char *, ...)
		    __attribute__((__format__ (printf, 1, 2)));
static int	 kw_cmp(const void *, const void *);
static int	 lookup(const char *);
static int	 lgetc(int);
static void	 lungetc(int);
static int	 findeol(void);
static int	 expand_macro(void);
static struct file *pushfile(const char *, int);
static struct file *pushbuf(const char *, size_t, const char *);
static int	 popfile(void);
static char	*symget(const char *);
static char	*lex_strdup(const char *);
static void	 parse_cleanup(void);
static void	 pb_reset(void);
static int	 pb_add(const char *);
static void	 rule_begin(int);
static int	 rule_finish(void);
static int	 add_prefix_crit(enum filter_kind, int);
static int	 add_crit(struct filter_crit *);
static int	 parse_tod(const char *, uint32_t *);
static int	 parse_date(const char *, int64_t *);
static int	 parse_days(const char *, uint8_t *);
static char	*xstrdup(const char *);

struct numspec {
	int		 op;		/* '=', '<', '>', LE, GE, ':' or 'S' */
	int		 neg;
	int		 present;
	uint64_t	 a, b;
	char		*str;
};
static int	 spec_range(enum filter_kind, const struct numspec *,
		    uint64_t *, uint64_t *);

typedef struct {
	union {
		int64_t			 number;
		char			*string;
		int			 i;
		struct numspec		 spec;
		struct {
			int		 isdate;
			int64_t		 val;
		} when;
	} v;
	char	numtext[32];
	int	lineno;
} YYSTYPE;

%}

%token	ACCEPT AFTER AGENT ALL ANY BATCH BEFORE BUFSIZE CHROOT DATE DAYS
%token	DIRECT DISCARD DST EQUALS EXPORTERS FACILITY FLOW FORWARD GROUP
%token	IN_IFNDX INCLUDE INET INET6 JOIN LIFETIME LIMIT LISTEN LOGFILE LOGSOCK MASK
%token	OCTETS ON OUT_IFNDX PACKETS PIDFILE PORT PROTO QUICK RECEIVE SIZE
%token	SOURCE SRC STORE SYSLOG TAG TCP_FLAGS TEMPLATE TEMPLATES TO TOS USER
%token	VERSION
%token	LE GE ERROR
%token	<v.string>	STRING
%token	<v.number>	NUMBER
%type	<v.number>	number bufopt directopt
%type	<v.string>	string varword ifopt
%type	<v.i>		not addrkw numkw daylist
%type	<v.spec>	numspec portopt
%type	<v.when>	when
%%

grammar		: /* empty */
		| grammar '\n'
		| grammar include '\n'
		| grammar main '\n'
		| grammar varset '\n'
		| grammar filterrule '\n'
		| grammar error '\n'		{ yyerrok; }
		;

include		: INCLUDE STRING		{
			struct file	*nfile;

			if (parse_flags & CONF_NOINCLUDE) {
				yyerror("include is not allowed here");
				YYERROR;
			}
			if ((nfile = pushfile($2, 1)) == NULL) {
				yyerror("failed to include file %s", $2);
				YYERROR;
			}
			file = nfile;
		}
		;

number		: NUMBER
		;

string		: varword
		| string varword		{
			char	*s;

			if (asprintf(&s, "%s %s", $1, $2) == -1)
				fatal("string");
			$$ = lex_strdup(s);
			free(s);
		}
		;

varword		: STRING
		| NUMBER			{ $$ = lex_strdup($<numtext>1); }
		;

varset		: STRING '=' string		{
			const char	*p;

			for (p = $1; *p != '\0'; p++) {
				if (!isalnum((u_char)*p) && *p != '_') {
					yyerror("macro name \"%s\" may only "
					    "contain letters, digits and _", $1);
					YYERROR;
				}
			}
			if (conf_symset($1, $3, 0) == -1)
				fatal("cannot store variable");
		}
		;

bufopt		: /* empty */			{ $$ = 0; }
		| BUFSIZE number		{
			if ($2 < 1 || $2 > FLOWD_MAX_BUFSIZE) {
				yyerror("bufsize %lld out of range 1-%d",
				    (long long)$2, FLOWD_MAX_BUFSIZE);
				YYERROR;
			}
			$$ = $2;
		}
		;

directopt	: /* empty */			{ $$ = 0; }
		| DIRECT			{ $$ = 1; }
		;

ifopt		: /* empty */			{ $$ = NULL; }
		| ON STRING			{ $$ = $2; }
		;

main		: LISTEN ON STRING bufopt	{
			struct listen_addr	*la;

			if ((la = calloc(1, sizeof(*la))) == NULL)
				fatal("listen");
			if (addr_pton_port($3, &la->addr, &la->port) == -1) {
				free(la);
				yyerror("invalid listen address \"%s\" "
				    "(want ADDR:PORT or [ADDR6]:PORT)", $3);
				YYERROR;
			}
			la->bufsize = (int)$4;
			TAILQ_INSERT_TAIL(&conf->listen_addrs, la, entry);
		}
		| FLOW SOURCE STRING		{
			struct flow_source	*fs;

			if ((fs = calloc(1, sizeof(*fs))) == NULL)
				fatal("flow source");
			if (addr_pton_prefix($3, &fs->addr, &fs->len) == -1) {
				free(fs);
				yyerror("invalid flow source \"%s\"", $3);
				YYERROR;
			}
			TAILQ_INSERT_TAIL(&conf->sources, fs, entry);
		}
		| FLOW SOURCE ANY		{
			struct flow_source	*fs;

			if ((fs = calloc(1, sizeof(*fs))) == NULL)
				fatal("flow source");
			fs->any = 1;
			TAILQ_INSERT_TAIL(&conf->sources, fs, entry);
		}
		| JOIN GROUP STRING ifopt	{
			struct join_group	*jg;

			if ((jg = calloc(1, sizeof(*jg))) == NULL)
				fatal("join group");
			if (addr_pton($3, &jg->addr) == -1 ||
			    !addr_is_multicast(&jg->addr)) {
				free(jg);
				yyerror("invalid multicast group \"%s\"", $3);
				YYERROR;
			}
			if ($4 != NULL && strlcpy(jg->ifname, $4,
			    sizeof(jg->ifname)) >= sizeof(jg->ifname)) {
				free(jg);
				yyerror("interface name \"%s\" too long", $4);
				YYERROR;
			}
			TAILQ_INSERT_TAIL(&conf->join_groups, jg, entry);
		}
		| LOGFILE STRING directopt	{
			free(conf->logfile);
			conf->logfile = xstrdup($2);
			conf->log_direct = (int)$3;
		}
		| LOGSOCK STRING bufopt		{
			free(conf->logsock);
			conf->logsock = xstrdup($2);
			conf->logsock_bufsize = (int)$3;
		}
		| PIDFILE STRING		{
			free(conf->pidfile);
			conf->pidfile = xstrdup($2);
		}
		| FORWARD TO STRING		{
			struct forward_target	*ft;

			if ((ft = calloc(1, sizeof(*ft))) == NULL)
				fatal("forward");
			if (addr_pton_port($3, &ft->addr, &ft->port) == -1) {
				free(ft);
				yyerror("invalid forward target \"%s\" "
				    "(want ADDR:PORT or [ADDR6]:PORT)", $3);
				YYERROR;
			}
			TAILQ_INSERT_TAIL(&conf->forwards, ft, entry);
		}
		| STORE STRING			{
			uint32_t	 m;

			if ((m = conf_store_lookup($2)) == 0) {
				yyerror("unknown store field \"%s\"", $2);
				YYERROR;
			}
			if (!conf->store_set)
				conf->store_mask = 0;
			conf->store_set = 1;
			conf->store_mask |= m;
		}
		| STORE TAG			{
			if (!conf->store_set)
				conf->store_mask = 0;
			conf->store_set = 1;
			conf->store_mask |= FLOW_TAG;
		}
		| STORE ALL			{
			if (!conf->store_set)
				conf->store_mask = 0;
			conf->store_set = 1;
			conf->store_mask |= FLOW_ALL_V30;
		}
		| LIMIT EXPORTERS number	{
			if ($3 < 1 || $3 > FLOWD_MAX_EXPORTERS) {
				yyerror("limit exporters %lld out of range "
				    "1-%d", (long long)$3, FLOWD_MAX_EXPORTERS);
				YYERROR;
			}
			conf->max_exporters = (u_int)$3;
		}
		| LIMIT TEMPLATES number	{
			if ($3 < 1 || $3 > FLOWD_MAX_TEMPLATES) {
				yyerror("limit templates %lld out of range "
				    "1-%d", (long long)$3, FLOWD_MAX_TEMPLATES);
				YYERROR;
			}
			conf->max_templates = (u_int)$3;
		}
		| LIMIT TEMPLATE SIZE number	{
			if ($4 < FLOWD_MIN_TEMPLATE_SIZE ||
			    $4 > FLOWD_MAX_TEMPLATE_SIZE) {
				yyerror("limit template size %lld out of range "
				    "%d-%d", (long long)$4,
				    FLOWD_MIN_TEMPLATE_SIZE,
				    FLOWD_MAX_TEMPLATE_SIZE);
				YYERROR;
			}
			conf->max_template_size = (u_int)$4;
		}
		| TEMPLATE LIFETIME number	{
			if ($3 > FLOWD_MAX_TEMPLATE_LIFE) {
				yyerror("template lifetime %lld out of range "
				    "0-%d", (long long)$3,
				    FLOWD_MAX_TEMPLATE_LIFE);
				YYERROR;
			}
			conf->template_lifetime = (u_int)$3;
		}
		| RECEIVE BATCH number		{
			if ($3 < 1 || $3 > FLOWD_MAX_RECV_BATCH) {
				yyerror("receive batch %lld out of range 1-%d",
				    (long long)$3, FLOWD_MAX_RECV_BATCH);
				YYERROR;
			}
			conf->recv_batch = (u_int)$3;
		}
		| USER STRING			{
			if (*$2 == '\0') {
				yyerror("empty user name");
				YYERROR;
			}
			free(conf->user);
			conf->user = xstrdup($2);
		}
		| CHROOT STRING			{
			if (*$2 != '/') {
				yyerror("chroot \"%s\" is not an absolute path",
				    $2);
				YYERROR;
			}
			free(conf->chroot);
			conf->chroot = xstrdup($2);
		}
		| SYSLOG FACILITY STRING	{
			int	 f;

			if ((f = conf_facility_lookup($3)) == -1) {
				yyerror("unknown syslog facility \"%s\"", $3);
				YYERROR;
			}
			conf->facility = f;
		}
		| SYSLOG FACILITY USER		{ conf->facility = LOG_USER; }
		;

filterrule	: action ruleitems		{
			if (rule_finish() == -1)
				YYERROR;
		}
		;

action		: ACCEPT			{ rule_begin(FILTER_ACCEPT); }
		| DISCARD			{ rule_begin(FILTER_DISCARD); }
		;

ruleitems	: /* empty */
		| ruleitems ruleitem
		;

not		: /* empty */			{ $$ = 0; }
		| '!'				{ $$ = 1; }
		;

addrkw		: AGENT				{ $$ = FK_AGENT; }
		| SRC				{ $$ = FK_SRC; }
		| DST				{ $$ = FK_DST; }
		;

numkw		: IN_IFNDX			{ $$ = FK_IF_IN; }
		| OUT_IFNDX			{ $$ = FK_IF_OUT; }
		| PROTO				{ $$ = FK_PROTO; }
		| TOS				{ $$ = FK_TOS; }
		| PACKETS			{ $$ = FK_PACKETS; }
		| OCTETS			{ $$ = FK_OCTETS; }
		| VERSION			{ $$ = FK_VERSION; }
		;

ruleitem	: TAG number			{
			if ($2 > UINT32_MAX) {
				yyerror("tag %lld out of range 0-%u",
				    (long long)$2, UINT32_MAX);
				YYERROR;
			}
			if (cur->tagged) {
				yyerror("tag given twice");
				YYERROR;
			}
			cur->tagged = 1;
			cur->tag = (uint32_t)$2;
		}
		| QUICK				{
			if (cur->quick) {
				yyerror("quick given twice");
				YYERROR;
			}
			cur->quick = 1;
		}
		| ALL				{ cur_all = 1; }
		| not addrkw not addrspec portopt {
			struct filter_crit	 c;

			if ($1 && $3) {
				yyerror("\"!\" given twice");
				YYERROR;
			}
			if (add_prefix_crit($2, $1 || $3) == -1)
				YYERROR;
			if ($5.present) {
				memset(&c, 0, sizeof(c));
				c.kind = $2 + 1;	/* the port after it */
				c.neg = $5.neg;
				if (spec_range(c.kind, &$5, &c.u.range.lo,
				    &c.u.range.hi) == -1 || add_crit(&c) == -1)
					YYERROR;
			}
		}
		| not numkw not numspec		{
			struct filter_crit	 c;

			if ($1 && $3) {
				yyerror("\"!\" given twice");
				YYERROR;
			}
			memset(&c, 0, sizeof(c));
			c.kind = $2;
			c.neg = $1 || $3;
			if (spec_range(c.kind, &$4, &c.u.range.lo,
			    &c.u.range.hi) == -1 || add_crit(&c) == -1)
				YYERROR;
		}
		| not INET			{
			struct filter_crit	 c;

			memset(&c, 0, sizeof(c));
			c.kind = FK_AF;
			c.neg = $1;
			c.u.af = AF_INET;
			if (add_crit(&c) == -1)
				YYERROR;
		}
		| not INET6			{
			struct filter_crit	 c;

			memset(&c, 0, sizeof(c));
			c.kind = FK_AF;
			c.neg = $1;
			c.u.af = AF_INET6;
			if (add_crit(&c) == -1)
				YYERROR;
		}
		| not TCP_FLAGS tcpmask not EQUALS number {
			struct filter_crit	 c;

			if ($1 && $4) {
				yyerror("\"!\" given twice");
				YYERROR;
			}
			if ($6 > 0xff) {
				yyerror("tcp_flags 0x%llx out of range 0-0xff",
				    (long long)$6);
				YYERROR;
			}
			memset(&c, 0, sizeof(c));
			c.kind = FK_TCP_FLAGS;
			c.neg = $1 || $4;
			c.u.tcp.mask = (uint8_t)$<v.number>3;
			c.u.tcp.flags = (uint8_t)$6;
			if ((c.u.tcp.flags & ~c.u.tcp.mask) != 0) {
				yyerror("tcp_flags 0x%02x has bits outside "
				    "mask 0x%02x: it can never match",
				    c.u.tcp.flags, c.u.tcp.mask);
				YYERROR;
			}
			if (add_crit(&c) == -1)
				YYERROR;
		}
		| not DAYS not daylist		{
			struct filter_crit	 c;

			if ($1 && $3) {
				yyerror("\"!\" given twice");
				YYERROR;
			}
			memset(&c, 0, sizeof(c));
			c.kind = FK_DAYS;
			c.neg = $1 || $3;
			c.u.days = (uint8_t)$4;
			if (add_crit(&c) == -1)
				YYERROR;
		}
		| not AFTER not when		{
			struct filter_crit	 c;

			if ($1 && $3) {
				yyerror("\"!\" given twice");
				YYERROR;
			}
			memset(&c, 0, sizeof(c));
			c.neg = $1 || $3;
			if ($4.isdate) {
				c.kind = FK_AFTER_DATE;
				c.u.date = $4.val;
			} else {
				c.kind = FK_AFTER_TIME;
				c.u.tod = (uint32_t)$4.val;
			}
			if (add_crit(&c) == -1)
				YYERROR;
		}
		| not BEFORE not when		{
			struct filter_crit	 c;

			if ($1 && $3) {
				yyerror("\"!\" given twice");
				YYERROR;
			}
			memset(&c, 0, sizeof(c));
			c.neg = $1 || $3;
			if ($4.isdate) {
				c.kind = FK_BEFORE_DATE;
				c.u.date = $4.val;
			} else {
				c.kind = FK_BEFORE_TIME;
				c.u.tod = (uint32_t)$4.val;
			}
			if (add_crit(&c) == -1)
				YYERROR;
		}
		;

tcpmask		: /* empty */			{ $<v.number>$ = 0xff; }
		| MASK number			{
			if ($2 > 0xff) {
				yyerror("tcp_flags mask 0x%llx out of range "
				    "0-0xff", (long long)$2);
				YYERROR;
			}
			$<v.number>$ = $2;
		}
		;

addrspec	: ANY				{ pb_reset(); pb.any = 1; }
		| STRING			{
			pb_reset();
			if (pb_add($1) == -1)
				YYERROR;
		}
		| '{' pfxlist '}'
		;

pfxlist		: STRING			{
			pb_reset();
			pb.list = 1;
			if (pb_add($1) == -1)
				YYERROR;
		}
		| pfxlist optcomma STRING	{
			if (pb_add($3) == -1)
				YYERROR;
		}
		;

optcomma	: /* empty */
		| ','
		;

portopt		: /* empty */			{
			memset(&$$, 0, sizeof($$));
		}
		| PORT not numspec		{
			$$ = $3;
			$$.present = 1;
			$$.neg = $2;
		}
		;

numspec		: number			{
			memset(&$$, 0, sizeof($$));
			$$.op = '=';
			$$.a = (uint64_t)$1;
		}
		| STRING			{
			memset(&$$, 0, sizeof($$));
			$$.op = 'S';
			$$.str = $1;
		}
		| '<' number			{
			memset(&$$, 0, sizeof($$));
			$$.op = '<';
			$$.a = (uint64_t)$2;
		}
		| '>' number			{
			memset(&$$, 0, sizeof($$));
			$$.op = '>';
			$$.a = (uint64_t)$2;
		}
		| LE number			{
			memset(&$$, 0, sizeof($$));
			$$.op = LE;
			$$.a = (uint64_t)$2;
		}
		| GE number			{
			memset(&$$, 0, sizeof($$));
			$$.op = GE;
			$$.a = (uint64_t)$2;
		}
		;

daylist		: STRING			{
			uint8_t	 d;

			if (parse_days($1, &d) == -1)
				YYERROR;
			$$ = d;
		}
		| daylist ',' STRING		{
			uint8_t	 d;

			if (parse_days($3, &d) == -1)
				YYERROR;
			$$ = $1 | d;
		}
		;

when		: STRING			{
			uint32_t	 t;

			if (parse_tod($1, &t) == -1) {
				yyerror("invalid time of day \"%s\" "
				    "(want HH:MM or HH:MM:SS)", $1);
				YYERROR;
			}
			$$.isdate = 0;
			$$.val = t;
		}
		| DATE STRING			{
			if (parse_date($2, &$$.val) == -1) {
				yyerror("invalid date \"%s\"", $2);
				YYERROR;
			}
			$$.isdate = 1;
		}
		| DATE NUMBER			{
			if (parse_date($<numtext>2, &$$.val) == -1) {
				yyerror("invalid date \"%s\" (want "
				    "YYYY[MM[DD[HH[MM[SS]]]]])",
				    $<numtext>2);
				YYERROR;
			}
			$$.isdate = 1;
		}
		;

%%

struct keywords {
	const char	*k_name;
	int		 k_val;
};

/* The lexer reports errors on its own line; yacc's echo is dropped. */
int
yyerror(const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];
	int	 line;

	line = yylval.lineno;
	if (strcmp(fmt, "syntax error") == 0) {
		if (err_file == file->name && err_line == line)
			return (0);
		if (yychar == '\n')
			strlcpy(msg, "syntax error at end of line", sizeof(msg));
		else if (lasttok[0] != '\0')
			snprintf(msg, sizeof(msg), "syntax error at \"%s\"",
			    lasttok);
		else
			strlcpy(msg, "syntax error", sizeof(msg));
	} else {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	errors++;
	err_file = file->name;
	err_line = line;
	if (!(parse_flags & CONF_QUIET))
		log_warnx("%s:%d: %s", file->name, line, msg);
	return (0);
}

static int
kw_cmp(const void *k, const void *e)
{
	return (strcmp(k, ((const struct keywords *)e)->k_name));
}

static int
lookup(const char *s)
{
	/* this has to be sorted always */
	static const struct keywords keywords[] = {
		{ "accept",	ACCEPT },
		{ "after",	AFTER },
		{ "agent",	AGENT },
		{ "all",	ALL },
		{ "any",	ANY },
		{ "batch",	BATCH },
		{ "before",	BEFORE },
		{ "bufsize",	BUFSIZE },
		{ "chroot",	CHROOT },
		{ "date",	DATE },
		{ "days",	DAYS },
		{ "direct",	DIRECT },
		{ "discard",	DISCARD },
		{ "dst",	DST },
		{ "equals",	EQUALS },
		{ "exporters",	EXPORTERS },
		{ "facility",	FACILITY },
		{ "flow",	FLOW },
		{ "forward",	FORWARD },
		{ "group",	GROUP },
		{ "in_ifndx",	IN_IFNDX },
		{ "include",	INCLUDE },
		{ "inet",	INET },
		{ "inet6",	INET6 },
		{ "join",	JOIN },
		{ "lifetime",	LIFETIME },
		{ "limit",	LIMIT },
		{ "listen",	LISTEN },
		{ "logfile",	LOGFILE },
		{ "logsock",	LOGSOCK },
		{ "mask",	MASK },
		{ "octets",	OCTETS },
		{ "on",		ON },
		{ "out_ifndx",	OUT_IFNDX },
		{ "packets",	PACKETS },
		{ "pidfile",	PIDFILE },
		{ "port",	PORT },
		{ "proto",	PROTO },
		{ "quick",	QUICK },
		{ "receive",	RECEIVE },
		{ "size",	SIZE },
		{ "source",	SOURCE },
		{ "src",	SRC },
		{ "store",	STORE },
		{ "syslog",	SYSLOG },
		{ "tag",	TAG },
		{ "tcp_flags",	TCP_FLAGS },
		{ "template",	TEMPLATE },
		{ "templates",	TEMPLATES },
		{ "to",		TO },
		{ "tos",	TOS },
		{ "user",	USER },
		{ "version",	VERSION },
	};
	const struct keywords	*p;

	p = bsearch(s, keywords, sizeof(keywords) / sizeof(keywords[0]),
	    sizeof(keywords[0]), kw_cmp);
	return (p != NULL ? p->k_val : STRING);
}

/* One byte of the current file or buffer, EOF at its end. */
static int
rawgetc(void)
{
	int	 c;

	if (file->startnl) {
		file->startnl = 0;
		return ('\n');
	}
	if (file->stream != NULL)
		c = getc(file->stream);
	else if (file->off < file->len)
		c = file->buf[file->off++];
	else
		c = EOF;
	/* A last line without its newline still ends a statement. */
	if (c == EOF && file->lastc != '\n' && file->lastc != EOF) {
		file->lastc = '\n';
		return ('\n');
	}
	if (c == EOF)
		file->lastc = EOF;
	else
		file->lastc = c;
	return (c);
}

/*
 * Next input character: pushed-back ones, then a macro's value, then
 * the file.  Outside quotes a backslash-newline joins two lines.
 */
static int
lgetc(int quotec)
{
	int	 c, next;

	if (npushback > 0)
		return (pushback[--npushback]);
	if (expbuf != NULL) {
		if (expbuf[expoff] != '\0')
			return ((u_char)expbuf[expoff++]);
		expbuf = NULL;
	}
	if (quotec) {
		if ((c = rawgetc()) == EOF)
			yyerror("reached end of file while parsing a "
			    "quoted string");
		return (c);
	}
	while ((c = rawgetc()) == '\\') {
		next = rawgetc();
		if (next != '\n') {
			if (next != EOF)
				lungetc(next);
			break;
		}
		file->lineno++;
	}
	return (c);
}

static void
lungetc(int c)
{
	if (c == EOF)
		return;
	if (npushback < MAXPUSHBACK)
		pushback[npushback++] = (u_char)c;
}

/* Skip to the end of the line after an error in the lexer. */
static int
findeol(void)
{
	int	 c;

	expbuf = NULL;
	for (;;) {
		c = lgetc(0);
		if (c == '\n') {
			lungetc(c);
			break;
		}
		if (c == EOF)
			break;
	}
	return (ERROR);
}

static int
allowed_in_word(int c)
{
	if (c <= ' ' || c >= 0x7f)
		return (0);
	return (strchr("(){}<>!=#,\"'$\\", c) == NULL);
}

/*
 * Numbers as flowd 0.9.1 read them: decimal, 0x hex or leading-zero
 * octal.  Decimal goes through strtonum; the other two are converted
 * here with the same overflow rule.
 */
static int
lex_number(const char *s, int64_t *v, const char **errstr)
{
	uint64_t	 n = 0;
	u_int		 base, d;
	const char	*p;

	*errstr = NULL;
	if (s[0] != '0' || s[1] == '\0') {
		*v = strtonum(s, 0, INT64_MAX, errstr);
		return (*errstr == NULL ? 0 : -1);
	}
	if (s[1] == 'x' || s[1] == 'X') {
		base = 16;
		p = s + 2;
	} else {
		base = 8;
		p = s + 1;
	}
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			d = (u_int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (u_int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (u_int)(*p - 'A' + 10);
		else
			d = 99;
		if (d >= base) {
			*errstr = "invalid";
			return (-1);
		}
		if (n > ((uint64_t)INT64_MAX - d) / base) {
			*errstr = "too large";
			return (-1);
		}
		n = n * base + d;
	}
	*v = (int64_t)n;
	return (0);
}

static int
is_number(const char *s)
{
	const char	*p;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (s[2] == '\0')
			return (0);
		for (p = s + 2; *p != '\0'; p++)
			if (!isxdigit((u_char)*p))
				return (0);
		return (1);
	}
	for (p = s; *p != '\0'; p++)
		if (!isdigit((u_char)*p))
			return (0);
	return (p != s);
}

/*
 * "$name": read the name, then have lgetc() return the value, followed
 * by the character that ended the name.
 */
static int
expand_macro(void)
{
	char	 name[128], rest[MAXPUSHBACK + 1], *val, *p;
	int	 c;
	size_t	 n = 0;

	while ((c = lgetc(0)) != EOF && (isalnum(c) || c == '_')) {
		if (n >= sizeof(name) - 1) {
			yyerror("macro name too long");
			return (-1);
		}
		name[n++] = (char)c;
	}
	name[n] = '\0';
	lungetc(c);
	if (n == 0) {
		yyerror("\"$\" without a macro name");
		return (-1);
	}
	if ((val = symget(name)) == NULL) {
		yyerror("macro \"%s\" not defined", name);
		return (-1);
	}
	p = rest;
	while (npushback > 0)
		*p++ = (char)pushback[--npushback];
	*p = '\0';
	if (asprintf(&p, "%s%s", val, rest) == -1)
		fatal("macro");
	expbuf = lex_strdup(p);
	expoff = 0;
	free(p);
	return (0);
}

int
yylex(void)
{
	char		 buf[MAXTOKEN], *p;
	const char	*errstr;
	int		 quotec, next, c, token;

top:
	p = buf;
	while ((c = lgetc(0)) == ' ' || c == '\t' || c == '\r')
		;	/* nothing */
	yylval.lineno = file->lineno;
	lasttok[0] = '\0';
	if (c == '#')
		while ((c = lgetc(0)) != '\n' && c != EOF)
			;	/* nothing */
	if (c == '$' && expbuf == NULL) {
		if (expand_macro() == -1)
			return (findeol());
		goto top;
	}

	switch (c) {
	case '\'':
	case '"':
		quotec = c;
		while (1) {
			if ((c = lgetc(quotec)) == EOF)
				return (0);
			if (c == '\n') {
				yyerror("unterminated quoted string");
				lungetc(c);
				return (ERROR);
			}
			if (c == '\\') {
				if ((next = lgetc(quotec)) == EOF)
					return (0);
				if (next == '\n') {
					file->lineno++;
					continue;
				}
				if (next == quotec || next == '\\')
					c = next;
				else
					lungetc(next);
			} else if (c == quotec) {
				*p = '\0';
				break;
			} else if (c == '\0') {
				yyerror("NUL byte in a quoted string");
				return (findeol());
			}
			if ((size_t)(p - buf) >= sizeof(buf) - 1) {
				yyerror("string too long");
				return (findeol());
			}
			*p++ = (char)c;
		}
		yylval.v.string = lex_strdup(buf);
		strlcpy(lasttok, buf, sizeof(lasttok));
		return (STRING);
	case '<':
	case '>':
		if ((next = lgetc(0)) == '=') {
			strlcpy(lasttok, c == '<' ? "<=" : ">=",
			    sizeof(lasttok));
			return (c == '<' ? LE : GE);
		}
		lungetc(next);
		break;
	}

	if (allowed_in_word(c)) {
		do {
			/* A macro inside a word: "[::1]:$port". */
			if (c == '$') {
				if (expand_macro() == -1)
					return (findeol());
				continue;
			}
			*p++ = (char)c;
			if ((size_t)(p - buf) >= sizeof(buf)) {
				yyerror("string too long");
				return (findeol());
			}
		} while ((c = lgetc(0)) != EOF && (allowed_in_word(c) ||
		    (c == '$' && expbuf == NULL)));
		lungetc(c);
		*p = '\0';
		strlcpy(lasttok, buf, sizeof(lasttok));
		if (is_number(buf)) {
			if (lex_number(buf, &yylval.v.number, &errstr) == -1) {
				yyerror("\"%s\" invalid number: %s", buf,
				    errstr);
				return (findeol());
			}
			strlcpy(yylval.numtext, buf, sizeof(yylval.numtext));
			return (NUMBER);
		}
		if ((token = lookup(buf)) == STRING)
			yylval.v.string = lex_strdup(buf);
		return (token);
	}
	if (c == '\n') {
		yylval.lineno = file->lineno;
		file->lineno++;
		return (c);
	}
	if (c == EOF) {
		if (popfile() == EOF)
			return (0);
		goto top;
	}
	if (strchr("(){}<>!=,", c) == NULL) {
		yyerror("unexpected character 0x%02x", c & 0xff);
		return (findeol());
	}
	lasttok[0] = (char)c;
	lasttok[1] = '\0';
	return (c);
}

static char *
lex_strdup(const char *s)
{
	struct lexstr	*l;
	size_t		 n = strlen(s) + 1;

	if ((l = malloc(sizeof(*l) + n)) == NULL)
		fatal("lex_strdup");
	memcpy(l->s, s, n);
	l->next = lexstrs;
	lexstrs = l;
	return (l->s);
}

static char *
xstrdup(const char *s)
{
	char	*r;

	if ((r = strdup(s)) == NULL)
		fatal("strdup");
	return (r);
}

static struct file *
newfile(const char *name)
{
	struct file	*nfile;

	if ((nfile = calloc(1, sizeof(*nfile))) == NULL ||
	    (nfile->name = strdup(name)) == NULL) {
		free(nfile);
		log_warn("%s", name);
		return (NULL);
	}
	nfile->lineno = 1;
	nfile->lastc = '\n';
	return (nfile);
}

/*
 * A config names sockets and targets that should stay private; a
 * world-writable one could be edited into anything, so it is refused.
 */
static int
check_file(struct file *f)
{
	struct stat	 st;

	if (fstat(fileno(f->stream), &st) == -1) {
		log_warn("%s: fstat", f->name);
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		log_warnx("%s: not a regular file", f->name);
		return (-1);
	}
	if (st.st_mode & S_IWOTH) {
		log_warnx("%s: writable by everyone; refusing it", f->name);
		return (-1);
	}
	f->readable = (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
	return (0);
}

/*
 * Open a config file.  An include that is not absolute is found
 * beside the file that includes it.
 */
/*
 * How files are opened: fopen, unless the caller (flowd's unprivileged
 * parser process) asks someone else to open them.
 */
static FILE	*(*conf_opener)(const char *);

void
conf_set_opener(FILE *(*opener)(const char *))
{
	conf_opener = opener;
}

static struct file *
pushfile(const char *name, int secret)
{
	struct file	*nfile;
	char		*dir, *tmp, path[PATH_MAX];
	int		 depth = 0;

	TAILQ_FOREACH(nfile, &files, entry)
		depth++;
	if (depth >= MAXINCLUDE) {
		log_warnx("%s: includes nested too deeply", name);
		return (NULL);
	}
	if (name[0] != '/' && file != NULL && file->stream != NULL) {
		if ((tmp = strdup(file->name)) == NULL)
			return (NULL);
		dir = dirname(tmp);
		if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
		    (int)sizeof(path)) {
			free(tmp);
			return (NULL);
		}
		free(tmp);
		name = path;
	}
	if ((nfile = newfile(name)) == NULL)
		return (NULL);
	if ((nfile->stream = conf_opener != NULL ? conf_opener(nfile->name) :
	    fopen(nfile->name, "r")) == NULL) {
		if (!(parse_flags & CONF_QUIET))
			log_warn("%s", nfile->name);
		free(nfile->name);
		free(nfile);
		return (NULL);
	}
	if (secret && check_file(nfile) == -1) {
		fclose(nfile->stream);
		free(nfile->name);
		free(nfile);
		return (NULL);
	}
	/* The grammar still wants the \n that ends the include line. */
	if (file != NULL) {
		nfile->startnl = 1;
		nfile->lineno = 0;	/* that \n takes it to line 1 */
	}
	TAILQ_INSERT_TAIL(&files, nfile, entry);
	return (nfile);
}

static struct file *
pushbuf(const char *buf, size_t len, const char *name)
{
	struct file	*nfile;

	if ((nfile = newfile(name)) == NULL)
		return (NULL);
	nfile->buf = (const u_char *)buf;
	nfile->len = len;
	TAILQ_INSERT_TAIL(&files, nfile, entry);
	return (nfile);
}

static int
popfile(void)
{
	struct file	*prev;

	if ((prev = TAILQ_PREV(file, files, entry)) == NULL)
		return (EOF);
	TAILQ_REMOVE(&files, file, entry);
	if (file->stream != NULL)
		fclose(file->stream);
	free(file->name);
	free(file);
	file = prev;
	return (0);
}

/* Macros */

int
conf_symset(const char *nam, const char *val, int persist)
{
	struct sym	*sym;

	TAILQ_FOREACH(sym, &symhead, entry) {
		if (strcmp(nam, sym->nam) == 0)
			break;
	}
	if (sym != NULL) {
		/* -D wins over the file. */
		if (sym->persist && !persist)
			return (0);
		TAILQ_REMOVE(&symhead, sym, entry);
		free(sym->nam);
		free(sym->val);
		free(sym);
	}
	if ((sym = calloc(1, sizeof(*sym))) == NULL)
		return (-1);
	if ((sym->nam = strdup(nam)) == NULL ||
	    (sym->val = strdup(val)) == NULL) {
		free(sym->nam);
		free(sym);
		return (-1);
	}
	sym->persist = persist;
	TAILQ_INSERT_TAIL(&symhead, sym, entry);
	return (0);
}

/* "-D name=value" */
int
conf_cmdline_symset(const char *s)
{
	char	*sym, *val;
	int	 ret;

	if ((val = strrchr(s, '=')) == NULL || val == s)
		return (-1);
	if ((sym = strndup(s, (size_t)(val - s))) == NULL)
		return (-1);
	ret = conf_symset(sym, val + 1, 1);
	free(sym);
	return (ret);
}

static char *
symget(const char *nam)
{
	struct sym	*sym;

	TAILQ_FOREACH(sym, &symhead, entry) {
		if (strcmp(nam, sym->nam) == 0) {
			sym->used = 1;
			return (sym->val);
		}
	}
	return (NULL);
}

/* Drop the file's macros (all of them with persist set too). */
static void
symdrop(int all)
{
	struct sym	*sym, *next;

	for (sym = TAILQ_FIRST(&symhead); sym != NULL; sym = next) {
		next = TAILQ_NEXT(sym, entry);
		if (sym->persist && !all)
			continue;
		if (!sym->persist && !sym->used)
			log_debug("warning: macro \"%s\" not used", sym->nam);
		TAILQ_REMOVE(&symhead, sym, entry);
		free(sym->nam);
		free(sym->val);
		free(sym);
	}
}

void
conf_symclear(void)
{
	symdrop(1);
}

/* Rule building */

static void
pb_reset(void)
{
	free(pb.v);
	memset(&pb, 0, sizeof(pb));
}

static int
pb_add(const char *s)
{
	struct filter_prefix	*n;
	struct xaddr		 a;
	u_int			 len;

	if (addr_pton_prefix(s, &a, &len) == -1) {
		yyerror("invalid address or prefix \"%s\"", s);
		return (-1);
	}
	if (pb.n >= 4096) {
		yyerror("too many prefixes in one list");
		return (-1);
	}
	if ((n = reallocarray(pb.v, pb.n + 1, sizeof(*n))) == NULL)
		fatal("prefix list");
	pb.v = n;
	pb.v[pb.n].addr = a;
	pb.v[pb.n].len = len;
	pb.n++;
	return (0);
}

static void
rule_begin(int action)
{
	filter_rule_free(cur);
	if ((cur = filter_rule_new(action)) == NULL)
		fatal("rule");
	cur->lineno = (u_int)yylval.lineno;
	cur_all = 0;
}

static const char *
kind_name(enum filter_kind k)
{
	static const char *const names[FK_MAX] = {
		"agent", "agent port", "in_ifndx", "out_ifndx", "inet/inet6",
		"src", "src port", "dst", "dst port", "proto", "tos",
		"tcp_flags", "days", "after", "before", "after date",
		"before date", "packets", "octets", "version"
	};

	return (k < FK_MAX ? names[k] : "?");
}

static int
add_crit(struct filter_crit *c)
{
	if (filter_rule_find(cur, c->kind) != NULL) {
		yyerror("%s given twice in one rule", kind_name(c->kind));
		filter_crit_free(c);
		return (-1);
	}
	if (filter_rule_add(cur, c) == -1)
		fatal("rule");
	return (0);
}

static int
add_prefix_crit(enum filter_kind k, int neg)
{
	struct filter_crit	 c;

	memset(&c, 0, sizeof(c));
	c.kind = k;
	c.neg = neg;
	c.u.pfx.any = pb.any;
	c.u.pfx.list = pb.list;
	c.u.pfx.v = pb.v;
	c.u.pfx.n = pb.n;
	pb.v = NULL;
	pb.n = 0;
	return (add_crit(&c));
}

/* A numeric spec as an inclusive range within the criterion's bounds. */
static int
spec_range(enum filter_kind k, const struct numspec *s, uint64_t *lo,
    uint64_t *hi)
{
	uint64_t	 max = filter_range_max(k);
	const char	*name = kind_name(k), *errstr;
	char		*colon, tmp[64];
	int64_t		 a, b;
	int		 p;

	switch (s->op) {
	case '=':
		*lo = *hi = s->a;
		break;
	case '<':
		if (s->a == 0) {
			yyerror("%s < 0 can never match", name);
			return (-1);
		}
		*lo = 0;
		*hi = s->a - 1;
		break;
	case LE:
		*lo = 0;
		*hi = s->a;
		break;
	case '>':
		if (s->a >= max) {
			yyerror("%s > %llu can never match", name,
			    (unsigned long long)s->a);
			return (-1);
		}
		*lo = s->a + 1;
		*hi = max;
		break;
	case GE:
		*lo = s->a;
		*hi = max;
		break;
	case 'S':
		if (k == FK_PROTO && strchr(s->str, ':') == NULL) {
			if ((p = filter_proto_lookup(s->str)) == -1) {
				yyerror("unknown protocol \"%s\"", s->str);
				return (-1);
			}
			*lo = *hi = (uint64_t)p;
			break;
		}
		if (strlcpy(tmp, s->str, sizeof(tmp)) >= sizeof(tmp) ||
		    (colon = strchr(tmp, ':')) == NULL) {
			yyerror("invalid %s \"%s\"", name, s->str);
			return (-1);
		}
		*colon++ = '\0';
		if (!is_number(tmp) || !is_number(colon) ||
		    lex_number(tmp, &a, &errstr) == -1 ||
		    lex_number(colon, &b, &errstr) == -1) {
			yyerror("invalid %s range \"%s\" (want LOW:HIGH)",
			    name, s->str);
			return (-1);
		}
		if (a > b) {
			yyerror("%s range \"%s\" is backwards", name, s->str);
			return (-1);
		}
		*lo = (uint64_t)a;
		*hi = (uint64_t)b;
		break;
	default:
		yyerror("invalid %s", name);
		return (-1);
	}
	if (*hi > max || *lo > max) {
		yyerror("%s %llu out of range 0-%llu", name,
		    (unsigned long long)(*hi > max ? *hi : *lo),
		    (unsigned long long)max);
		return (-1);
	}
	return (0);
}

/* Checks that need the whole rule, then the rule joins the config. */
static int
rule_finish(void)
{
	const struct filter_crit	*proto, *c, *src, *dst, *af, *a, *b;
	size_t				 i;
	int				 ret = 0, fam;

	if (cur_all && cur->ncrit > 0) {
		yyerror("\"all\" cannot be combined with other criteria");
		ret = -1;
	}
	if (cur->tagged && cur->action == FILTER_DISCARD) {
		yyerror("tag not allowed in discard");
		ret = -1;
	}
	proto = filter_rule_find(cur, FK_PROTO);
	if (proto != NULL && (proto->neg || proto->u.range.lo !=
	    proto->u.range.hi))
		proto = NULL;
	if ((filter_rule_find(cur, FK_SRC_PORT) != NULL ||
	    filter_rule_find(cur, FK_DST_PORT) != NULL) &&
	    (proto == NULL || (proto->u.range.lo != IPPROTO_TCP &&
	    proto->u.range.lo != IPPROTO_UDP))) {
		yyerror("port requires \"proto tcp\" or \"proto udp\"");
		ret = -1;
	}
	if (filter_rule_find(cur, FK_TCP_FLAGS) != NULL &&
	    (proto == NULL || proto->u.range.lo != IPPROTO_TCP)) {
		yyerror("tcp_flags requires \"proto tcp\"");
		ret = -1;
	}

	/* Families of plain single prefixes must agree with each other. */
	src = filter_rule_find(cur, FK_SRC);
	dst = filter_rule_find(cur, FK_DST);
	af = filter_rule_find(cur, FK_AF);
	fam = af != NULL && !af->neg ? af->u.af : 0;
	for (i = 0; i < 2; i++) {
		c = i == 0 ? src : dst;
		if (c == NULL || c->neg || c->u.pfx.any || c->u.pfx.n != 1)
			continue;
		if (fam == 0)
			fam = c->u.pfx.v[0].addr.af;
		else if (fam != c->u.pfx.v[0].addr.af) {
			yyerror("address families of %s do not agree",
			    i == 0 ? "src and inet/inet6" :
			    "dst and src or inet/inet6");
			ret = -1;
			break;
		}
	}

	a = filter_rule_find(cur, FK_AFTER_TIME);
	b = filter_rule_find(cur, FK_BEFORE_TIME);
	if (a != NULL && b != NULL && !a->neg && !b->neg &&
	    a->u.tod > b->u.tod) {
		yyerror("after time is later than before time");
		ret = -1;
	}
	a = filter_rule_find(cur, FK_AFTER_DATE);
	b = filter_rule_find(cur, FK_BEFORE_DATE);
	if (a != NULL && b != NULL && !a->neg && !b->neg &&
	    a->u.date >= b->u.date) {
		yyerror("after date is not earlier than before date");
		ret = -1;
	}
	if (ret == -1)
		return (-1);
	TAILQ_INSERT_TAIL(&conf->filters, cur, entry);
	cur = NULL;
	return (0);
}

/* "HH:MM" or "HH:MM:SS", 00:00:00-23:59:59. */
static int
parse_tod(const char *s, uint32_t *t)
{
	u_int	 part[3] = { 0, 0, 0 }, n = 0, digits;

	for (;;) {
		digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 2) {
			part[n] = part[n] * 10 + (u_int)(*s++ - '0');
			digits++;
		}
		if (digits != 2)
			return (-1);
		n++;
		if (*s == '\0')
			break;
		if (*s++ != ':' || n == 3)
			return (-1);
	}
	if (n < 2 || part[0] > 23 || part[1] > 59 || part[2] > 59)
		return (-1);
	*t = part[0] * 3600 + part[1] * 60 + part[2];
	return (0);
}

/*
 * Local date and time: YYYY[MM[DD[HH[MM[SS]]]]] as flowd 0.9.1 takes
 * it, or YYYY-MM-DD[THH:MM[:SS]].  Missing parts are the start of the
 * period.  Impossible dates (Feb 30) are refused, not normalised.
 */
static int
parse_date(const char *s, int64_t *out)
{
	static const char	 iso[] = "dddd-dd-ddTdd:dd:dd";
	char			 d[16];
	size_t			 n = 0, i, len = strlen(s);
	int			 v[6] = { 0, 1, 1, 0, 0, 0 }, k;
	struct tm		 tm;
	time_t			 t;

	if (len > 4 && s[4] == '-') {
		/* ISO form: 10, 16 or 19 characters. */
		if (len != 10 && len != 16 && len != 19)
			return (-1);
		for (i = 0; i < len; i++) {
			if (iso[i] == 'd') {
				if (!isdigit((u_char)s[i]))
					return (-1);
				d[n++] = s[i];
			} else if (s[i] != iso[i])
				return (-1);
		}
	} else {
		if (len > 14 || len < 4 || len % 2 != 0)
			return (-1);
		for (i = 0; i < len; i++) {
			if (!isdigit((u_char)s[i]))
				return (-1);
			d[n++] = s[i];
		}
	}
	d[n] = '\0';
	v[0] = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
	    (d[3] - '0');
	for (k = 1, i = 4; i + 1 < n + 1 && i < n; k++, i += 2)
		v[k] = (d[i] - '0') * 10 + (d[i + 1] - '0');
	if (v[0] < 1970 || v[0] > 2105 || v[1] < 1 || v[1] > 12 ||
	    v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return (-1);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return (-1);
	if (tm.tm_mday != v[2] || tm.tm_mon != v[1] - 1)
		return (-1);
	*out = (int64_t)t;
	return (0);
}

/* "mon", "monday" or a range "mon-fri" (ranges may wrap: fri-mon). */
static int
parse_days(const char *s, uint8_t *out)
{
	char	 tmp[32], *dash;
	int	 a, b;

	if (strlcpy(tmp, s, sizeof(tmp)) >= sizeof(tmp))
		goto bad;
	if ((dash = strchr(tmp, '-')) != NULL)
		*dash++ = '\0';
	if ((a = filter_day_lookup(tmp)) == -1)
		goto bad;
	b = a;
	if (dash != NULL && (b = filter_day_lookup(dash)) == -1)
		goto bad;
	*out = 0;
	for (;;) {
		*out |= (uint8_t)(1 << a);
		if (a == b)
			break;
		a = (a + 1) % 7;
	}
	return (0);
bad:
	yyerror("invalid day \"%s\" (want mon, monday or mon-fri)", s);
	return (-1);
}

/* Entry points */

static void
parse_cleanup(void)
{
	struct lexstr	*l;

	while ((l = lexstrs) != NULL) {
		lexstrs = l->next;
		free(l);
	}
	pb_reset();
	filter_rule_free(cur);
	cur = NULL;
	while ((file = TAILQ_FIRST(&files)) != NULL) {
		TAILQ_REMOVE(&files, file, entry);
		if (file->stream != NULL)
			fclose(file->stream);
		free(file->name);
		free(file);
	}
	file = topfile = NULL;
	npushback = 0;
	expbuf = NULL;
	err_file = NULL;
	err_line = 0;
	symdrop(0);
}

static int
run_parse(struct flowd_config *c, int flags)
{
	struct file	*f;
	int		 readable = 0;
	char		 why[128];

	conf = c;
	errors = 0;
	yyparse();
	/* Secrets: who can read where flows are sent. */
	TAILQ_FOREACH(f, &files, entry)
		readable |= f->readable;
	if (readable && (flags & CONF_DAEMON) && !(flags & CONF_QUIET) &&
	    (c->logsock != NULL || !TAILQ_EMPTY(&c->forwards)))
		log_warnx("warning: %s is readable by others and names a "
		    "logsock or forward target", topfile->name);
	if (errors == 0 && (flags & CONF_DAEMON) &&
	    conf_check(c, why, sizeof(why)) == -1) {
		if (!(flags & CONF_QUIET))
			log_warnx("%s: %s", topfile->name, why);
		errors++;
	}
	parse_cleanup();
	conf = NULL;
	return (errors ? -1 : 0);
}

/*
 * Parse a config file into c (which conf_init() must have set up).
 * Returns 0, or -1 after reporting every error.
 */
int
conf_parse_file(const char *path, struct flowd_config *c, int flags)
{
	parse_flags = flags;
	file = NULL;
	if ((topfile = pushfile(path, 1)) == NULL) {
		parse_cleanup();
		return (-1);
	}
	file = topfile;
	return (run_parse(c, flags));
}

/* The same from memory; name is used in messages. */
int
conf_parse_buffer(const char *buf, size_t len, const char *name,
    struct flowd_config *c, int flags)
{
	parse_flags = flags;
	if (len > MAXFILESIZE) {
		if (!(flags & CONF_QUIET))
			log_warnx("%s: config too large", name);
		return (-1);
	}
	file = NULL;
	if ((topfile = pushbuf(buf, len, name)) == NULL)
		return (-1);
	file = topfile;
	return (run_parse(c, flags));
}
