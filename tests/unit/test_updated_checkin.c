/* test_updated_checkin.c — unit tests of updated's pure parts: the check-in
 * JSON (escaping, hex, the answers' fields), the plan (what to install given
 * the targets and what runs, a failed OS not retried), the update window,
 * the state files (torn, damaged and truncated files read as absent), the
 * OS image's place in osstage and the gaps to erase, its writes there in
 * whole words, the configuration; the failure reports as the check-in's
 * error_reports (each kind, absent fields null, escaped text). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin_json.h"
#include "os_layout.h"
#include "spherule/le.h"
#include "tap.h"
#include "update_plan.h"
#include "updated_conf.h"
#include "updated_state.h"

static void test_json(void)
{
	static const uint8_t attest[3] = { 0x01, 0xab, 0xff };
	struct checkin c = { .attestation = attest, .attestation_len = 3, .os_version = 7, .os_security_version = 2,
			     .os_slot = 'B', .app_count = 1, .state = "failed",
			     .detail = "bad \"quote\" \\ and\nnewline\x01" };
	char out[2048], small[64], s[80];
	int n;

	memset(c.device_id, 0x11, 32);
	memset(c.nonce, 0x22, 32);
	memcpy(c.apps[0].component_id, "\x5f\x1d\x0c\x2e\x7a\x43\x4e\x8b\x9d\x1e\x00\x00\x00\x0e\x7a\x63", 16);
	c.apps[0].version = 3;
	n = checkin_json(&c, out, sizeof(out));
	tap_ok(n > 0 && strstr(out, "\"device_id\":\"1111111111111111111111111111111111111111111111111111111111111111\"") &&
		       strstr(out, "\"attestation\":\"01abff\"") &&
		       strstr(out, "\"os\":{\"version\":7,\"security_version\":2,\"slot\":\"B\"}") &&
		       strstr(out, "{\"component_id\":\"5f1d0c2e-7a43-4e8b-9d1e-0000000e7a63\",\"version\":3}") &&
		       strstr(out, "\"state\":\"failed\""),
	       "the check-in's fields: ids in hex, the attestation as returned, the OS, the apps as UUIDs");
	tap_ok(strstr(out, "\"detail\":\"bad \\\"quote\\\" \\\\ and\\u000anewline\\u0001\"}") != NULL,
	       "the detail escaped: quotes, backslash, control characters");
	tap_ok(checkin_json(&c, small, sizeof(small)) == -ENOSPC, "too small a buffer: ENOSPC");
	tap_ok(json_string("\x7f", s, 16) == 8 && strcmp(s, "\"\\u007f\"") == 0, "DEL escaped");
	tap_ok(json_find_string("{\"nonce\" : \"abc\",\"expires_s\":60}", 33, "nonce", s, sizeof(s)) == 0 &&
		       strcmp(s, "abc") == 0,
	       "the nonce found by key");
	tap_ok(json_find_string("{\"x\":\"a\\\"b\\n\\/\\u0041\\\\\"}", 24, "x", s, sizeof(s)) == 0 &&
		       strcmp(s, "a\"b\n/A\\") == 0,
	       "a string's escapes decoded (PEM in JSON: \\n, \\/, \\u0041)");
	tap_ok(json_find_string("{\"x\":\"a\\qb\"}", 12, "x", s, sizeof(s)) == -EINVAL &&
		       json_find_string("{\"x\":\"\\u00e9\"}", 13, "x", s, sizeof(s)) == -EINVAL &&
		       json_find_string("{\"x\":\"abc\"}", 11, "x", s, 3) == -EINVAL &&
		       json_find_string("{}", 2, "nonce", s, sizeof(s)) == -ENOENT,
	       "an unknown escape, one beyond ASCII, too long, a missing string: EINVAL, ENOENT");
	{
		int64_t v = 0;

		tap_ok(json_find_int("{\"not_after\": 1796695175,", 26, "not_after", &v) == 0 && v == 1796695175 &&
			       json_find_int("{\"a\":-3}", 8, "a", &v) == 0 && v == -3 &&
			       json_find_int("{\"a\":\"3\"}", 9, "a", &v) == -EINVAL &&
			       json_find_int("{\"a\":1234567890123456789}", 25, "a", &v) == -EINVAL &&
			       json_find_int("{}", 2, "a", &v) == -ENOENT,
		       "integers found by key: not_after, negative; a string, 19 digits: EINVAL; missing: ENOENT");
	}
	tap_ok(json_find_bool("{\"check_now\":true}", 18, "check_now") == 1 &&
		       json_find_bool("{\"check_now\": false}", 20, "check_now") == 0 &&
		       json_find_bool("{\"check_now\":1}", 15, "check_now") == -EINVAL,
	       "check_now: true, false, neither");
}

static void target(struct update_meta_targets *t, uint16_t kind, uint8_t id, uint32_t version, uint8_t sha)
{
	struct update_meta_target *g = &t->targets[t->count++];

	memset(g, 0, sizeof(*g));
	g->kind = kind;
	g->version = version;
	g->component_id[0] = id;
	memset(g->sha256, sha, 32);
}

static void test_plan(void)
{
	struct update_meta_targets t = { 0 };
	struct installed in = { .os_version = 5, .app_count = 2 };
	struct update_plan p;
	uint8_t failed[32];
	int s, e;

	in.apps[0].component_id[0] = 1;
	in.apps[0].version = 1;
	in.apps[1].component_id[0] = 2;
	in.apps[1].version = 4;
	target(&t, UPDATE_META_KIND_OS, 0, 6, 0xaa);
	target(&t, UPDATE_META_KIND_APP, 1, 1, 0xb1);
	target(&t, UPDATE_META_KIND_APP, 2, 3, 0xb2);
	target(&t, UPDATE_META_KIND_APP, 3, 1, 0xb3);
	update_plan_make(&t, &in, NULL, &p);
	tap_ok(p.os == 0 && p.app_count == 2 && p.apps[0] == 2 && p.apps[1] == 3,
	       "the new OS, an app at another version, a new app; not the app that runs its target's version");
	memset(failed, 0xaa, 32);
	update_plan_make(&t, &in, failed, &p);
	tap_ok(p.os == -1, "an OS that failed its trial here is not tried again");
	in.os_version = 6;
	t.count = 2;
	update_plan_make(&t, &in, NULL, &p);
	tap_ok(update_plan_empty(&p), "everything targeted runs: nothing to do");
	tap_ok(update_window_parse("22-4", &s, &e) == 0 && s == 22 && e == 4 && update_window_open(s, e, 23) &&
		       update_window_open(s, e, 3) && !update_window_open(s, e, 4) && !update_window_open(s, e, 12),
	       "a window past midnight: 22-4");
	tap_ok(update_window_parse("2-5", &s, &e) == 0 && update_window_open(s, e, 2) && !update_window_open(s, e, 5),
	       "a window 2-5: [2, 5)");
	tap_ok(update_window_parse("none", &s, &e) == 0 && s < 0 && update_window_open(s, e, 13) &&
		       update_window_parse("", &s, &e) == 0 && update_window_open(s, e, 0),
	       "none or no header: always open");
	tap_ok(update_window_parse("24-3", &s, &e) == -EINVAL && update_window_parse("3", &s, &e) == -EINVAL &&
		       update_window_parse("a-3", &s, &e) == -EINVAL && update_window_open(s, e, 1),
	       "bad windows refused (and then open)");
}

static void test_state(void)
{
	char dir[] = "/tmp/test_updated_state.XXXXXX";
	struct updated_record r = { .phase = UPDATED_DOWNLOADING, .offset = 12345 }, back;
	struct update_meta_state meta = { 0 }, mback;
	uint8_t buf[UPDATED_RECORD_SIZE], torn[UPDATED_RECORD_SIZE];
	char path[128];
	int damaged, bad = 0;
	FILE *f;

	if (!mkdtemp(dir))
		exit(1);
	memset(r.target, 0x5a, 32);
	meta.roles[0].version = 9;
	tap_ok(updated_state_save_record(dir, &r) == 0 && updated_state_save_meta(dir, &meta) == 0,
	       "both files saved");
	updated_state_load(dir, &mback, &back, &damaged);
	tap_ok(!damaged && back.phase == UPDATED_DOWNLOADING && back.offset == 12345 && back.target[31] == 0x5a &&
		       mback.roles[0].version == 9,
	       "read back as saved");
	snprintf(path, sizeof(path), "%s/%s.new", dir, UPDATED_RECORD_FILE);
	tap_ok(access(path, F_OK) != 0, "no temporary file left");
	updated_record_encode(&r, buf);
	for (size_t cut = 0; cut < sizeof(buf); cut++)
		bad += updated_record_decode(buf, cut, &back) == -EBADMSG;
	for (size_t i = 0; i < sizeof(buf); i++) {
		memcpy(torn, buf, sizeof(buf));
		torn[i] ^= 0x40;
		bad += updated_record_decode(torn, sizeof(torn), &back) == -EBADMSG;
	}
	tap_ok(bad == 2 * (int)sizeof(buf), "every cut and every flipped byte of the record: EBADMSG (%d)", bad);
	snprintf(path, sizeof(path), "%s/%s", dir, UPDATED_RECORD_FILE);
	f = fopen(path, "wb");
	fwrite(buf, 1, 40, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s", dir, UPDATED_META_FILE);
	f = fopen(path, "wb");
	fwrite("SPMS", 1, 4, f);
	fclose(f);
	updated_state_load(dir, &mback, &back, &damaged);
	tap_ok(damaged && back.phase == UPDATED_IDLE && mback.roles[0].version == 0,
	       "torn files: said damaged, read as the empty state");
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", dir, UPDATED_RECORD_FILE);
	unlink(path);
	updated_state_load(dir, &mback, &back, &damaged);
	tap_ok(!damaged && back.phase == UPDATED_IDLE, "no files: the empty state, not damaged");
	rmdir(dir);
}

static const char conf_text[] =
	"# test\n"
	"service 127.0.0.1 18443\n"
	"check-period 120\n"
	"os-part 1 0x00000000 0x00040000\n"
	"os-part 2 0x00040000 0x00040000\n"
	"os-part 3 0x00080000 0x00780000\n"
	"os-part 4 0x00800000 0x00800000\n"
	"os-desc 0x01000000 0x00040000\n"
	"os-stage 0x01080000 0x00040000\n"
	"metadata-key 04"
	"0102030405060708091011121314151617181920212223242526272829303132"
	"0102030405060708091011121314151617181920212223242526272829303132\n";

struct erased {
	uint32_t off[16], len[16];
	unsigned n;
};

static int note_erase(uint32_t off, uint32_t len, void *ctx)
{
	struct erased *e = ctx;

	e->off[e->n] = off;
	e->len[e->n++] = len;
	return 0;
}

/* The image's bytes and what os_stage_put wrote of them, in order. */
struct stage_check {
	const struct os_image_map *m;
	const uint8_t *desc;
	uint64_t file_off;     /* the file's bytes written so far */
	unsigned writes, misaligned, wrong, over;
};

static uint8_t image_byte(const struct stage_check *s, uint64_t i)
{
	return i < s->m->desc.size ? s->desc[i] : (uint8_t)(i * 7 % 251);
}

static int note_write(uint32_t off, const uint8_t *bytes, uint32_t len, void *ctx)
{
	struct stage_check *s = ctx;
	uint32_t where, run;

	s->writes++;
	if (len == 0 || len > OS_STAGE_CHUNK || os_image_map_locate(s->m, s->file_off, &where, &run) != 0 ||
	    where != off || len > run) {
		s->over++;
		return 0;
	}
	/* Only a piece's end may end inside a word. */
	if (off % 4 != 0 || (len % 4 != 0 && len != run))
		s->misaligned++;
	for (uint32_t i = 0; i < len; i++)
		s->wrong += bytes[i] != image_byte(s, s->file_off + i);
	s->file_off += len;
	return 0;
}

/* The image fed in reads of odd sizes, as a download's arrive: every write
 * starts on a word and ends on one or at its piece's end, in file order,
 * with the file's bytes; past the file: EFBIG. */
static void test_stage_writes(const struct os_image_map *m, const uint8_t *desc, size_t desc_len)
{
	static struct os_stage_chunk c;
	static const size_t reads[] = { 1, 7, 1000, 4093, 3, 8190 };
	struct stage_check s = { .m = m, .desc = desc };
	uint8_t buf[8192];
	uint64_t i = 0;
	int err = 0;

	memset(&c, 0, sizeof(c));
	for (unsigned r = 0; err == 0 && i < m->file_size; r++) {
		size_t n = reads[r % 6];

		if (n > m->file_size - i)
			n = (size_t)(m->file_size - i);
		for (size_t k = 0; k < n; k++)
			buf[k] = i + k < desc_len ? desc[i + k] : (uint8_t)((i + k) * 7 % 251);
		err = os_stage_put(m, &c, buf, n, note_write, &s);
		i += n;
	}
	tap_ok(err == 0 && s.file_off == m->file_size && c.len == 0 && s.over == 0 && s.wrong == 0,
	       "the image written to osstage whole, in file order, each byte at its place (%u writes)", s.writes);
	tap_ok(s.misaligned == 0, "every write starts on a word and ends on one or at its piece's end (%u not)",
	       s.misaligned);
	tap_ok(os_stage_put(m, &c, buf, 1, note_write, &s) == -EFBIG, "a byte past the file: EFBIG");
}

static void test_layout(void)
{
	struct updated_conf c;
	struct error_detail why = { "" };
	struct os_image_map m;
	struct erased e = { .n = 0 };
	uint8_t desc[24 + 4 * 40 + 100] = { 0 };
	uint32_t need, off, run;
	static const uint32_t sizes[] = { 0x1000, 0x2000, 0x300000, 0x40001 };

	tap_ok(updated_conf_parse(conf_text, strlen(conf_text), &c, &why) == 0 && c.service.port == 18443 &&
		       c.check_period_s == 120 && c.poll_period_s == 10 && c.trust.count == 1 &&
		       c.trust.keys[0][64] == 0x32 && c.layout.part[3].offset == 0x80000 &&
		       c.layout.desc.offset == 0x1000000 && c.layout.stage_size == 0x1080000 && c.layout.erase_size == 0x40000,
	       "the configuration: service, periods, a key, the layout (%s)", why.msg);
	tap_ok(updated_conf_parse("check-period 5\n", 15, &c, &why) == 1 && strstr(why.msg, "line 1") &&
		       updated_conf_parse("metadata-key 0405\n", 18, &c, &why) == 1,
	       "a period out of range, a short key: refused (%s)", why.msg);
	tap_ok(c.cert_renew_left_pct == 50 && updated_conf_parse("certificate-renew-left 25\n", 26, &c, &why) == 0 &&
		       c.cert_renew_left_pct == 25 && updated_conf_parse("certificate-renew-left 95\n", 26, &c, &why) == 1,
	       "certificate-renew-left: 50 by default, 25 read, 95 out of range");
	(void)updated_conf_parse(conf_text, strlen(conf_text), &c, &why);
	memcpy(desc, "SPOD", 4);
	put_le16(desc + 4, 1);
	put_le16(desc + 6, 4);
	put_le32(desc + 8, sizeof(desc));
	for (unsigned i = 0; i < 4; i++) {
		put_le16(desc + 24 + 40 * i, (uint16_t)(i + 1));
		put_le32(desc + 24 + 40 * i + 4, sizes[i]);
	}
	put_le16(desc + 24 + 160, 1);
	tap_ok(os_image_map_init(&m, &c.layout, desc, 10, &need, &why) == -EAGAIN && need == 24 &&
		       os_image_map_init(&m, &c.layout, desc, 24, &need, &why) == -EAGAIN && need == sizeof(desc),
	       "the description's bytes asked for as needed");
	tap_ok(os_image_map_init(&m, &c.layout, desc, sizeof(desc), &need, &why) == 0 &&
		       m.file_size == sizeof(desc) + 0x1000 + 0x2000 + 0x300000 + 0x40001,
	       "a description of 4 parts: the file's size (%s)", why.msg);
	tap_ok(os_image_map_locate(&m, 0, &off, &run) == 0 && off == 0x1000000 && run == sizeof(desc) &&
		       os_image_map_locate(&m, sizeof(desc), &off, &run) == 0 && off == 0 && run == 0x1000 &&
		       os_image_map_locate(&m, sizeof(desc) + 0x1000 + 5, &off, &run) == 0 && off == 0x40005 &&
		       os_image_map_locate(&m, m.file_size - 1, &off, &run) == 0 && off == 0x800000 + 0x40000 &&
		       run == 1 && os_image_map_locate(&m, m.file_size, &off, &run) == -ERANGE,
	       "each byte of the file at its partition's place");
	os_image_map_gaps(&m, 0x40000, note_erase, &e);
	tap_ok(e.n == 3 && e.off[0] == 0x380000 && e.len[0] == 0x480000 && e.off[1] == 0x880000 &&
		       e.len[1] == 0x780000 && e.off[2] == 0x1040000 && e.len[2] == 0x40000,
	       "the gaps: after the kernel, after the rootfs (from the block after its last byte), the tail; "
	       "none in a partition its part reaches the end block of (%u)", e.n);
	test_stage_writes(&m, desc, sizeof(desc));
	put_le32(desc + 24 + 40 * 3 + 4, 0x800001);
	tap_ok(os_image_map_init(&m, &c.layout, desc, sizeof(desc), &need, &why) == -EINVAL,
	       "a part larger than its partition: EINVAL (%s)", why.msg);
}

static struct app_svc_report sample_reports[3];

/* The check-in's more(): the three sample reports. */
static int write_samples(void *ctx, char *out, size_t cap)
{
	size_t len = 0;
	int n = snprintf(out, cap, ",\"error_reports\":[");

	(void)ctx;
	if (n < 0 || (size_t)n >= cap)
		return -ENOSPC;
	len = (size_t)n;
	for (unsigned i = 0; i < 3; i++) {
		if (i)
			out[len++] = ',';
		n = report_json(&sample_reports[i], out + len, cap - len - 1);
		if (n < 0)
			return n;
		len += (size_t)n;
	}
	out[len++] = ']';
	out[len] = '\0';
	return (int)len;
}

static void test_reports_json(void)
{
	struct app_svc_report *crash = &sample_reports[0], *exit3 = &sample_reports[1], *kernel = &sample_reports[2];
	struct checkin c = { .state = "idle", .detail = "", .more = write_samples };
	static char out[8192];
	char one[1024];
	int n;

	*crash = (struct app_svc_report){ .seq = 17, .boot = 3, .time = 1796596970, .count = 1, .version = 2,
					  .kind = APP_SVC_REPORT_CRASH,
					  .flags = APP_SVC_REPORT_HAS_SIGNAL | APP_SVC_REPORT_HAS_FAULT |
						   APP_SVC_REPORT_HAS_RSS,
					  .signal = 11, .stack_len = 2, .fault_address = 0, .pc = 0x10abc, .lr = 0x10a10,
					  .rss_kib = 96, .stack = { 0x10a10, 0x10900 }, .name = "hello" };
	memcpy(crash->component_id, "\x5f\x1d\x0c\x2e\x7a\x43\x4e\x8b\x9d\x1e\x00\x00\x00\x0e\x7a\x63", 16);
	n = report_json(crash, one, sizeof(one));
	tap_ok_str(n > 0 ? one : "(error)",
		   "{\"seq\":17,\"time\":1796596970,\"boot\":3,\"kind\":\"crash\","
		   "\"component_id\":\"5f1d0c2e-7a43-4e8b-9d1e-0000000e7a63\",\"name\":\"hello\",\"version\":2,"
		   "\"signal\":11,\"exit_code\":null,\"fault_address\":\"0x00000000\",\"pc\":\"0x00010abc\","
		   "\"lr\":\"0x00010a10\",\"stack\":[\"0x00010a10\",\"0x00010900\"],\"rss_kib\":96,\"count\":1,"
		   "\"detail\":null}",
		   "a crash report: the contract's fields, addresses in hex, no detail null");
	*exit3 = (struct app_svc_report){ .seq = 18, .boot = 3, .time = 1796596980, .count = 4, .version = 1,
					  .kind = APP_SVC_REPORT_EXIT,
					  .flags = APP_SVC_REPORT_HAS_EXIT | APP_SVC_REPORT_HAS_RSS, .exit_code = 3,
					  .rss_kib = 40, .name = "exit3" };
	n = report_json(exit3, one, sizeof(one));
	tap_ok(n > 0 && strstr(one, "\"kind\":\"exit\"") && strstr(one, "\"signal\":null,\"exit_code\":3,") &&
		       strstr(one, "\"fault_address\":null,\"pc\":null,\"lr\":null,\"stack\":null") &&
		       strstr(one, "\"count\":4"),
	       "an exit: its code, no signal, no fault, its count");
	*kernel = (struct app_svc_report){ .seq = 19, .boot = 3, .time = 1796596990, .count = 1,
					   .kind = APP_SVC_REPORT_KERNEL_WARNING, .name = "kernel",
					   .detail = "WARNING: CPU: 0 PID: 1 at \"x.c\":5\t" };
	n = report_json(kernel, one, sizeof(one));
	tap_ok(n > 0 && strstr(one, "\"component_id\":\"00000000-0000-0000-0000-000000000000\",\"name\":\"kernel\","
				   "\"version\":null") &&
		       strstr(one, "\"rss_kib\":null") &&
		       strstr(one, "\"detail\":\"WARNING: CPU: 0 PID: 1 at \\\"x.c\\\":5\\u0009\"}"),
	       "a kernel warning: the nil UUID, name kernel, version null, the line escaped");
	tap_ok(report_json(crash, one, 100) == -ENOSPC, "a report that does not fit: ENOSPC");
	memset(c.device_id, 0x11, 32);
	n = checkin_json(&c, out, sizeof(out));
	tap_ok(n > 0 && strstr(out, ",\"detail\":\"\",\"error_reports\":[{\"seq\":17,") &&
		       strstr(out, "\"detail\":null},{\"seq\":18,") && strstr(out, "},{\"seq\":19,") &&
		       strcmp(out + n - 4, "\"}]}") == 0,
	       "the check-in ends with its error_reports: three reports, as written");
	c.more = NULL;
	n = checkin_json(&c, out, sizeof(out));
	tap_ok(n > 0 && !strstr(out, "error_reports"), "without reports: no error_reports field");
}

int main(void)
{
	test_json();
	test_reports_json();
	test_plan();
	test_state();
	test_layout();
	return tap_done();
}
