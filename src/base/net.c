/*
 * net: numeric addresses and networks as text. Every parser copies at most
 * a short piece of its input and gives up on anything that is not an
 * address, so hostile text costs no more than its length.
 */
#include "net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define PIECE_MAX	64	/* longer than any address with brackets and a port */

static const unsigned char v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* A numeric address of exactly s[0..n) (no port, no brackets): its bytes; -1 otherwise. */
static int
addr_bytes(const char *s, size_t n, unsigned char out[16], int *len)
{
	char	tmp[PIECE_MAX];

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(AF_INET, tmp, out) == 1) {
		*len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, out) != 1)
		return -1;
	*len = 16;
	if (memcmp(out, v4_mapped, sizeof(v4_mapped)) == 0) {	/* ::ffff:1.2.3.4 is 1.2.3.4 */
		memmove(out, out + 12, 4);
		*len = 4;
	}
	return 0;
}

static bool
all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * An address as a proxy may write it: bare, "[v6]", "[v6]:port" or
 * "v4:port". Its bytes, or -1.
 */
static int
addr_with_port(const char *s, size_t n, unsigned char out[16], int *len)
{
	const char	*close, *colon;

	if (n > 0 && s[0] == '[') {
		if ((close = memchr(s, ']', n)) == NULL)
			return -1;
		if ((size_t)(close - s) + 1 != n &&
		    (close[1] != ':' || !all_digits(close + 2, n - (size_t)(close - s) - 2)))
			return -1;
		if (memchr(s + 1, ':', (size_t)(close - s) - 1) == NULL)	/* [1.2.3.4] */
			return -1;
		return addr_bytes(s + 1, (size_t)(close - s) - 1, out, len);
	}
	colon = memchr(s, ':', n);
	if (colon != NULL && memchr(colon + 1, ':', n - (size_t)(colon - s) - 1) == NULL) {
		/* one colon: IPv4 with a port */
		if (!all_digits(colon + 1, n - (size_t)(colon - s) - 1) ||
		    addr_bytes(s, (size_t)(colon - s), out, len) == -1 || *len != 4)
			return -1;
		return 0;
	}
	return addr_bytes(s, n, out, len);
}

static void
bytes_text(const unsigned char *b, int len, char out[NET_ADDR_LEN])
{
	if (inet_ntop(len == 4 ? AF_INET : AF_INET6, b, out, NET_ADDR_LEN) == NULL)
		out[0] = '\0';
}

int
net_addr_canonical(const char *in, char out[NET_ADDR_LEN])
{
	unsigned char	b[16];
	int		len;

	if (in == NULL || addr_with_port(in, strlen(in), b, &len) == -1)
		return -1;
	bytes_text(b, len, out);
	return 0;
}

static bool
in_net(const struct net_cidr *c, const unsigned char *b, int len)
{
	int	full = c->bits / 8, rest = c->bits % 8;

	if (c->len != len || memcmp(c->addr, b, (size_t)full) != 0)
		return false;
	return rest == 0 || ((c->addr[full] ^ b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static bool
bytes_match(const struct net_cidr *nets, size_t n, const unsigned char *b, int len)
{
	for (size_t i = 0; i < n; i++)
		if (in_net(&nets[i], b, len))
			return true;
	return false;
}

bool
net_cidr_match(const struct net_cidr *nets, size_t n, const char *addr)
{
	unsigned char	b[16];
	int		len;

	if (addr == NULL || addr_with_port(addr, strlen(addr), b, &len) == -1)
		return false;
	return bytes_match(nets, n, b, len);
}

/* One network of the list: "addr" or "addr/bits", with no bits set past the prefix. */
static int
cidr_parse(const char *s, size_t n, struct net_cidr *c)
{
	const char	*slash = memchr(s, '/', n);
	size_t		 alen = slash ? (size_t)(slash - s) : n;
	struct net_cidr	 host;

	bool		 mapped;

	memset(&host, 0, sizeof(host));
	if (addr_bytes(s, alen, host.addr, &host.len) == -1)
		return -1;
	mapped = host.len == 4 && memchr(s, ':', alen) != NULL;	/* ::ffff:10.0.0.0/104 */
	host.bits = host.len * 8;
	if (slash != NULL) {
		size_t	blen = n - alen - 1;

		if (!all_digits(slash + 1, blen) || blen > 3 || (blen > 1 && slash[1] == '0'))
			return -1;
		host.bits = text_digits(slash + 1, blen);	/* at most 3 digits, checked */
		if (mapped && (host.bits -= 96) < 0)
			return -1;
		if (host.bits > host.len * 8)
			return -1;
	}
	for (int i = host.bits; i < host.len * 8; i++)
		if (host.addr[i / 8] & (0x80 >> (i % 8)))
			return -1;
	*c = host;
	return 0;
}

static bool
blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* s[0..*n) without blanks at either end. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && blank(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && blank(s[*n - 1]))
		(*n)--;
	return s;
}

int
net_cidr_list_parse(const char *text, struct net_cidr *out, size_t max, size_t *n)
{
	const char	*p = text, *e;
	size_t		 k = 0;

	if (text == NULL)
		return -1;
	for (;;) {
		size_t		 len;
		const char	*s;

		e = strchr(p, ',');
		len = e ? (size_t)(e - p) : strlen(p);
		s = trim(p, &len);
		if (k == max || cidr_parse(s, len, &out[k]) == -1)
			return -1;
		k++;
		if (e == NULL)
			break;
		p = e + 1;
	}
	*n = k;
	return 0;
}

void
net_forwarded_client(const struct net_cidr *nets, size_t n, const char *peer,
    const char *xff, char out[NET_ADDR_LEN])
{
	unsigned char	b[16], client[16];
	int		len, client_len = 0;
	size_t		end = xff ? strlen(xff) : 0;

	if (addr_with_port(peer, strlen(peer), client, &client_len) == -1)
		client_len = 0;
	while (end > 0) {
		size_t		 start = end, plen;
		const char	*piece;

		while (start > 0 && xff[start - 1] != ',')
			start--;
		plen = end - start;
		piece = trim(xff + start, &plen);
		end = start > 0 ? start - 1 : 0;
		if (plen == 0)
			continue;	/* "a,,b": nothing between the commas */
		if (addr_with_port(piece, plen, b, &len) == -1)
			break;
		memcpy(client, b, (size_t)len);
		client_len = len;
		if (!bytes_match(nets, n, b, len))
			break;
	}
	if (client_len == 0)
		snprintf(out, NET_ADDR_LEN, "%s", peer);
	else
		bytes_text(client, client_len, out);
}

void
net_addr_key(const char *addr, char out[NET_KEY_LEN])
{
	unsigned char	b[16];
	char		text[NET_ADDR_LEN];
	int		len;

	if (addr_with_port(addr, strlen(addr), b, &len) == -1) {
		snprintf(out, NET_KEY_LEN, "%.*s", NET_KEY_LEN - 1, addr);
		return;
	}
	if (len == 16)
		memset(b + 8, 0, 8);
	bytes_text(b, len, text);
	snprintf(out, NET_KEY_LEN, "%s%s", text, len == 16 ? "/64" : "");
}

bool
net_host_valid(const char *s)
{
	size_t		 n = s ? strlen(s) : 0, hl;
	const char	*colon, *close;
	unsigned char	 b[16];
	int		 len;

	if (n == 0 || n > 255)
		return false;
	if (s[0] == '[') {
		if ((close = strchr(s, ']')) == NULL ||
		    memchr(s + 1, ':', (size_t)(close - s) - 1) == NULL ||
		    addr_bytes(s + 1, (size_t)(close - s) - 1, b, &len) == -1)
			return false;
		return close[1] == '\0' || (close[1] == ':' && all_digits(close + 2, strlen(close + 2)));
	}
	colon = strchr(s, ':');
	hl = colon ? (size_t)(colon - s) : n;
	if (hl == 0 || (colon != NULL && !all_digits(colon + 1, n - hl - 1)))
		return false;
	for (size_t i = 0; i < hl; i++) {
		char	c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.'))
			return false;
	}
	return s[0] != '.' && s[0] != '-';
}
