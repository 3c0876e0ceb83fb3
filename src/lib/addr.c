/*
 * addr.c: parse, print, compare and match struct xaddr addresses and
 * prefixes.  Only numeric forms are accepted: the config must never
 * depend on name resolution.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "addr.h"

u_int
addr_maxlen(int af)
{
	switch (af) {
	case AF_INET:
		return (32);
	case AF_INET6:
		return (128);
	default:
		return (0);
	}
}

/*
 * Leading-octet IPv4 form used in prefixes: "10", "10.1", "10.1.2" and
 * "10.1.2.3".  Each part is 0-255 in decimal; inet_aton's other
 * readings ("10.1" as 10.0.0.1, octal, hex) are refused on purpose.
 */
static int
v4_pton_short(const char *s, struct in_addr *in)
{
	uint8_t	 o[4] = { 0, 0, 0, 0 };
	u_int	 n = 0, v, digits;

	for (;;) {
		v = 0;
		digits = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (u_int)(*s++ - '0');
			if (++digits > 3 || v > 255)
				return (-1);
		}
		if (digits == 0 || n >= 4)
			return (-1);
		o[n++] = (uint8_t)v;
		if (*s == '\0')
			break;
		if (*s++ != '.')
			return (-1);
	}
	memcpy(in, o, sizeof(o));
	return (0);
}

/* Parse "addr", "[addr]" or either with "%scope" into a; 0 or -1. */
static int
pton_common(const char *s, struct xaddr *a, int shortv4)
{
	char		 buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 4], *p, *scope;
	const char	*errstr;
	size_t		 len;
	long long	 n;

	memset(a, 0, sizeof(*a));
	len = strlen(s);
	if (len == 0 || len >= sizeof(buf))
		return (-1);
	if (s[0] == '[') {
		if (len < 3 || s[len - 1] != ']')
			return (-1);
		memcpy(buf, s + 1, len - 2);
		buf[len - 2] = '\0';
		if (strchr(buf, ':') == NULL)
			return (-1);	/* brackets are for IPv6 only */
	} else
		memcpy(buf, s, len + 1);

	scope = NULL;
	if ((p = strchr(buf, '%')) != NULL) {
		*p = '\0';
		scope = p + 1;
		if (*scope == '\0')
			return (-1);
	}
	if (strchr(buf, ':') != NULL) {
		if (inet_pton(AF_INET6, buf, &a->v6) != 1)
			return (-1);
		a->af = AF_INET6;
	} else {
		if (scope != NULL)
			return (-1);
		if (shortv4) {
			if (v4_pton_short(buf, &a->v4) == -1)
				return (-1);
		} else if (inet_pton(AF_INET, buf, &a->v4) != 1)
			return (-1);
		a->af = AF_INET;
	}
	if (scope != NULL) {
		if (scope[0] >= '0' && scope[0] <= '9') {
			n = strtonum(scope, 0, UINT32_MAX, &errstr);
			if (errstr != NULL)
				return (-1);
			a->scope_id = (uint32_t)n;
		} else if ((a->scope_id = if_nametoindex(scope)) == 0)
			return (-1);
	}
	return (0);
}

int
addr_pton(const char *s, struct xaddr *a)
{
	return (pton_common(s, a, 0));
}

/*
 * "addr[/len]": without a length the prefix is the host itself.  Host
 * bits beyond the length are an error, as a typo there (10.1.1.0/8)
 * would silently widen a filter.
 */
int
addr_pton_prefix(const char *s, struct xaddr *a, u_int *lenp)
{
	char		 buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 8], *slash;
	const char	*errstr;
	long long	 l;

	if (strlcpy(buf, s, sizeof(buf)) >= sizeof(buf))
		return (-1);
	if ((slash = strrchr(buf, '/')) == NULL) {
		if (pton_common(buf, a, 0) == -1)
			return (-1);
		*lenp = addr_maxlen(a->af);
		return (0);
	}
	*slash++ = '\0';
	if (*slash < '0' || *slash > '9')
		return (-1);
	if (pton_common(buf, a, 1) == -1)
		return (-1);
	l = strtonum(slash, 0, addr_maxlen(a->af), &errstr);
	if (errstr != NULL)
		return (-1);
	if (!addr_host_is_zero(a, (u_int)l))
		return (-1);
	*lenp = (u_int)l;
	return (0);
}

/* "192.0.2.1:2055" or "[2001:db8::1]:2055"; port 1-65535. */
int
addr_pton_port(const char *s, struct xaddr *a, uint16_t *portp)
{
	char		 buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 16], *colon;
	const char	*errstr;
	long long	 p;

	if (strlcpy(buf, s, sizeof(buf)) >= sizeof(buf))
		return (-1);
	if ((colon = strrchr(buf, ':')) == NULL)
		return (-1);
	*colon++ = '\0';
	/* An unbracketed IPv6 address would make the port ambiguous. */
	if (buf[0] != '[' && strchr(buf, ':') != NULL)
		return (-1);
	if (*colon < '0' || *colon > '9')
		return (-1);
	p = strtonum(colon, 1, 65535, &errstr);
	if (errstr != NULL)
		return (-1);
	if (pton_common(buf, a, 0) == -1)
		return (-1);
	*portp = (uint16_t)p;
	return (0);
}

int
addr_ntop(const struct xaddr *a, char *buf, size_t len)
{
	char	 tmp[INET6_ADDRSTRLEN], ifn[IF_NAMESIZE];
	int	 r;

	switch (a->af) {
	case AF_INET:
		if (inet_ntop(AF_INET, &a->v4, tmp, sizeof(tmp)) == NULL)
			return (-1);
		break;
	case AF_INET6:
		if (inet_ntop(AF_INET6, &a->v6, tmp, sizeof(tmp)) == NULL)
			return (-1);
		break;
	default:
		return (-1);
	}
	if (a->af == AF_INET6 && a->scope_id != 0) {
		if (if_indextoname(a->scope_id, ifn) != NULL)
			r = snprintf(buf, len, "%s%%%s", tmp, ifn);
		else
			r = snprintf(buf, len, "%s%%%u", tmp, a->scope_id);
	} else
		r = snprintf(buf, len, "%s", tmp);
	if (r < 0 || (size_t)r >= len)
		return (-1);
	return (0);
}

/* Prefix as text; IPv6 in [brackets] if asked; no "/len" for a host. */
int
addr_prefix_ntop(const struct xaddr *a, u_int l, int brackets, char *buf,
    size_t len)
{
	char	 tmp[ADDR_STRLEN];
	int	 r;

	if (addr_ntop(a, tmp, sizeof(tmp)) == -1)
		return (-1);
	brackets = brackets && a->af == AF_INET6;
	if (l == addr_maxlen(a->af))
		r = snprintf(buf, len, "%s%s%s", brackets ? "[" : "", tmp,
		    brackets ? "]" : "");
	else
		r = snprintf(buf, len, "%s%s%s/%u", brackets ? "[" : "", tmp,
		    brackets ? "]" : "", l);
	if (r < 0 || (size_t)r >= len)
		return (-1);
	return (0);
}

int
addr_port_ntop(const struct xaddr *a, uint16_t port, char *buf, size_t len)
{
	char	 tmp[ADDR_STRLEN];
	int	 r;

	if (addr_ntop(a, tmp, sizeof(tmp)) == -1)
		return (-1);
	if (a->af == AF_INET6)
		r = snprintf(buf, len, "[%s]:%u", tmp, port);
	else
		r = snprintf(buf, len, "%s:%u", tmp, port);
	if (r < 0 || (size_t)r >= len)
		return (-1);
	return (0);
}

/* Total order: family, then address bytes, then scope. */
int
addr_cmp(const struct xaddr *a, const struct xaddr *b)
{
	int	 r;

	if (a->af != b->af)
		return (a->af < b->af ? -1 : 1);
	switch (a->af) {
	case AF_INET:
		r = memcmp(&a->v4, &b->v4, 4);
		break;
	case AF_INET6:
		r = memcmp(&a->v6, &b->v6, 16);
		break;
	default:
		return (0);
	}
	if (r != 0)
		return (r < 0 ? -1 : 1);
	if (a->scope_id != b->scope_id)
		return (a->scope_id < b->scope_id ? -1 : 1);
	return (0);
}

int
addr_netmask(int af, u_int l, struct xaddr *n)
{
	u_int	 i;

	memset(n, 0, sizeof(*n));
	if (af != AF_INET && af != AF_INET6)
		return (-1);
	if (l > addr_maxlen(af))
		return (-1);
	n->af = (sa_family_t)af;
	for (i = 0; i < l / 8; i++)
		n->addr8[i] = 0xff;
	if (l % 8 != 0)
		n->addr8[i] = (uint8_t)(0xff00 >> (l % 8));
	return (0);
}

int
addr_and(struct xaddr *dst, const struct xaddr *a, const struct xaddr *m)
{
	int	 i;

	if (a->af != m->af)
		return (-1);
	*dst = *a;
	for (i = 0; i < 4; i++)
		dst->addr32[i] &= m->addr32[i];
	return (0);
}

/* Whether every bit past the first l is 0 (a well-formed prefix). */
int
addr_host_is_zero(const struct xaddr *a, u_int l)
{
	u_int	 i, max;

	max = addr_maxlen(a->af);
	if (max == 0 || l > max)
		return (0);
	for (i = l; i < max; i++)
		if (a->addr8[i / 8] & (0x80 >> (i % 8)))
			return (0);
	return (1);
}

/* Whether a lies in net/l.  Families must agree; scopes are ignored. */
int
addr_in_prefix(const struct xaddr *a, const struct xaddr *net, u_int l)
{
	u_int	 full, rem;

	if (a->af != net->af || (a->af != AF_INET && a->af != AF_INET6))
		return (0);
	if (l > addr_maxlen(a->af))
		return (0);
	full = l / 8;
	rem = l % 8;
	if (memcmp(a->addr8, net->addr8, full) != 0)
		return (0);
	if (rem != 0 && ((a->addr8[full] ^ net->addr8[full]) &
	    (uint8_t)(0xff00 >> rem)) != 0)
		return (0);
	return (1);
}

int
addr_is_unspec(const struct xaddr *a)
{
	return (a->af != AF_INET && a->af != AF_INET6);
}

int
addr_is_v4(const struct xaddr *a)
{
	return (a->af == AF_INET);
}

int
addr_is_v6(const struct xaddr *a)
{
	return (a->af == AF_INET6);
}

int
addr_is_multicast(const struct xaddr *a)
{
	if (a->af == AF_INET)
		return ((a->addr8[0] & 0xf0) == 0xe0);
	if (a->af == AF_INET6)
		return (a->addr8[0] == 0xff);
	return (0);
}

int
addr_from_sockaddr(const struct sockaddr *sa, socklen_t len, struct xaddr *a,
    uint16_t *portp)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;

	memset(a, 0, sizeof(*a));
	switch (sa->sa_family) {
	case AF_INET:
		if (len < (socklen_t)sizeof(*sin))
			return (-1);
		sin = (const struct sockaddr_in *)sa;
		a->af = AF_INET;
		a->v4 = sin->sin_addr;
		if (portp != NULL)
			*portp = ntohs(sin->sin_port);
		return (0);
	case AF_INET6:
		if (len < (socklen_t)sizeof(*sin6))
			return (-1);
		sin6 = (const struct sockaddr_in6 *)sa;
		a->af = AF_INET6;
		a->v6 = sin6->sin6_addr;
		a->scope_id = sin6->sin6_scope_id;
		if (portp != NULL)
			*portp = ntohs(sin6->sin6_port);
		return (0);
	default:
		return (-1);
	}
}

/* Fill ss; returns the sockaddr length or 0 for an unset address. */
socklen_t
addr_to_sockaddr(const struct xaddr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in	*sin;
	struct sockaddr_in6	*sin6;

	memset(ss, 0, sizeof(*ss));
	switch (a->af) {
	case AF_INET:
		sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_addr = a->v4;
		sin->sin_port = htons(port);
		return (sizeof(*sin));
	case AF_INET6:
		sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->v6;
		sin6->sin6_scope_id = a->scope_id;
		sin6->sin6_port = htons(port);
		return (sizeof(*sin6));
	default:
		return (0);
	}
}
