/* db.c - opening the service's database by its URL and the helpers every
 * handler uses over the ops table (db.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

#define DB_PARAMS_MAX 12

int cloud_db_open(const char *url, struct cloud_db **db, char *why, size_t whylen)
{
	int rc;

	if (strncmp(url, "sqlite:", 7) == 0)
		rc = cloud_db_open_sqlite(url + 7, db, why, whylen);
	else if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		rc = cloud_db_open_pg(url, db, why, whylen);
	else {
		snprintf(why, whylen, "--db %s: expected sqlite:PATH or postgresql://...", url);
		return -EINVAL;
	}
	if (rc < 0)
		return rc;
	rc = (*db)->ops->script(*db, cloud_schema_sql);
	if (rc < 0) {
		snprintf(why, whylen, "the schema: %s", (*db)->error);
		cloud_db_close(*db);
		*db = NULL;
	}
	return rc;
}

static int db_vexec(struct cloud_db *db, cloud_db_row_fn row, void *ctx, const char *sql, int nparams,
		    va_list ap)
{
	const char *params[DB_PARAMS_MAX];

	if (nparams > DB_PARAMS_MAX)
		return -E2BIG;
	for (int i = 0; i < nparams; i++)
		params[i] = va_arg(ap, const char *);
	return db->ops->exec(db, sql, nparams, params, row, ctx);
}

int cloud_db_exec(struct cloud_db *db, cloud_db_row_fn row, void *ctx, const char *sql, int nparams, ...)
{
	va_list ap;
	int rc;

	va_start(ap, nparams);
	rc = db_vexec(db, row, ctx, sql, nparams, ap);
	va_end(ap);
	return rc;
}

struct db_first {
	char *out;
	size_t len;
	int found;
};

static int first_column(void *ctx, int ncols, const char *const *cols)
{
	struct db_first *f = ctx;

	if (f->found)
		return 0;
	f->found = 1;
	snprintf(f->out, f->len, "%s", ncols > 0 && cols[0] ? cols[0] : "");
	return 0;
}

int cloud_db_get(struct cloud_db *db, char *out, size_t outlen, const char *sql, int nparams, ...)
{
	struct db_first f = { out, outlen, 0 };
	va_list ap;
	int rc;

	va_start(ap, nparams);
	rc = db_vexec(db, first_column, &f, sql, nparams, ap);
	va_end(ap);
	return rc < 0 ? rc : f.found;
}

int cloud_db_begin(struct cloud_db *db)
{
	return db->ops->exec(db, "BEGIN", 0, NULL, NULL, NULL);
}

int cloud_db_commit(struct cloud_db *db)
{
	return db->ops->exec(db, "COMMIT", 0, NULL, NULL, NULL);
}

void cloud_db_rollback(struct cloud_db *db)
{
	db->ops->exec(db, "ROLLBACK", 0, NULL, NULL, NULL);
}

void cloud_db_close(struct cloud_db *db)
{
	if (db)
		db->ops->close(db);
}
