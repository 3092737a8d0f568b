/*
 * cloud_client.h - the CLI's client of the update service, spherule-cloud
 * (docs/cloud-api.md; docs/cli.md, *Talking to the update service*): where
 * it is (--cloud URL, else $SPHERULE_CLOUD_URL, else http://127.0.0.1:8443),
 * the admin token it sends (--token-file F, else $SPHERULE_CLOUD_TOKEN_FILE),
 * and one HTTP request to it with libcurl: a JSON body or a file's bytes
 * out, a JSON answer back, the service's {"error": "<reason>"} or a failed
 * connection said in one line.
 */
#ifndef SPHERULE_CLOUD_CLIENT_H
#define SPHERULE_CLOUD_CLIENT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#define CLOUD_DEFAULT_URL "http://127.0.0.1:8443"
#define CLOUD_URL_MAX 512
#define CLOUD_TOKEN_MAX 256

struct cloud_client {
	const char *command;          /* for cli_fail(), e.g. "product create" */
	char url[CLOUD_URL_MAX];      /* http(s)://HOST[:PORT][/PREFIX], without a trailing '/' */
	const char *url_from;         /* "--cloud", "SPHERULE_CLOUD_URL" or "the default" */
	char token[CLOUD_TOKEN_MAX];  /* the admin token, "" when none is given */
};

/* Where the service is and its token: url_opt (--cloud, or NULL), else
 * $SPHERULE_CLOUD_URL, else the default; the first line of token_file_opt
 * (--token-file, or NULL), else of $SPHERULE_CLOUD_TOKEN_FILE, else none.
 * 0, or -1 after cli_fail() (a URL that is not http:// or https://, a token
 * file that cannot be read or is empty). */
int cloud_client_init(struct cloud_client *c, const char *command, const char *url_opt, const char *token_file_opt);

/* Where the service is, as cloud_client_init() finds it, for a public
 * endpoint: no token is read (a broken token file in the environment does
 * not matter) and none is sent. 0, or -1 after cli_fail(). */
int cloud_client_init_public(struct cloud_client *c, const char *command, const char *url_opt);

struct cloud_request {
	const char *method;      /* GET, POST, PATCH */
	const char *path;        /* "/v1/products", with its query (cloud_client_path()) */
	json_t *body;            /* a JSON body, or NULL */
	FILE *upload;            /* or an application/octet-stream body from here, */
	uint64_t upload_size;    /* this long (sent with Content-Length) */
	const char *upload_name; /* for a progress bar on stderr, or NULL for none */
};

/* Makes request rq, with the token as "Authorization: Bearer". 0 with the
 * service's JSON answer in *answer (the caller's to json_decref()); -1
 * after cli_fail(): the service's error as its reason, a failed connection
 * with what to do, a malformed answer. */
int cloud_client_request(const struct cloud_client *c, const struct cloud_request *rq, json_t **answer);

/* GET path, an answer that is not JSON (a PEM file): 0 with its bytes in
 * *body (malloc()ed, NUL-terminated; NULL when empty) and *len; -1 after
 * cli_fail() as for cloud_client_request(). */
int cloud_client_fetch(const struct cloud_client *c, const char *path, char **body, size_t *len);

/* before, then value escaped for a URL (%XX), then after, into out: 0, or -1
 * after cli_fail() when it does not fit. */
int cloud_client_path(const struct cloud_client *c, char *out, size_t len, const char *before, const char *value,
		      const char *after);

#endif
