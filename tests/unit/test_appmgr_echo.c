/* test_appmgr_echo.c — unit tests of appmgr's console output: app lines
 * echoed with their "[name] " prefix from the log ring, a console that
 * cannot keep up (a full non-blocking pipe) never blocks and drops are
 * reported, appmgr's own lines have reserved room, an app's echo is held
 * to its console rate. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "app_echo.h"
#include "console.h"
#include "tap.h"
#include "log_ring.h"

static struct console con;
static struct log_ring ring;
static struct app_echo echo;
static uint64_t now = 1000000;   /* fake clock, ms */

/* Reads everything the console wrote so far into out (NUL-terminated). */
static size_t drain(int fd, char *out, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < cap && (n = read(fd, out + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	return len;
}

static void say(const char *s)
{
	log_ring_append(&ring, s, strlen(s));
}

/* Echoes what the app wrote a second later and returns what the console
 * received, in out. */
static size_t echo_round(int rd, const char *name, bool output_ended, char *out, size_t cap)
{
	app_echo_pump(&echo, &ring, name, &con, output_ended, now += 1000);
	if (console_flush(&con) != 0 || console_pending(&con))
		return (size_t)-1;
	return drain(rd, out, cap);
}

static void test_lines(int rd, int wr)
{
	char out[65536];
	char line[400];

	console_init(&con, wr);
	log_ring_init(&ring);
	app_echo_init(&echo, &ring, now);
	say("hello from Spherule #1\nhel");
	echo_round(rd, "hello", false, out, sizeof(out));
	tap_ok(strcmp(out, "[hello] hello from Spherule #1\n") == 0,
	       "complete line echoed with prefix, partial line held");
	say("lo from Spherule #2\n");
	echo_round(rd, "hello", false, out, sizeof(out));
	tap_ok(strcmp(out, "[hello] hello from Spherule #2\n") == 0, "partial line completed later");
	say("bye");
	tap_ok(echo_round(rd, "hello", false, out, sizeof(out)) == 0,
	       "trailing partial line waits while the app runs");
	echo_round(rd, "hello", true, out, sizeof(out));
	tap_ok(strcmp(out, "[hello] bye\n") == 0, "trailing partial line echoed when output ends");

	say("a\x1b[2Jb\rc\td\n");
	echo_round(rd, "x", false, out, sizeof(out));
	tap_ok(strcmp(out, "[x] a?[2Jb?c\td\n") == 0, "control characters shown as '?': %s", out);

	/* UTF-8: é, €, 😀 pass; the 8-bit CSI, C1 controls in UTF-8, stray,
	 * overlong, surrogate and truncated sequences do not. */
	say("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n");
	echo_round(rd, "x", false, out, sizeof(out));
	tap_ok(strcmp(out, "[x] caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n") == 0,
	       "valid UTF-8 text passes");
	say("a\x9b" "2Jb\xc2\x9b" "c\x80\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82\n");
	echo_round(rd, "x", false, out, sizeof(out));
	tap_ok(strcmp(out, "[x] a?2Jb??c????????????\n") == 0,
	       "8-bit CSI, C1 in UTF-8, stray, overlong, surrogate, too large, truncated: '?' each byte: %s",
	       out);

	memset(line, 'z', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	log_ring_append(&ring, line, sizeof(line));
	echo_round(rd, "x", false, out, sizeof(out));
	tap_ok(strlen(out) == 3 * 4 + 399 + 3 && strncmp(out, "[x] zzz", 7) == 0 &&
	       strstr(out + 4, "\n[x] zzz") != NULL, "a 399-byte line is echoed in 160-byte pieces");

	/* A long line of 2-byte characters is split between characters. */
	for (size_t i = 0; i + 2 <= sizeof(line) - 1; i += 2)
		memcpy(line + i, "\xc3\xa9", 2);
	line[sizeof(line) - 2] = 'z';
	line[sizeof(line) - 1] = '\n';
	log_ring_append(&ring, line, sizeof(line));
	echo_round(rd, "x", false, out, sizeof(out));
	tap_ok(strchr(out, '?') == NULL && strstr(out, "\n[x] \xc3\xa9") != NULL,
	       "a long line of UTF-8 characters is split between characters");
}

static void test_slow_console(int rd, int wr)
{
	char out[1 << 17];
	char block[1024];
	size_t total = 0, got;
	const char *note;
	unsigned long dropped;
	int after = 0;

	console_init(&con, wr);
	log_ring_init(&ring);
	app_echo_init(&echo, &ring, now);
	/* Fill the pipe so that the console takes nothing. */
	memset(block, '.', sizeof(block));
	while (write(wr, block, sizeof(block)) > 0)
		total += sizeof(block);
	tap_ok(errno == EAGAIN && total > 0, "console pipe full (%zu bytes)", total);
	for (int i = 0; i < 1000; i++) {
		say("spew spew spew spew spew spew spew spew spew spew spew spew\n");
		app_echo_pump(&echo, &ring, "spew", &con, false, now += 1000);
		if (console_flush(&con) != 0)
			break;
	}
	tap_ok(con.len <= CONSOLE_APP_SHARE && console_pending(&con),
	       "app output queued only up to the app share (%zu bytes)", con.len);
	console_put_own(&con, "spew: exited with status 0", 26);
	tap_ok(con.len > CONSOLE_APP_SHARE && con.own_dropped == 0,
	       "appmgr's own line still fits in the reserved room");
	for (int i = 0; i < 200; i++)
		console_put_own(&con, "status: 1 running, 0 waiting to restart, 0 refused", 50);
	tap_ok(con.own_dropped > 0 && con.len <= CONSOLE_BUF_SIZE,
	       "own lines beyond the buffer are counted as dropped");
	drain(rd, out, sizeof(out));
	console_flush(&con);
	console_put_own(&con, "back", 4);
	got = 0;
	for (int round = 0; round < 10; round++) {
		app_echo_pump(&echo, &ring, "spew", &con, false, now += 1000);
		console_flush(&con);
		got += drain(rd, out + got, sizeof(out) - got);
	}
	note = strstr(out, "[spew] (");
	dropped = 0;
	if (!note || sscanf(note, "[spew] (%lu bytes dropped)\n[spew] %n", &dropped, &after) != 1)
		after = 0;
	tap_ok(got > 0 && after > 0 && dropped > 50000 && strstr(note + after, "\n[spew] spew spew spew"),
	       "lost app output reported as '[spew] (%lu bytes dropped)' before the next lines",
	       dropped);
	tap_ok(strstr(out, "appmgr: (") && strstr(out, " bytes of appmgr log dropped)\nappmgr: back\n"),
	       "lost appmgr lines reported before the next one");
	tap_ok(echo.cursor == ring.end && !console_pending(&con),
	       "echo catches up with the ring once the console drains");
}

/* The console is fast, the app is not allowed to be. */
static void test_rate(int rd, int wr)
{
	static char out[1 << 17];
	char line[41];
	size_t got;
	enum app_echo_state st;

	console_init(&con, wr);
	log_ring_init(&ring);
	app_echo_init(&echo, &ring, now);
	memset(line, 'r', 39);
	line[39] = '\n';
	line[40] = '\0';
	for (int i = 0; i < 100; i++)
		say(line);      /* 4000 bytes; 4700 on the console with "[rate] " */
	st = app_echo_pump(&echo, &ring, "rate", &con, false, now);
	console_flush(&con);
	got = drain(rd, out, sizeof(out));
	tap_ok(st == ECHO_THROTTLED && got <= ECHO_BURST_BYTES && got > ECHO_BURST_BYTES - 47 &&
	       got % 47 == 0, "a burst of %u bytes, then throttled (%zu echoed)", ECHO_BURST_BYTES, got);
	st = app_echo_pump(&echo, &ring, "rate", &con, false, now + 10);
	tap_ok(st == ECHO_THROTTLED && console_flush(&con) == 0 && drain(rd, out, sizeof(out)) == 0,
	       "10 ms later: nothing more");
	st = app_echo_pump(&echo, &ring, "rate", &con, false, now += 1000);
	console_flush(&con);
	got += drain(rd, out, sizeof(out));
	tap_ok(st == ECHO_DONE && got == 100 * 47, "a second later the rest follows (%zu bytes)", got);

	/* A flood far above the rate: the ring overwrites, drops are reported. */
	for (int i = 0; i < 5000; i++) {
		say(line);
		if (i % 100 == 0)
			app_echo_pump(&echo, &ring, "rate", &con, false, now += 100);
		console_flush(&con);
		drain(rd, out, sizeof(out));
	}
	got = 0;
	for (int i = 0; i < 10; i++) {
		app_echo_pump(&echo, &ring, "rate", &con, false, now += 1000);
		console_flush(&con);
		got += drain(rd, out + got, sizeof(out) - got);
	}
	tap_ok(strstr(out, "[rate] (") && strstr(out, " bytes dropped)\n") && echo.cursor == ring.end,
	       "a flood over the rate is cut: dropped bytes reported, echo catches up");
}

static void test_console_error(void)
{
	int fds[2];

	tap_ok(pipe(fds) == 0, "pipe for a dead console");
	close(fds[0]);
	console_init(&con, fds[1]);
	console_put_own(&con, "x", 1);
	tap_ok(console_flush(&con) == -EPIPE && !console_pending(&con),
	       "a console write error is returned and the queue discarded");
	close(fds[1]);
}

int main(void)
{
	int fds[2];

	signal(SIGPIPE, SIG_IGN);
	tap_ok(pipe2(fds, O_NONBLOCK) == 0, "non-blocking pipe as console");
	test_lines(fds[0], fds[1]);
	test_slow_console(fds[0], fds[1]);
	test_rate(fds[0], fds[1]);
	test_console_error();
	return tap_done();
}
