/* test_devctl_api.c — devctl's device API end to end on the host: its
 * server loop in a thread on a socketpair standing for the service link
 * (hosts come and go), a fake appmgr on the control socket. Every path,
 * the staging stream in chunks (and its abort when the body is cut short
 * or stops), the limits of the loop (431, 408, 400), bytes after a
 * request, a host that leaves mid-request, the log stream, and the
 * development-mode paths (simulated GPIO lines, a simulated update). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devctl_rig.h"
#include "tap.h"

#define TIMEOUT_MS 1000
#define HELLO_UP "20733D53-E646-4E2C-99BA-4EA9DE6638E1"
#define NO_APP "11111111-2222-4333-8444-555555555555"

static struct rig rig;
static struct response resp;

/* The head of every whole response: JSON, Connection: close, the length. */
static bool head_ok(const struct response *r)
{
	return strstr(r->head, "\r\nContent-Type: application/json\r\n") &&
	       strstr(r->head, "\r\nConnection: close\r\n") && r->content_length == (long)r->body_len;
}

/* GET path; true when it answered status with a JSON body. */
static bool get(const char *path, int status)
{
	char text[512];
	json_t *j;
	bool ok;

	snprintf(text, sizeof(text), "GET %s HTTP/1.1\r\nHost: device\r\n\r\n", path);
	ok = rig_request(text, &resp) == 0 && resp.status == status && head_ok(&resp);
	j = response_json(&resp);
	ok = ok && j;
	if (!ok)
		printf("# GET %s: %d %s\n", path, resp.status, resp.body);
	json_decref(j);
	return ok;
}

/* A request with a body. */
static bool send_body(const char *method, const char *path, const char *body, int status)
{
	char text[1024];

	snprintf(text, sizeof(text), "%s %s HTTP/1.1\r\nContent-Length: %zu\r\n\r\n%s", method, path, strlen(body),
		 body);
	if (rig_request(text, &resp) != 0 || resp.status != status || !head_ok(&resp)) {
		printf("# %s %s: %d %s\n", method, path, resp.status, resp.body);
		return false;
	}
	return true;
}

/* A member of the response's JSON at a path of keys ("a.b"), as text. */
static const char *member(const char *path)
{
	static char out[256];
	json_t *root = response_json(&resp), *v = root;
	char keys[128], *save, *k;

	snprintf(keys, sizeof(keys), "%s", path);
	for (k = strtok_r(keys, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	if (json_is_string(v))
		snprintf(out, sizeof(out), "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, sizeof(out), "%lld", (long long)json_integer_value(v));
	else if (v)
		snprintf(out, sizeof(out), "%s", json_is_true(v) ? "true" : json_is_false(v) ? "false" : "?");
	else
		snprintf(out, sizeof(out), "(none)");
	json_decref(root);
	return out;
}

static bool is(const char *path, const char *want)
{
	const char *got = member(path);

	if (strcmp(got, want) != 0)
		printf("# %s: got %s, want %s\n", path, got, want);
	return strcmp(got, want) == 0;
}

static void test_device_paths(void)
{
	tap_ok(get("/status", 200) && atoi(member("uptime")) >= 0 && is("uptime", member("uptime")),
	       "GET /status after a time with no host connected");
	tap_ok(get("/device/security_state", 200) && is("securityState", "development") &&
		       is("deviceIdentifier", "00c0ffee") && is("developmentMode", "true"),
	       "GET /device/security_state");
	tap_ok(get("/device", 200) && is("osVersion", "spherule-test") && is("uptime", "42") &&
		       is("memory.totalInKB", "3328") && is("memory.availableInKB", "1500") &&
		       is("appSlots.used", "2") && is("appSlots.total", "8") && is("appFlash.totalInKB", "8192") &&
		       is("storage.usedInKB", "12") && is("secmonReachable", "true"),
	       "GET /device");
	tap_ok(get("/device/secmon", 200) && is("deviceIdentifier", "00c0ffee") && is("secmonReachable", "true"),
	       "GET /device/secmon");
	tap_ok(get("/net/interfaces", 200) && is("interfaces.0.interfaceName", "lo") &&
		       is("interfaces.0.ipAddresses.0", "127.0.0.1") && is("interfaces.0.prefixLength", "8") &&
		       is("interfaces.1.interfaceUp", "false") && is("interfaces.1.ipAddresses.0", "(none)") &&
		       is("interfaces.1.hardwareAddress", "52:54:00:12:34:56"),
	       "GET /net/interfaces");
	/* devctl answers first, then asks appmgr (api_device.c): wait for the ask. */
	tap_ok(send_body("POST", "/restart", "", 200) && is("restartingSystem", "true") &&
		       fake_appmgr_wait(&rig.appmgr, APPMGR_CTL_RESTART, 0, 2000) &&
		       fake_appmgr_count(&rig.appmgr, APPMGR_CTL_RESTART) == 1,
	       "POST /restart asks appmgr once");
}

static void test_app_paths(void)
{
	tap_ok(get("/images", 200) && is("images.0.name", "devctl") && is("images.0.systemApp", "true") &&
		       is("images.1.componentId", FAKE_HELLO_ID) && is("images.1.imageId",
									"abababab-abab-abab-abab-abababababab") &&
		       is("images.1.state", "running") && is("images.1.lengthInBytes", "20480") &&
		       is("images.1.developmentKey", "true") && is("images.1.version", "3") &&
		       is("images.1.securityVersion", "1") && is("images.1.slot", "1"),
	       "GET /images");
	tap_ok(get("/app/status/" HELLO_UP, 200) && is("state", "running") && is("pid", "60") && is("restarts", "2"),
	       "GET /app/status/{id}, the id in capitals");
	tap_ok(get("/app/status/" NO_APP, 404) && response_is_error(&resp, 404, "not_found"),
	       "an unknown component is not_found");
	tap_ok(get("/app/status/hello", 400) && response_is_error(&resp, 400, "bad_request"),
	       "a component id that is not a UUID is a bad_request");
	tap_ok(get("/app/status/", 404) && get("/app/status/" FAKE_HELLO_ID "/x", 404), "no id, or more path, is not found");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_HELLO_ID, "{\"trigger\":\"stop\"}", 200) &&
		       is("state", "stopped") && is("pid", "0"),
	       "PATCH stop");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_HELLO_ID, "{\"trigger\":\"startDebug\"}", 200) &&
		       is("state", "debugging") && rig.appmgr.last_flags == APPMGR_CTL_F_DEBUG,
	       "PATCH startDebug asks APP_START with the debug flag");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_HELLO_ID, " {\"trigger\" : \"start\"} ", 200) &&
		       is("state", "running") && rig.appmgr.last_flags == 0,
	       "PATCH start");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_HELLO_ID, "{\"trigger\":\"jump\"}", 400) &&
		       response_is_error(&resp, 400, "bad_request"),
	       "an unknown trigger is a bad_request");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_HELLO_ID, "trigger=stop", 400), "a body that is not JSON");
	tap_ok(rig_request("PATCH /app/status/" FAKE_HELLO_ID " HTTP/1.1\r\n\r\n", &resp) == 0 &&
		       response_is_error(&resp, 411, "length_required"),
	       "PATCH without Content-Length is length_required");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_HELLO_ID,
			 "{\"trigger\":\"stop\",\"padding\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
			 413) && response_is_error(&resp, 413, "payload_too_large"),
	       "a trigger body past 127 bytes is payload_too_large");
	tap_ok(send_body("PATCH", "/app/status/" FAKE_DEVCTL_ID, "{\"trigger\":\"stop\"}", 403) &&
		       response_is_error(&resp, 403, "system_app") && is("error.message", "devctl is a system app"),
	       "stopping devctl is refused as system_app with appmgr's reason");
	tap_ok(get("/app/quota/" FAKE_HELLO_ID, 200) && is("UsageInKB", "3") && is("LimitInKB", "8"),
	       "GET /app/quota/{id}");
	tap_ok(get("/app/memory/" FAKE_HELLO_ID, 200) && is("memoryStats.currentMemoryUsageInBytes", "122880") &&
		       is("memoryStats.peakMemoryUsageInBytes", "153600") &&
		       is("memoryStats.memoryLimitInBytes", "262144") && is("memoryStats.flashUsageInBytes", "20480"),
	       "GET /app/memory/{id}");
	tap_ok(send_body("DELETE", "/app/image/" FAKE_HELLO_ID, "", 200) && is("deleted", FAKE_HELLO_ID),
	       "DELETE /app/image/{id}");
	tap_ok(send_body("DELETE", "/app/image/" FAKE_DEVCTL_ID, "", 403) &&
		       response_is_error(&resp, 403, "system_app"),
	       "deleting devctl is refused");
	tap_ok(send_body("DELETE", "/app/image/" NO_APP, "", 404) && is("error.message", "no such component"),
	       "deleting an unknown component: not_found with the table's message when appmgr gives none");
}

static void test_routing(void)
{
	tap_ok(get("/nowhere", 404) && response_is_error(&resp, 404, "not_found"), "an unknown path is not_found");
	tap_ok(send_body("POST", "/images", "", 405) && response_is_error(&resp, 405, "method_not_allowed"),
	       "a method the path does not take");
	tap_ok(rig_request("BREW /status HTTP/1.1\r\n\r\n", &resp) == 0 &&
		       response_is_error(&resp, 405, "method_not_allowed"),
	       "an unknown method on a known path");
	tap_ok(get("/status?x=1", 200), "a query on a path that takes none is ignored");
}

static void test_simulation_paths(void)
{
	struct fake_appmgr *f = &rig.appmgr;

	tap_ok(get("/gpio/12", 200) && is("gpio", "12") && is("value", "0") && is("pull", "down") &&
		       is("requested", "false") && is("output", "false") && is("chip", "sim0") && is("offset", "4") &&
		       f->last_arg == 12 && fake_appmgr_count(f, APPMGR_CTL_GPIO_GET) == 1,
	       "GET /gpio/12: GPIO_GET of 12, the line as JSON");
	tap_ok(get("/gpio/9", 200) && is("value", "1") && is("requested", "true") && is("output", "true"),
	       "GET /gpio/9: an app's output, held, at 1");
	tap_ok(send_body("PUT", "/gpio/13", "{\"value\":1}", 200) && is("gpio", "13") && is("value", "1") &&
		       is("pull", "up") && f->last_arg == 13 && f->last_flags == 1,
	       "PUT /gpio/13 {\"value\":1}: GPIO_SET with flags 1, the line pulled up");
	tap_ok(send_body("PUT", "/gpio/13", "{ \"value\" : 0 }", 200) && is("value", "0") && f->last_flags == 0,
	       "PUT /gpio/13 {\"value\":0}: flags 0, pulled down");
	tap_ok(send_body("PUT", "/gpio/9", "{\"value\":0}", 409) && response_is_error(&resp, 409, "busy") &&
		       is("error.message", "GPIO 9 is an output of blink: its level is the app's"),
	       "PUT of an app's output: 409 busy with appmgr's reason");
	tap_ok(get("/gpio/0", 400) && response_is_error(&resp, 400, "bad_request") &&
		       is("error.message", "GPIO 0 is line 0 of 9030000.pl061, not a simulated line"),
	       "GET of a line that is not simulated (EOPNOTSUPP): 400 with the reason");
	tap_ok(get("/gpio/81", 404) && response_is_error(&resp, 404, "not_found"),
	       "GET of a number the board lacks (ENODEV): 404 not_found");
	tap_ok(get("/gpio/x1", 400) && get("/gpio/-1", 400) && get("/gpio/", 404) && get("/gpio/1/2", 404),
	       "a GPIO number that is not decimal: 400; none or a longer path: 404");
	unsigned sets = fake_appmgr_count(f, APPMGR_CTL_GPIO_SET);
	tap_ok(send_body("PUT", "/gpio/12", "{\"value\":2}", 400) && send_body("PUT", "/gpio/12", "{\"value\":\"1\"}", 400) &&
		       send_body("PUT", "/gpio/12", "{\"value\":1.0}", 400) && send_body("PUT", "/gpio/12", "{}", 400) &&
		       send_body("PUT", "/gpio/12", "{\"value\":-1}", 400) &&
		       fake_appmgr_count(f, APPMGR_CTL_GPIO_SET) == sets,
	       "PUT with a value other than 0 or 1 is a bad_request, appmgr not asked");
	tap_ok(rig_request("PUT /gpio/12 HTTP/1.1\r\n\r\n", &resp) == 0 &&
		       response_is_error(&resp, 411, "length_required"),
	       "PUT /gpio without Content-Length: length_required");
	fake_appmgr_fail(f, APPMGR_CTL_GPIO_GET, -EPERM, "only in development mode");
	tap_ok(get("/gpio/12", 403) && response_is_error(&resp, 403, "forbidden") &&
		       is("error.message", "only in development mode"),
	       "outside development mode (EPERM): 403 forbidden with appmgr's reason");

	tap_ok(send_body("POST", "/sysevent/update", "{\"updateType\":\"App\",\"maxDeferralInMinutes\":10}", 200) &&
		       is("simulatedUpdate.updateType", "App") && is("simulatedUpdate.maxDeferralInMinutes", "10") &&
		       f->last_arg == 1 && f->last_flags == 10,
	       "POST /sysevent/update App, 10 min: SYSEVENT_SIMULATE arg 1 (App), flags 10");
	tap_ok(send_body("POST", "/sysevent/update", "{\"updateType\":\"System\"}", 200) &&
		       is("simulatedUpdate.maxDeferralInMinutes", "1440") && f->last_arg == 2 && f->last_flags == 1440,
	       "POST /sysevent/update System: arg 2, the default 1440 minutes");
	unsigned sims = fake_appmgr_count(f, APPMGR_CTL_SYSEVENT_SIMULATE);
	tap_ok(send_body("POST", "/sysevent/update", "{\"updateType\":\"app\"}", 400) &&
		       send_body("POST", "/sysevent/update", "{\"maxDeferralInMinutes\":5}", 400) &&
		       send_body("POST", "/sysevent/update", "{\"updateType\":\"App\",\"maxDeferralInMinutes\":1441}", 400) &&
		       send_body("POST", "/sysevent/update", "{\"updateType\":\"App\",\"maxDeferralInMinutes\":\"5\"}", 400) &&
		       fake_appmgr_count(f, APPMGR_CTL_SYSEVENT_SIMULATE) == sims,
	       "an unknown updateType, none, or a deferral past 1440 minutes: bad_request, appmgr not asked");
	fake_appmgr_fail(f, APPMGR_CTL_SYSEVENT_SIMULATE, -EBUSY, "a simulated update is in progress");
	tap_ok(send_body("POST", "/sysevent/update", "{\"updateType\":\"App\"}", 409) &&
		       response_is_error(&resp, 409, "busy"),
	       "appmgr busy with an update: 409 busy");
	tap_ok(get("/sysevent/update", 405), "GET /sysevent/update: method_not_allowed");
	fake_appmgr_fail(f, 0, 0, "");
}

/* Sends the head of PUT /update/stage for size bytes (extra headers
 * appended) as a new host; returns the host's end. */
static int stage_head(size_t size, const char *extra)
{
	char head[256];
	int fd = host_connect();

	snprintf(head, sizeof(head), "PUT /update/stage HTTP/1.1\r\nContent-Type: application/octet-stream\r\n"
				     "Content-Length: %zu\r\n%s\r\n", size, extra);
	host_send(fd, head, strlen(head));
	return fd;
}

/* Sends a package of size bytes starting with first, in pieces of piece
 * bytes; returns the sum of its bytes. */
static uint32_t send_package(int fd, size_t size, const char *first, size_t piece)
{
	static unsigned char pkg[64 * 1024];
	uint32_t sum = 0;

	for (size_t i = 0; i < size; i++)
		pkg[i] = (unsigned char)(i * 7 + 3);
	memcpy(pkg, first, strlen(first));
	for (size_t i = 0; i < size; i++)
		sum += pkg[i];
	for (size_t at = 0; at < size; at += piece) {
		host_send(fd, pkg + at, size - at < piece ? size - at : piece);
		poll(NULL, 0, 2);
	}
	return sum;
}

static void test_stage_and_install(void)
{
	struct fake_appmgr *f = &rig.appmgr;
	unsigned data_before = fake_appmgr_count(f, APPMGR_CTL_STAGE_DATA);
	uint32_t sum;
	int fd;

	fd = stage_head(10000, "");
	sum = send_package(fd, 10000, "PKG", 1000);
	tap_ok(host_read_response(fd, &resp, 5000) == 0 && resp.status == 200 && head_ok(&resp) &&
		       is("staged.name", "staged \"app\"") && is("staged.componentId", FAKE_STAGED_ID) &&
		       is("staged.version", "7"),
	       "PUT /update/stage of 10000 bytes sent in pieces");
	close(fd);
	tap_ok(f->stage_got == 10000 && f->stage_sum == sum, "appmgr got every byte, in order");
	tap_ok(f->stage_max_chunk <= APPMGR_CTL_MAX_DATA &&
		       fake_appmgr_count(f, APPMGR_CTL_STAGE_DATA) - data_before == 3,
	       "in STAGE_DATA messages of at most 4096 bytes, filled");
	tap_ok(send_body("POST", "/update/install", "{\"appControlMode\":\"Manual\"}", 200) &&
		       is("installed.name", "staged \"app\"") && is("installed.state", "stopped") &&
		       is("replaced", "true") && f->last_flags == APPMGR_CTL_F_MANUAL_START,
	       "POST /update/install with Manual asks for a manual start");
	tap_ok(send_body("POST", "/update/install", "", 409) && response_is_error(&resp, 409, "not_staged"),
	       "installing with nothing staged is not_staged");
	tap_ok(send_body("POST", "/update/install", "{\"appControlMode\":\"Sometimes\"}", 400),
	       "an unknown appControlMode is a bad_request");

	fd = stage_head(3000, "Expect: 100-continue\r\n");
	tap_ok(host_read_response(fd, &resp, 2000) == 0 && resp.status == 100, "Expect: 100-continue is answered");
	send_package(fd, 3000, "PKG", 3000);
	tap_ok(host_read_response(fd, &resp, 5000) == 0 && resp.status == 200, "then the body is staged");
	close(fd);
	tap_ok(rig_request("POST /update/install HTTP/1.1\r\n\r\n", &resp) == 0 && resp.status == 200 &&
		       is("installed.state", "running") && f->last_flags == 0,
	       "POST /update/install without a body starts the app");
}

static void test_stage_refusals(void)
{
	struct fake_appmgr *f = &rig.appmgr;
	unsigned aborts, ends;
	int fd;

	tap_ok(rig_request("PUT /update/stage HTTP/1.1\r\n\r\n", &resp) == 0 &&
		       response_is_error(&resp, 411, "length_required"),
	       "staging without Content-Length is length_required");
	tap_ok(rig_request("PUT /update/stage HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
			   &resp) == 0 &&
		       response_is_error(&resp, 411, "length_required"),
	       "a chunked body is refused: length_required");
	tap_ok(send_body("PUT", "/update/stage", "", 400), "an empty package is a bad_request");
	tap_ok(rig_request("PUT /update/stage HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", &resp) == 0 &&
		       response_is_error(&resp, 413, "payload_too_large") &&
		       is("error.message", "the package is larger than the 1024 KiB of an app slot"),
	       "a package larger than a slot is payload_too_large, before its body");

	fd = stage_head(5000, "");
	send_package(fd, 5000, "BAD", 700);
	tap_ok(host_read_response(fd, &resp, 5000) == 0 && response_is_error(&resp, 422, "image_refused") &&
		       is("error.message", "the signature does not verify with any trusted key"),
	       "an image appmgr refuses is image_refused with its reason");
	close(fd);

	aborts = fake_appmgr_count(f, APPMGR_CTL_STAGE_ABORT);
	ends = fake_appmgr_count(f, APPMGR_CTL_STAGE_END);
	fd = stage_head(10000, "");
	send_package(fd, 5000, "PKG", 5000);
	poll(NULL, 0, 50);
	close(fd);
	tap_ok(fake_appmgr_wait(f, APPMGR_CTL_STAGE_ABORT, aborts, 2000) &&
		       fake_appmgr_count(f, APPMGR_CTL_STAGE_END) == ends && fake_appmgr_count(f, APPMGR_CTL_STAGE_ABORT) == aborts + 1,
	       "a body cut short by the host going away: STAGE_ABORT, no STAGE_END");

	fd = stage_head(10000, "");
	send_package(fd, 5000, "PKG", 5000);
	tap_ok(host_read_response(fd, &resp, 3000) == 0 && response_is_error(&resp, 408, "timeout") &&
		       fake_appmgr_count(f, APPMGR_CTL_STAGE_ABORT) == aborts + 2,
	       "a body that stops coming: 408 timeout after STAGE_ABORT");
	close(fd);

	fake_appmgr_fail(f, APPMGR_CTL_STAGE_BEGIN, -ENOSPC, "");
	tap_ok(send_body("PUT", "/update/stage", "PKG", 507) && response_is_error(&resp, 507, "out_of_slots"),
	       "no free slot is out_of_slots");
	fake_appmgr_fail(f, APPMGR_CTL_STAGE_BEGIN, -EBUSY, "");
	tap_ok(send_body("PUT", "/update/stage", "PKG", 409) && response_is_error(&resp, 409, "busy"),
	       "another staging is busy");
	fake_appmgr_fail(f, APPMGR_CTL_STAGE_DATA, -EIO, "cannot write flash at 0x40000");
	fd = stage_head(9000, "");
	send_package(fd, 9000, "PKG", 9000);
	tap_ok(host_read_response(fd, &resp, 3000) == 0 && response_is_error(&resp, 500, "internal") &&
		       is("error.message", "cannot write flash at 0x40000") && fake_appmgr_count(f, APPMGR_CTL_STAGE_ABORT) == aborts + 3,
	       "a STAGE_DATA failure is answered, and the staging aborted");
	close(fd);
	fake_appmgr_fail(f, APPMGR_CTL_INSTALL, -EADDRINUSE, "GPIO 5 is granted to hello already");
	tap_ok(send_body("POST", "/update/install", "", 409) && response_is_error(&resp, 409, "conflict") &&
		       is("error.message", "GPIO 5 is granted to hello already"),
	       "an install conflict says which resource");
	fake_appmgr_fail(f, 0, 0, "");
}

static void test_log(void)
{
	fake_appmgr_log(&rig.appmgr, "appmgr: started hello\n[hello] Hello, \"Spherule\"\r\nno newline yet");
	tap_ok(get("/log", 200) && is("start", "0") && is("end", "63") && is("lines.0", "appmgr: started hello") &&
		       is("lines.1", "[hello] Hello, \"Spherule\"") && is("lines.2", "no newline yet") &&
		       is("lines.3", "(none)"),
	       "GET /log: appmgr's log as lines");
	tap_ok(get("/log?since=22&componentId=" FAKE_HELLO_ID, 200) && is("start", "22") &&
		       is("lines.0", "[hello] Hello, \"Spherule\""),
	       "GET /log of an app from a position");
	tap_ok(get("/log?componentId=" NO_APP, 404), "the log of an unknown app is not_found");
	tap_ok(get("/log?componentId=hello", 400), "a componentId that is not a UUID is a bad_request");
	tap_ok(get("/log?since=-1", 400), "a since that is not a number is a bad_request");
}

/* Reads what the stream sends into buf (appended) until want is in it, or
 * for ms. */
static bool read_stream(int fd, char *buf, size_t cap, const char *want, int ms)
{
	size_t len = strlen(buf);
	struct pollfd p = { fd, POLLIN, 0 };

	while (!strstr(buf, want) && len + 1 < cap && poll(&p, 1, ms) > 0) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
	return strstr(buf, want) != NULL;
}

/* Waits until appmgr's LOG count stays put for 600 ms (at most 5 s). */
static bool log_polls_stop(void)
{
	unsigned last = fake_appmgr_count(&rig.appmgr, APPMGR_CTL_LOG);

	for (int waited = 0; waited < 5000; waited += 600) {
		unsigned now;

		poll(NULL, 0, 600);
		now = fake_appmgr_count(&rig.appmgr, APPMGR_CTL_LOG);
		if (now == last)
			return true;
		last = now;
	}
	return false;
}

#define STREAM_HEAD "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n"
#define STREAM_HELLO "GET /log/stream?componentId=" FAKE_HELLO_ID " HTTP/1.1\r\n\r\n"

static void test_log_stream(void)
{
	static char got[16384];
	static char big[5000];
	struct fake_appmgr *f = &rig.appmgr;
	int fd = host_connect();

	host_send(fd, "GET /log/stream HTTP/1.1\r\n\r\n", 28);
	got[0] = '\0';
	tap_ok(read_stream(fd, got, sizeof(got), "no newline yet", 3000) &&
		       strncmp(got, STREAM_HEAD, strlen(STREAM_HEAD)) == 0,
	       "GET /log/stream: an NDJSON head without Content-Length");
	tap_ok(strstr(got, "{\"componentId\":null,\"line\":\"appmgr: started hello\"}\n") &&
		       strstr(got, "{\"componentId\":null,\"line\":\"no newline yet\"}\n"),
	       "the lines held so far, an unfinished one after a poll");
	fake_appmgr_log(f, "\nlater line\n");
	tap_ok(read_stream(fd, got, sizeof(got), "{\"componentId\":null,\"line\":\"later line\"}\n", 3000),
	       "a new line comes as it is logged");
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	fake_appmgr_log(f, big);
	fake_appmgr_log(f, big);
	tap_ok(read_stream(fd, got, sizeof(got), "lines lost", 3000) && strstr(got, "\"lost\":"),
	       "bytes overwritten before they were read are said lost");
	close(fd);
	tap_ok(log_polls_stop(), "the stream ends when the host goes away");
	tap_ok(get("/status", 200), "and the next request is served");
	fd = host_connect();
	host_send(fd, STREAM_HELLO, strlen(STREAM_HELLO));
	got[0] = '\0';
	tap_ok(read_stream(fd, got, sizeof(got), "{\"componentId\":\"" FAKE_HELLO_ID "\",\"line\":\"xxxx", 3000),
	       "an app's stream names it");
	fake_appmgr_fail(f, APPMGR_CTL_LOG, -EIO, "the log is gone");
	tap_ok(read_stream(fd, got, sizeof(got), "{\"error\":{\"code\":\"internal\",\"message\":\"the log is gone\"}}\n",
			   3000),
	       "a stream appmgr stops answering ends with an error line");
	fake_appmgr_fail(f, 0, 0, "");
	close(fd);
	tap_ok(log_polls_stop(), "that stream ends too");
}

static void test_loop_limits(void)
{
	static char big[5000];
	int fd, n;

	n = snprintf(big, sizeof(big), "GET /status HTTP/1.1\r\nX-Pad: ");
	memset(big + n, 'a', sizeof(big) - (size_t)n - 1);
	tap_ok(rig_request(big, &resp) == 0 && response_is_error(&resp, 431, "headers_too_large"),
	       "a head past 4096 bytes is headers_too_large");
	tap_ok(rig_request("GET /status\r\n\r\n", &resp) == 0 && response_is_error(&resp, 400, "bad_request"),
	       "a malformed request line is a bad_request");
	poll(NULL, 0, 300); /* bytes that are no request line's start: devctl must have seen the last host leave */
	tap_ok(rig_request("\x16\x03\x01\x02\x01\x01\xfc\x03\x03\r\n\r\n", &resp) == 0 &&
		       response_is_error(&resp, 400, "bad_request"),
	       "binary bytes are a bad_request");
	fd = host_connect();
	host_send(fd, "GET /status HTTP/1.1\r\nHost: x", 29);
	tap_ok(host_read_response(fd, &resp, 3000) == 0 && response_is_error(&resp, 408, "timeout"),
	       "a head that stops coming: 408 timeout");
	close(fd);
	fd = host_connect();
	host_send(fd, "GET /status HTTP/1.1\r\nHo", 24);
	close(fd);
	tap_ok(get("/device/secmon", 200), "a host that leaves mid-head is forgotten; the next one is served");
	fd = host_connect();
	host_send(fd, "GET /status HTTP/1.1\r\n\r\nGARBAGE\x01\x02 more garbage\r\n\r\n", 51);
	tap_ok(host_read_response(fd, &resp, 3000) == 0 && resp.status == 200, "bytes after a request: it is answered");
	tap_ok(host_read_response(fd, &resp, 300) == -ETIMEDOUT, "and the bytes after it are dropped, unanswered");
	close(fd);
	fd = host_connect();
	for (const char *p = "GET /status HTTP/1.1\r\n\r\n"; *p; p++) {
		host_send(fd, p, 1);
		poll(NULL, 0, 3);
	}
	tap_ok(host_read_response(fd, &resp, 3000) == 0 && resp.status == 200, "a request sent byte by byte");
	close(fd);
	n = 0;
	for (int i = 0; i < 20; i++)
		n += rig_request("GET /status HTTP/1.1\r\n\r\n", &resp) == 0 && resp.status == 200;
	tap_ok(n == 20, "20 hosts one after the other, each connecting as the last leaves (%d answered)", n);
}

int main(void)
{
	if (rig_start(&rig, TIMEOUT_MS) < 0) {
		printf("Bail out! cannot start the rig\n");
		return 1;
	}
	poll(NULL, 0, 250); /* no host for a while first */
	test_device_paths();
	test_app_paths();
	test_routing();
	test_simulation_paths();
	test_stage_and_install();
	test_stage_refusals();
	test_log();
	test_log_stream();
	test_loop_limits();
	return tap_done();
}
