/* tcp_connect.h — a TCP connection with a time limit, for the examples
 * that talk to a server (https_get, mutual_tls): the host resolved with
 * getaddrinfo (on the device the network manager answers, for names in the
 * app's AllowedConnections only; an IPv4 literal needs no answer). */
#pragma once

#include <stddef.h>

/* A TCP connection to host:port, the first of its addresses that accepts
 * within timeoutS seconds: the descriptor (close-on-exec, SO_SNDTIMEO set
 * to the limit), or -1 with why filled ("cannot resolve: ...", "cannot
 * connect: ..."). */
int TcpConnect(const char *host, const char *port, int timeoutS, char *why, size_t whyLen);
