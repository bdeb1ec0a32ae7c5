/*
 * net: numeric IP addresses and networks as text, for --trusted-proxy and
 * the client's address behind a reverse proxy. No sockets and no DNS:
 * inet_pton/inet_ntop only, so every function here is pure, bounded by its
 * input and safe on any bytes (X-Forwarded-For is client input).
 */
#ifndef BASE_NET_H
#define BASE_NET_H

#include <stdbool.h>
#include <stddef.h>

#define NET_ADDR_LEN	46	/* INET6_ADDRSTRLEN: the longest address text, with the NUL */
#define NET_MAX_NETS	32	/* networks in --trusted-proxy */
#define NET_KEY_LEN	(NET_ADDR_LEN + 4)	/* an address key: "2001:db8:1:2::/64" */

/* A network: 4 or 16 bytes of address (IPv4 or IPv6) and a prefix length. */
struct net_cidr {
	unsigned char	addr[16];
	int		len;	/* 4 or 16 */
	int		bits;
};

/*
 * "127.0.0.1/32,10.0.0.0/8,::1/128" (spaces around commas allowed; a bare
 * address is that one host) into out[0..max); -1 on an empty list, a
 * malformed element, a prefix too long for its family, bits set past the
 * prefix (10.0.0.1/8), or more than max networks.
 */
int	net_cidr_list_parse(const char *text, struct net_cidr *out, size_t max, size_t *n);
/* Whether addr (numeric; an IPv4-mapped IPv6 address counts as IPv4) is in a network. */
bool	net_cidr_match(const struct net_cidr *nets, size_t n, const char *addr);
/*
 * The canonical text of a numeric address: inet_ntop's form, an
 * IPv4-mapped IPv6 address as IPv4, a port (1.2.3.4:80, [::1]:80) and
 * brackets dropped. -1 when in is not an address (out untouched).
 */
int	net_addr_canonical(const char *in, char out[NET_ADDR_LEN]);
/*
 * The client of a request whose TCP peer is a trusted proxy: walking
 * X-Forwarded-For (xff, may be NULL) from the right, the first address that
 * is not itself a trusted proxy. An element that is not an address stops
 * the walk (the nearest address seen so far is the client); with every
 * element trusted, the left-most. The peer when xff holds nothing usable.
 */
void	net_forwarded_client(const struct net_cidr *nets, size_t n, const char *peer,
	    const char *xff, char out[NET_ADDR_LEN]);
/*
 * Whether s is a host as Host and X-Forwarded-Host carry it, and as an
 * absolute link may name it: a DNS name (letters, digits, '-', '.'), an
 * IPv4 address or a bracketed IPv6 address, then an optional ":port"; at
 * most 255 bytes.
 */
bool	net_host_valid(const char *s);
/*
 * The key failed sign-ins are counted under: an IPv4 address as it is, an
 * IPv6 address as its /64 ("2001:db8:1:2::/64"), since one subscriber
 * usually holds a whole /64. Anything else is copied, cut to fit.
 */
void	net_addr_key(const char *addr, char out[NET_KEY_LEN]);

#endif
