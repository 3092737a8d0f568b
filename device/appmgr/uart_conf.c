/* uart_conf.c — parsing /etc/spherule/uart.conf (see uart_conf.h). */
#include "uart_conf.h"

#include <errno.h>
#include <string.h>

#include "conf_lines.h"

#define UART_CONF_FILE_MAX 2048
#define UART_CONF_FIELDS 3

_Static_assert(MANIFEST_MAX_TOKEN_LEN < CONF_FIELD_SIZE, "a name fits a field");

/* Why e cannot be added to c: NULL when it can. */
static const char *clash(const struct uart_conf *c, const struct uart_conf_entry *e)
{
	if (c->count == UART_CONF_MAX)
		return "too many UARTs";
	for (unsigned i = 0; i < c->count; i++) {
		if (strcmp(c->uart[i].name, e->name) == 0)
			return "name given twice";
		if (c->uart[i].id == e->id)
			return "UART id given twice";
		if (c->uart[i].port == e->port)
			return "port given twice";
	}
	return NULL;
}

static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct uart_conf *c = ctx;
	char f[UART_CONF_FIELDS][CONF_FIELD_SIZE];
	struct uart_conf_entry e;
	const char *problem;

	if (conf_split_fields(s, n, f, UART_CONF_FIELDS) != UART_CONF_FIELDS)
		return error_detail_set(why, -EINVAL, "line %u: expected <name> <UART id> <port>", lineno);
	if (!manifest_valid_token(f[0]))
		return error_detail_set(why, -EINVAL,
					"line %u: %s is no peripheral name (1 to %u letters, digits, _ and -)",
					lineno, f[0], MANIFEST_MAX_TOKEN_LEN);
	memset(&e, 0, sizeof(e));
	memcpy(e.name, f[0], strlen(f[0]) + 1); /* a valid token fits */
	if (conf_parse_u32(f[1], strlen(f[1]), &e.id) != 0)
		return error_detail_set(why, -EINVAL, "line %u: UART id %s is not a number", lineno, f[1]);
	if (conf_parse_u32(f[2], strlen(f[2]), &e.port) != 0 || e.port < UART_CONF_FIRST_PORT ||
	    e.port > UART_CONF_LAST_PORT)
		return error_detail_set(why, -EINVAL,
					"line %u: port %s out of range %u..%u (1 to 3 are the mailbox, "
					"gdbserver port and service link)",
					lineno, f[2], UART_CONF_FIRST_PORT, UART_CONF_LAST_PORT);
	problem = clash(c, &e);
	if (problem)
		return error_detail_set(why, -EINVAL, "line %u: %s", lineno, problem);
	c->uart[c->count++] = e;
	return 0;
}

int uart_conf_parse(const char *text, size_t len, struct uart_conf *c, struct error_detail *why)
{
	return conf_lines_apply(text, len, apply_line, c, why);
}

int uart_conf_load(const char *path, struct uart_conf *c, struct error_detail *why)
{
	char text[UART_CONF_FILE_MAX];

	memset(c, 0, sizeof(*c));
	return conf_lines_load(path, text, sizeof(text), apply_line, c, why);
}

int uart_conf_find_id(const struct uart_conf *c, uint32_t id)
{
	for (unsigned i = 0; i < c->count; i++)
		if (c->uart[i].id == id)
			return (int)i;
	return -1;
}

int uart_conf_find_name(const struct uart_conf *c, const char *name)
{
	for (unsigned i = 0; i < c->count; i++)
		if (strcmp(c->uart[i].name, name) == 0)
			return (int)i;
	return -1;
}
