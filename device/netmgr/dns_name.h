/*
 * dns_name.h - DNS names for netmgr's resolver: reading a name from a DNS
 * message into lower-case dotted text (every length checked against the
 * message end, compression pointers only backwards and few), writing dotted
 * text back as wire labels, and matching a name against one
 * AllowedConnections entry (an exact name or "*.domain").
 */
#ifndef NETMGR_DNS_NAME_H
#define NETMGR_DNS_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest dotted name (no trailing dot) and label (RFC 1035 2.3.4). */
#define DNS_NAME_MAX 253
#define DNS_LABEL_MAX 63
/* Compression pointers followed while reading one name. */
#define DNS_POINTER_HOPS_MAX 16
/* Size of a DNS header; nothing may point into it. */
#define DNS_HEADER_SIZE 12

/*
 * Reads the name at msg[*pos] (msg holding len bytes) into out as
 * lower-case dotted text without a trailing dot ("" for the root) and moves
 * *pos past the name's bytes at that place (past its first pointer, if
 * any). Pointers are refused unless pointers is true. Labels may hold
 * letters, digits, '-' and '_' only. Returns 0 or:
 * -EBADMSG      the name runs past the end of the message, or a pointer
 *               points into the header;
 * -ELOOP        a pointer does not point strictly before the previous one
 *               (or before itself), or more than DNS_POINTER_HOPS_MAX hops;
 * -EPROTO       a pointer where none is allowed;
 * -EILSEQ       a label length of 64..191 (the reserved label types) or a
 *               byte outside the allowed set;
 * -ENAMETOOLONG the dotted name is longer than DNS_NAME_MAX.
 */
int dns_name_read(const uint8_t *msg, size_t len, size_t *pos, bool pointers,
		  char out[DNS_NAME_MAX + 1]);

/*
 * Writes the dotted name (one or more labels, as dns_name_read returns
 * them) as uncompressed wire labels at buf[*pos] (buf holding cap bytes)
 * and moves *pos past them. Returns 0, -EINVAL for a name that
 * dns_name_read would not return (empty, an empty or too long label, a
 * byte outside the set, too long) or -ENOSPC when it does not fit.
 */
int dns_name_write(uint8_t *buf, size_t cap, size_t *pos, const char *name);

/*
 * Whether name (lower-case, as dns_name_read returns it) is allowed by the
 * AllowedConnections entry pattern, compared without regard to ASCII case:
 * an exact name, or "*.example.com" for any name strictly below
 * example.com, at any depth, but not example.com itself.
 */
bool dns_name_matches(const char *pattern, const char *name);

#endif
