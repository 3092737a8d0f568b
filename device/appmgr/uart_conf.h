/* uart_conf.h — the board's UARTs for apps, /etc/spherule/uart.conf: one
 * UART per line,
 *
 *   # name  UART id  virtio-serial port
 *   ISU0    4        4
 *
 * the name an app's manifest lists under "Uart" (Azure Sphere's ISU0..),
 * the UART id applibs' UART_Open() is given (the hardware definition's
 * number for it: ISU<n> is n + 4 on an MT3620) and the port of the board's
 * virtio-serial device that carries it (/dev/vport<D>p<port>). Ports 1 to 3
 * are the board's mailbox, gdbserver port and service link: never an app's.
 * This file is pure: the app service opens the ports (app_svc_system.h). */
#ifndef APPMGR_UART_CONF_H
#define APPMGR_UART_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "spherule/manifest.h"

#define UART_CONF_PATH "/etc/spherule/uart.conf"
#define UART_CONF_MAX MANIFEST_MAX_PERIPHERALS  /* as many as a manifest may list */
#define UART_CONF_FIRST_PORT 4u
#define UART_CONF_LAST_PORT 31u                  /* the driver's most ports per device */

struct uart_conf_entry {
	char name[MANIFEST_MAX_TOKEN_LEN + 1];
	uint32_t id;       /* the UART id apps open it by */
	uint32_t port;     /* its virtio-serial port number */
};

struct uart_conf {
	struct uart_conf_entry uart[UART_CONF_MAX];
	unsigned count;
};

/* Adds every valid line of text to c (zeroed by the caller). Returns the
 * number of lines refused (not three fields, a name that is no manifest
 * peripheral name, a port outside UART_CONF_FIRST_PORT..UART_CONF_LAST_PORT,
 * a name, id or port given twice, too many UARTs); why receives the reason
 * for the first of them. */
int uart_conf_parse(const char *text, size_t len, struct uart_conf *c, struct error_detail *why);

/* Reads path into c (zeroed first): refused lines as above, or -errno when
 * the file cannot be read (-ENOENT when it does not exist: no UART). */
int uart_conf_load(const char *path, struct uart_conf *c, struct error_detail *why);

/* The index in c of the UART with id, or of the UART named name; -1 when
 * the board has none. */
int uart_conf_find_id(const struct uart_conf *c, uint32_t id);
int uart_conf_find_name(const struct uart_conf *c, const char *name);

#endif
