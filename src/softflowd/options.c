/*
 * options.c: the values of softflowd's options that are more than a
 * number: times with units, named timeouts, tracking levels, MACs,
 * export time formats.
 */
#include <sys/types.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compat.h"
#include "nf_encode.h"
#include "sf_main.h"

/*
 * "1h30m", "90s", "2d", "45": numbers with optional s/m/h/d/w units,
 * summed.  -1 on any other text or on overflow.
 */
long long
sf_convtime(const char *s)
{
	long long	 total = 0, n, mul;
	const char	*errstr;
	char		 num[16];
	size_t		 i;

	if (*s == '\0')
		return (-1);
	while (*s != '\0') {
		for (i = 0; isdigit((unsigned char)s[i]); i++)
			if (i + 1 >= sizeof(num))
				return (-1);
		if (i == 0)
			return (-1);
		memcpy(num, s, i);
		num[i] = '\0';
		n = strtonum(num, 0, UINT32_MAX, &errstr);
		if (errstr != NULL)
			return (-1);
		s += i;
		switch (tolower((unsigned char)*s)) {
		case '\0':
			mul = 1;
			break;
		case 's':
			mul = 1;
			s++;
			break;
		case 'm':
			mul = 60;
			s++;
			break;
		case 'h':
			mul = 3600;
			s++;
			break;
		case 'd':
			mul = 86400;
			s++;
			break;
		case 'w':
			mul = 604800;
			s++;
			break;
		default:
			return (-1);
		}
		total += n * mul;
		if (total > UINT32_MAX)
			return (-1);
	}
	return (total);
}

/* -t name=time; 0 on success. */
int
sf_set_timeout(struct sf_timeouts *to, const char *arg)
{
	const char	*eq;
	char		 name[16];
	long long	 v;
	size_t		 n;

	if ((eq = strchr(arg, '=')) == NULL || (n = (size_t)(eq - arg)) == 0 ||
	    n >= sizeof(name))
		return (-1);
	memcpy(name, arg, n);
	name[n] = '\0';
	if ((v = sf_convtime(eq + 1)) == -1)
		return (-1);
	if (strcasecmp(name, "tcp") == 0)
		to->tcp = (uint32_t)v;
	else if (strcasecmp(name, "tcp.rst") == 0)
		to->tcp_rst = (uint32_t)v;
	else if (strcasecmp(name, "tcp.fin") == 0)
		to->tcp_fin = (uint32_t)v;
	else if (strcasecmp(name, "udp") == 0)
		to->udp = (uint32_t)v;
	else if (strcasecmp(name, "icmp") == 0)
		to->icmp = (uint32_t)v;
	else if (strcasecmp(name, "general") == 0) {
		if (v == 0)
			return (-1);
		to->general = (uint32_t)v;
	} else if (strcasecmp(name, "maxlife") == 0)
		to->maxlife = (uint32_t)v;
	else if (strcasecmp(name, "expint") == 0)
		to->expint = (uint32_t)v;
	else if (strcasecmp(name, "active") == 0)
		to->active = (uint32_t)v;
	else
		return (-1);
	return (0);
}

int
sf_parse_level(const char *s)
{
	static const char *names[] = { "ip", "proto", "port", "full", "vlan",
	    "ether" };
	int	i;

	for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (strcasecmp(s, names[i]) == 0)
			return (i);
	return (-1);
}

/* -A: the time fields of v9/IPFIX records, NF_ENC_TIME_*; -1: unknown. */
int
sf_parse_timefmt(const char *s)
{
	if (strcasecmp(s, "sec") == 0)
		return (NF_ENC_TIME_SEC);
	if (strcasecmp(s, "milli") == 0)
		return (NF_ENC_TIME_MILLI);
	if (strcasecmp(s, "micro") == 0)
		return (NF_ENC_TIME_MICRO);
	if (strcasecmp(s, "nano") == 0)
		return (NF_ENC_TIME_NANO);
	return (-1);
}

int
sf_parse_mac(const char *s, uint8_t *mac)
{
	u_int	v[6];
	int	i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5]) != 6 &&
	    sscanf(s, "%2x-%2x-%2x-%2x-%2x-%2x", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5]) != 6)
		return (-1);
	if (strlen(s) != 17)
		return (-1);
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return (0);
}

