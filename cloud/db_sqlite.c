/* db_sqlite.c - the SQLite backend of struct cloud_db (db.h): one
 * connection, WAL journal, full sync, a busy timeout so that a second
 * service instance on the same file waits instead of failing. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define SQLITE_COLS_MAX 32

struct db_sqlite {
	struct cloud_db base;
	sqlite3 *conn;
};

static int sqlite_fail(struct db_sqlite *d, int rc)
{
	snprintf(d->base.error, sizeof(d->base.error), "%s", sqlite3_errmsg(d->conn));
	return (rc & 0xff) == SQLITE_CONSTRAINT ? -EEXIST : -EIO;
}

static int sqlite_bind(struct db_sqlite *d, sqlite3_stmt *st, int nparams, const char *const *params)
{
	char name[16];

	for (int i = 0; i < nparams; i++) {
		snprintf(name, sizeof(name), "$%d", i + 1);
		int at = sqlite3_bind_parameter_index(st, name);
		if (at == 0)
			continue;
		int rc = params[i] ? sqlite3_bind_text(st, at, params[i], -1, SQLITE_TRANSIENT)
				   : sqlite3_bind_null(st, at);
		if (rc != SQLITE_OK)
			return sqlite_fail(d, rc);
	}
	return 0;
}

static int sqlite_exec(struct cloud_db *db, const char *sql, int nparams, const char *const *params,
		       cloud_db_row_fn row, void *ctx)
{
	struct db_sqlite *d = (struct db_sqlite *)db;
	const char *cols[SQLITE_COLS_MAX];
	sqlite3_stmt *st;
	int rc, out = 0;

	/* A write transaction from its start: a deferred one that reads and
	 * then writes can fail at once when another instance holds the lock. */
	if (strcmp(sql, "BEGIN") == 0)
		sql = "BEGIN IMMEDIATE";
	rc = sqlite3_prepare_v2(d->conn, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sqlite_fail(d, rc);
	out = sqlite_bind(d, st, nparams, params);
	while (out == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		if (n > SQLITE_COLS_MAX)
			n = SQLITE_COLS_MAX;
		for (int i = 0; i < n; i++)
			cols[i] = (const char *)sqlite3_column_text(st, i);
		if (row)
			out = row(ctx, n, cols);
	}
	if (out == 0 && rc != SQLITE_DONE)
		out = sqlite_fail(d, rc);
	sqlite3_finalize(st);
	return out;
}

static int sqlite_script(struct cloud_db *db, const char *sql)
{
	struct db_sqlite *d = (struct db_sqlite *)db;
	char *msg = NULL;

	if (sqlite3_exec(d->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(db->error, sizeof(db->error), "%s", msg ? msg : "failed");
		sqlite3_free(msg);
		return -EIO;
	}
	return 0;
}

static void sqlite_close(struct cloud_db *db)
{
	struct db_sqlite *d = (struct db_sqlite *)db;

	sqlite3_close(d->conn);
	free(d);
}

static const struct cloud_db_ops sqlite_ops = { sqlite_exec, sqlite_script, sqlite_close };

int cloud_db_open_sqlite(const char *path, struct cloud_db **db, char *why, size_t whylen)
{
	struct db_sqlite *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	d->base.ops = &sqlite_ops;
	if (sqlite3_open_v2(path, &d->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s: %s", path, sqlite3_errmsg(d->conn));
		sqlite_close(&d->base);
		return -EIO;
	}
	sqlite3_busy_timeout(d->conn, 10000);
	if (sqlite_script(&d->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") < 0) {
		snprintf(why, whylen, "%s: %s", path, d->base.error);
		sqlite_close(&d->base);
		return -EIO;
	}
	*db = &d->base;
	return 0;
}
