/* db_pg.c - the PostgreSQL backend of struct cloud_db (db.h), through libpq:
 * one connection, text parameters and results. */
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define PG_COLS_MAX 32
/* SQLSTATE of a unique key broken. */
#define PG_UNIQUE_VIOLATION "23505"

struct db_pg {
	struct cloud_db base;
	PGconn *conn;
};

static int pg_result(struct db_pg *d, PGresult *res, cloud_db_row_fn row, void *ctx)
{
	ExecStatusType st = PQresultStatus(res);
	const char *cols[PG_COLS_MAX];
	int out = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		snprintf(d->base.error, sizeof(d->base.error), "%s", PQresultErrorMessage(res));
		return state && strcmp(state, PG_UNIQUE_VIOLATION) == 0 ? -EEXIST : -EIO;
	}
	int n = PQnfields(res);
	if (n > PG_COLS_MAX)
		n = PG_COLS_MAX;
	for (int r = 0; out == 0 && row && r < PQntuples(res); r++) {
		for (int i = 0; i < n; i++)
			cols[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
		out = row(ctx, n, cols);
	}
	return out;
}

static int pg_exec(struct cloud_db *db, const char *sql, int nparams, const char *const *params,
		   cloud_db_row_fn row, void *ctx)
{
	struct db_pg *d = (struct db_pg *)db;
	PGresult *res = PQexecParams(d->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	int rc = pg_result(d, res, row, ctx);

	PQclear(res);
	return rc;
}

static int pg_script(struct cloud_db *db, const char *sql)
{
	struct db_pg *d = (struct db_pg *)db;
	PGresult *res = PQexec(d->conn, sql);
	int rc = pg_result(d, res, NULL, NULL);

	PQclear(res);
	return rc;
}

static void pg_close(struct cloud_db *db)
{
	struct db_pg *d = (struct db_pg *)db;

	PQfinish(d->conn);
	free(d);
}

static void pg_quiet(void *arg, const char *message)
{
}

static const struct cloud_db_ops pg_ops = { pg_exec, pg_script, pg_close };

int cloud_db_open_pg(const char *conninfo, struct cloud_db **db, char *why, size_t whylen)
{
	struct db_pg *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	d->base.ops = &pg_ops;
	d->conn = PQconnectdb(conninfo);
	if (PQstatus(d->conn) != CONNECTION_OK) {
		snprintf(why, whylen, "%s", PQerrorMessage(d->conn));
		why[strcspn(why, "\n")] = '\0';
		pg_close(&d->base);
		return -EIO;
	}
	/* The schema's IF NOT EXISTS notices are not news. */
	PQsetNoticeProcessor(d->conn, pg_quiet, NULL);
	*db = &d->base;
	return 0;
}
