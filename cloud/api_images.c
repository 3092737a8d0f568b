/* api_images.c - POST and GET /v1/images (admin) and GET /v1/images/{sha256}
 * (anyone: the files are signed and named by their hash), the download with
 * "Range: bytes=N-" or "bytes=N-M" for a resumed transfer. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "api_util.h"
#include "hex.h"
#include "image_parse.h"
#include "os_measure.h"
#include "spherule/pkg.h"
#include "state_dir.h"

#define IMAGE_COLUMNS \
	"SELECT i.id, i.kind, i.component_id, i.image_id, i.version, i.security_version, i.size, i.name FROM images i"

static json_t *image_json(int ncols, const char *const *cols)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s}", "id", cols[0], "kind", cols[1], "component_id", cols[2],
			 "image_id", cols[3], "version", api_col_int(cols[4]), "security_version",
			 api_col_int(cols[5]), "size", api_col_int(cols[6]), "name", cols[7]);
}

json_t *api_image_rows(struct cloud_request *req, struct cloud_reply *r, const char *tail, const char *p1)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "%s%s", IMAGE_COLUMNS, tail);
	return api_rows(req, r, image_json, sql, p1 ? 1 : 0, p1, NULL);
}

void api_image_add(struct cloud_request *req, struct cloud_reply *r)
{
	struct cloud_image img;
	char why[256], path[PATH_MAX + 80], component[37], image_id[37], version[24], secver[24], size[24],
		now[24];
	int found, rc;
	json_t *row;

	if (cloud_image_parse(req->body, req->body_len, &img, why, sizeof(why)) < 0) {
		reply_error(r, 400, "%s", why);
		return;
	}
	/* The file first, durably: a row never names a file that is not there. */
	snprintf(path, sizeof(path), "%s/%s", req->svc->images_dir, img.id);
	rc = cloud_file_publish(path, req->body, req->body_len, false);
	if (rc < 0 && rc != -EEXIST) {
		reply_error(r, 500, "storing the image: %s", strerror(-rc));
		return;
	}
	pkg_uuid_text(img.component_id, component);
	pkg_uuid_text(img.image_id, image_id);
	rc = cloud_db_exec(req->svc->db, NULL, NULL,
			   "INSERT INTO images (id, kind, component_id, image_id, version, security_version, size, "
			   "name, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
			   9, img.id, img.kind, component, image_id, api_num(version, img.version),
			   api_num(secver, img.security_version), api_num(size, (int64_t)img.size), img.name,
			   api_num(now, api_now()));
	/* Device certificates: what secmon measures when it boots it. */
	if ((rc < 0 && rc != -EEXIST) ||
	    (strcmp(img.kind, "os") == 0 && os_measure_record(req->svc->db, img.id, req->body, req->body_len) < 0)) {
		reply_db_error(r, req->svc->db);
		return;
	}
	row = api_row(req, r, image_json, IMAGE_COLUMNS " WHERE i.id = $1", img.id, &found);
	if (row)
		reply_json(r, rc == -EEXIST ? 200 : 201, row);
}

void api_image_list(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *list = api_image_rows(req, r, " ORDER BY i.uploaded_at, i.id", NULL);

	if (list)
		reply_json(r, 200, list);
}

/* Reads "bytes=N-" or "bytes=N-M" into [*first, *last] within size: 0, or
 * -ERANGE when unsatisfiable, -EINVAL when malformed (then ignored, RFC 9110). */
static int parse_range(const char *range, uint64_t size, uint64_t *first, uint64_t *last)
{
	char *end;

	if (strncmp(range, "bytes=", 6) != 0 || range[6] < '0' || range[6] > '9')
		return -EINVAL;
	*first = strtoull(range + 6, &end, 10);
	if (*end++ != '-')
		return -EINVAL;
	if (*end == '\0') {
		*last = size ? size - 1 : 0;
	} else {
		if (*end < '0' || *end > '9')
			return -EINVAL;
		*last = strtoull(end, &end, 10);
		if (*end || *last < *first)
			return -EINVAL;
		if (*last >= size)
			*last = size - 1;
	}
	return *first < size ? 0 : -ERANGE;
}

void api_image_download(struct cloud_request *req, struct cloud_reply *r)
{
	const char *range = request_header(req, "Range");
	uint64_t first = 0, last;
	char path[PATH_MAX + 80];
	uint8_t digest[32];
	struct stat st;
	int fd, rc = -EINVAL;

	if (hex_decode(req->params[0], digest, sizeof(digest)) < 0) {
		reply_error(r, 404, "no such image: %s", req->params[0]);
		return;
	}
	hex_encode(digest, sizeof(digest), path + snprintf(path, sizeof(path), "%s/", req->svc->images_dir));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		reply_error(r, 404, "no such image: %s", req->params[0]);
		return;
	}
	last = st.st_size ? (uint64_t)st.st_size - 1 : 0;
	if (range)
		rc = parse_range(range, (uint64_t)st.st_size, &first, &last);
	if (rc == -ERANGE) {
		close(fd);
		reply_error(r, 416, "the range is past the image's %" PRIu64 " bytes", (uint64_t)st.st_size);
		reply_header(r, "Content-Range", "bytes */%" PRIu64, (uint64_t)st.st_size);
		return;
	}
	r->fd = fd;
	r->fd_offset = rc == 0 ? first : 0;
	r->len = rc == 0 ? last - first + 1 : (uint64_t)st.st_size;
	r->status = rc == 0 ? 206 : 200;
	r->content_type = "application/octet-stream";
	reply_header(r, "Accept-Ranges", "bytes");
	if (rc == 0)
		reply_header(r, "Content-Range", "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, first, last,
			     (uint64_t)st.st_size);
}
