/*
 * db.h - the update service's database behind one ops table: SQLite
 * (db_sqlite.c, the embedded default) or PostgreSQL (db_pg.c), both with the
 * one schema in schema.sql. Statements are portable SQL with $1..$n
 * parameters; parameters and columns travel as text (NULL for SQL NULL).
 */
#ifndef SPHERULE_CLOUD_DB_H
#define SPHERULE_CLOUD_DB_H

#include <stddef.h>

/* Called for each row a statement returns; non-zero stops and is returned. */
typedef int (*cloud_db_row_fn)(void *ctx, int ncols, const char *const *cols);

struct cloud_db;

struct cloud_db_ops {
	/* One statement with nparams text parameters. 0, -EEXIST when it
	 * broke a unique key, -EIO otherwise (db->error says why), or what
	 * row returned. */
	int (*exec)(struct cloud_db *db, const char *sql, int nparams, const char *const *params,
		    cloud_db_row_fn row, void *ctx);
	/* Several statements without parameters (the schema). */
	int (*script)(struct cloud_db *db, const char *sql);
	void (*close)(struct cloud_db *db);
};

struct cloud_db {
	const struct cloud_db_ops *ops;
	char error[256];
};

/* Opens "sqlite:PATH" or "postgresql://..." (also "postgres://") and applies
 * the schema. 0 or -errno with why (whylen bytes) set. */
int cloud_db_open(const char *url, struct cloud_db **db, char *why, size_t whylen);
int cloud_db_open_sqlite(const char *path, struct cloud_db **db, char *why, size_t whylen);
int cloud_db_open_pg(const char *conninfo, struct cloud_db **db, char *why, size_t whylen);

/* db->ops->exec with the parameters as arguments (count first). */
int cloud_db_exec(struct cloud_db *db, cloud_db_row_fn row, void *ctx, const char *sql, int nparams, ...);

/* The first column of the first row into out (outlen bytes, NUL-terminated):
 * 1 when there was a row, 0 when none, or -errno. */
int cloud_db_get(struct cloud_db *db, char *out, size_t outlen, const char *sql, int nparams, ...);

/* BEGIN / COMMIT / ROLLBACK. */
int cloud_db_begin(struct cloud_db *db);
int cloud_db_commit(struct cloud_db *db);
void cloud_db_rollback(struct cloud_db *db);

void cloud_db_close(struct cloud_db *db);

/* The schema (schema.sql, compiled in). */
extern const char cloud_schema_sql[];

#endif
