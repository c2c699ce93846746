/* IPv4/IPv6 address parsing and CIDR membership, for cidr conditions and IP-literal patterns. */
#ifndef EVENTC_IP_H
#define EVENTC_IP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses a textual IPv4 (dotted decimal, each part 0-255) or IPv6 address (RFC 4291 text
 * forms: "::" compression, hex groups, trailing dotted IPv4). Writes 4 or 16 bytes to `out`
 * (room for 16) and returns 4 or 16; returns 0 when the text is not an address.
 */
int evc_ip_parse(const char *s, size_t len, uint8_t out[16]);

/* True when the first `bits` bits of `a` and `net` agree (`nbytes` = 4 or 16). */
int evc_ip_in_prefix(const uint8_t *a, const uint8_t *net, unsigned bits);

#endif
