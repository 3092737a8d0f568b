/* api_util.h - what the API handlers share: new ids, the clock, database
 * failures as replies, a query's rows as a JSON array, finding a product or
 * a device group by id or name, JSON fields with their 400s. */
#ifndef SPHERULE_CLOUD_API_UTIL_H
#define SPHERULE_CLOUD_API_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http.h"

#define API_ID_HEX 32 /* a product, group or deployment id: 16 random bytes */

/* A new random id (32 hex digits and a NUL): 0 or -EIO. */
int api_new_id(char out[API_ID_HEX + 1]);

int64_t api_now(void);
int64_t api_now_ms(void);

/* Replies 500 "database: ..." for a failed statement. */
void reply_db_error(struct cloud_reply *r, struct cloud_db *db);

/* Builds one row's JSON object. */
typedef json_t *(*api_row_json)(int ncols, const char *const *cols);

/* The rows of a query as a JSON array of row_json's objects; NULL with a 500
 * made on failure. */
json_t *api_rows(struct cloud_request *req, struct cloud_reply *r, api_row_json row_json, const char *sql,
		 int nparams, const char *p1, const char *p2);

/* The first row of a query as row_json's object: the object, NULL with
 * *found 0 when there is none, NULL with a 500 made on failure. */
json_t *api_row(struct cloud_request *req, struct cloud_reply *r, api_row_json row_json, const char *sql,
		const char *p1, int *found);

/* The id of the product or device group named by ref (its id, else its
 * name): 0, or -ENOENT / -EINVAL (ambiguous name) with a 4xx made. */
int api_find_product(struct cloud_request *req, struct cloud_reply *r, const char *ref, char id[API_ID_HEX + 1]);
int api_find_group(struct cloud_request *req, struct cloud_reply *r, const char *ref, char id[API_ID_HEX + 1]);

/* A string field (NULL when absent and optional; NULL with a 400 made when
 * required and absent, or when not a string). */
const char *api_string(json_t *obj, const char *key, bool required, struct cloud_reply *r, bool *bad);

/* Ends the transaction the caller began after changing what group_id's
 * targets depend on: signs the group's metadata again (refresh: true) and
 * commits, so that the change and its new version are one. 0, or -errno with
 * the transaction rolled back and the reply made (409 for a name taken). */
int api_commit(struct cloud_request *req, struct cloud_reply *r, const char *group_id, bool refresh);

/* A device id (64 hex digits, any case) as the database keeps it (lowercase)
 * into id and as bytes into raw: 0, or -EINVAL with a 400 made. */
int api_device_id(const char *text, char id[65], uint8_t raw[32], struct cloud_reply *r);

/* "n" as decimal text (for statement parameters). */
const char *api_num(char buf[24], int64_t n);

/* A column as an integer (0 for NULL). */
json_int_t api_col_int(const char *col);

#endif
