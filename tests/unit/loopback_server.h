/* loopback_server.h — a TCP server on 127.0.0.1 for the host tests of
 * updated's HTTP client and requests: a forked child accepting connections
 * one at a time and handing each to the test's function. */
#ifndef LOOPBACK_SERVER_H
#define LOOPBACK_SERVER_H

#include <stdint.h>
#include <sys/types.h>

/* Serves one connection c (closed after it returns). */
typedef void (*loopback_serve_fn)(int c, void *ctx);

/* Listens on a free port of 127.0.0.1 (*port) and forks the child serving
 * it with serve(ctx, in the child's copy); exits the test on failure. */
pid_t loopback_server_start(uint16_t *port, loopback_serve_fn serve, void *ctx);

/* Kills the child and reaps it. */
void loopback_server_stop(pid_t pid);

#endif
