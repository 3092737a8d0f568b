/* test_gdbserver_rsp.c — gdbserver's protocol side on the host, against a
 * fake stopped program (registers and 64 KiB of memory at 0x10000): hex
 * parsing, packet framing (checksums, acks, interrupts, a packet longer than
 * the buffer), every packet gdbserver answers with good and malformed
 * arguments, breakpoints of each kind written and taken out, the target
 * description read in pieces, resume signals in GDB's numbering, stop
 * replies, the wait-status classes, and random bytes and random packets:
 * every reply within RSP_PACKET_MAX, never a crash. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "arm_breakpoints.h"
#include "gdb_signals.h"
#include "rsp_frame.h"
#include "rsp_hex.h"
#include "rsp_session.h"
#include "stop_status.h"
#include "tap.h"

#define MEM_BASE 0x10000u
#define MEM_SIZE 0x10000u
#define TID 100

static uint32_t fake_regs[GDB_ARM_REGS];
static uint8_t fake_mem[MEM_SIZE];

static int get_regs(void *ctx, uint32_t regs[GDB_ARM_REGS])
{
	memcpy(regs, fake_regs, sizeof(fake_regs));
	return 0;
}

static int set_regs(void *ctx, const uint32_t regs[GDB_ARM_REGS])
{
	memcpy(fake_regs, regs, sizeof(fake_regs));
	return 0;
}

static int read_mem(void *ctx, uint32_t addr, uint8_t *buf, uint32_t len)
{
	uint32_t n;

	if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE)
		return -EIO;
	n = MEM_BASE + MEM_SIZE - addr < len ? MEM_BASE + MEM_SIZE - addr : len;
	memcpy(buf, fake_mem + (addr - MEM_BASE), n);
	return (int)n;
}

static int write_mem(void *ctx, uint32_t addr, const uint8_t *buf, uint32_t len)
{
	if (addr < MEM_BASE || len > MEM_SIZE || addr - MEM_BASE > MEM_SIZE - len)
		return -EIO;
	memcpy(fake_mem + (addr - MEM_BASE), buf, len);
	return 0;
}

static const struct gdb_target fake = { get_regs, set_regs, read_mem, write_mem, NULL };
static struct rsp_session session;
static char reply[RSP_PACKET_MAX + 1];
static size_t reply_len;
static int resume_sig;

/* Handles pkt; the reply NUL-terminated in reply. */
static enum rsp_action ask(const char *pkt)
{
	enum rsp_action a = rsp_session_handle(&session, pkt, strlen(pkt), reply, &reply_len, &resume_sig);

	reply[reply_len] = '\0';
	return a;
}

static int answers(const char *pkt, const char *want)
{
	enum rsp_action a = ask(pkt);

	if (a == RSP_REPLY && strcmp(reply, want) == 0)
		return 1;
	printf("# %s: got '%s' (action %d), want '%s'\n", pkt, reply, (int)a, want);
	return 0;
}

static int is_error(const char *pkt)
{
	return ask(pkt) == RSP_REPLY && reply_len == 3 && reply[0] == 'E';
}

static void test_hex(void)
{
	const char *in = "10144,4", *p = in;
	uint32_t v = 0;
	uint8_t b[2];

	tap_ok(rsp_hex_u32(&p, in + 7, &v) == 0 && v == 0x10144 && *p == ',', "hex: a number up to ','");
	p = "123456789";
	tap_ok(rsp_hex_u32(&p, p + 9, &v) == -EINVAL, "hex: nine digits refused (32 bits)");
	p = ",1";
	tap_ok(rsp_hex_u32(&p, p + 2, &v) == -EINVAL, "hex: no digit refused");
	p = "ff";
	tap_ok(rsp_hex_u32(&p, p + 1, &v) == 0 && v == 0xf, "hex: stops at the length given");
	tap_ok(rsp_hex_decode("0aFf", 2, b) == 0 && b[0] == 0x0a && b[1] == 0xff &&
		       rsp_hex_decode("0g", 1, b) == -EINVAL, "hex: bytes decoded, a non-digit refused");
}

/* Feeds s; the last event. */
static enum rsp_rx_event feed(struct rsp_rx *rx, const char *s, size_t len)
{
	enum rsp_rx_event e = RSP_RX_NONE;

	for (size_t i = 0; i < len; i++)
		e = rsp_rx_byte(rx, (uint8_t)s[i]);
	return e;
}

static void test_framing(void)
{
	static char big[RSP_PACKET_MAX + 64];
	struct rsp_rx rx;
	char out[64];
	size_t n;

	rsp_rx_init(&rx);
	tap_ok(feed(&rx, "$qC#b4", 6) == RSP_RX_PACKET && rx.len == 2 && !strcmp(rx.buf, "qC"),
	       "frame: a packet with its checksum");
	tap_ok(feed(&rx, "$qC#B4", 6) == RSP_RX_PACKET, "frame: checksum digits in either case");
	tap_ok(feed(&rx, "$qC#b5", 6) == RSP_RX_BAD, "frame: a wrong checksum: '-'");
	tap_ok(feed(&rx, "$qC#x4", 6) == RSP_RX_BAD, "frame: a checksum that is no hex: '-'");
	tap_ok(feed(&rx, "+", 1) == RSP_RX_ACK && feed(&rx, "-", 1) == RSP_RX_NAK &&
		       feed(&rx, "\x03", 1) == RSP_RX_INTERRUPT, "frame: '+', '-' and 0x03 outside packets");
	tap_ok(feed(&rx, "junk$g#67", 9) == RSP_RX_PACKET && !strcmp(rx.buf, "g"),
	       "frame: bytes before a packet ignored");
	tap_ok(feed(&rx, "$qSup$?#3f", 10) == RSP_RX_PACKET && !strcmp(rx.buf, "?"),
	       "frame: a '$' inside a packet starts a new one");
	memset(big, 'a', sizeof(big));
	big[0] = '$';
	memcpy(big + sizeof(big) - 3, "#00", 3);
	tap_ok(feed(&rx, big, sizeof(big)) == RSP_RX_BAD && rx.len == RSP_PACKET_MAX,
	       "frame: a packet longer than %u bytes is refused, the buffer never passed", RSP_PACKET_MAX);
	n = rsp_frame("a#$}*", 5, out, sizeof(out));
	out[n] = '\0';
	tap_ok_str(out, "$a}\x03}\x04}]}\x0a#c3", "frame: '#', '$', '}' and '*' escaped, checksum over the escaped bytes");
	tap_ok(rsp_frame("OK", 2, out, 5) == 0 && rsp_frame("OK", 2, out, 6) == 6,
	       "frame: refuses what does not fit");
	rsp_rx_init(&rx);
	n = rsp_frame("m10000,4", 8, out, sizeof(out));
	tap_ok(feed(&rx, out, n) == RSP_RX_PACKET && !strcmp(rx.buf, "m10000,4"),
	       "frame: what rsp_frame sends, the receiver takes");
}

static void reset(void)
{
	for (uint32_t i = 0; i < MEM_SIZE; i++)
		fake_mem[i] = (uint8_t)(i * 7);
	for (int i = 0; i < GDB_ARM_REGS; i++)
		fake_regs[i] = 0x01010101u * (uint32_t)i;
	fake_regs[GDB_ARM_PC] = 0x10144;
	fake_regs[GDB_ARM_CPSR] = 0x60000030;
	rsp_session_init(&session, &fake, TID);
}

static void test_registers(void)
{
	char g[GDB_ARM_REGS * 8 + 2];

	reset();
	fake_regs[0] = 0x11223344;
	ask("g");
	tap_ok(reply_len == GDB_ARM_REGS * 8 && !strncmp(reply, "44332211", 8) &&
		       !strncmp(reply + 15 * 8, "44010100", 8) && !strncmp(reply + 16 * 8, "30000060", 8),
	       "g: 17 registers little-endian, pc and cpsr last");
	g[0] = 'G';
	memcpy(g + 1, reply, GDB_ARM_REGS * 8 + 1);
	g[1] = '9';
	tap_ok(answers(g, "OK") && fake_regs[0] == 0x11223394, "G: sets all registers");
	g[10] = '\0';
	tap_ok(is_error(g) && is_error("G") && is_error("gx"), "G too short, g with arguments: errors");
	tap_ok(answers("pf", "44010100") && answers("p19", "30000060"), "p: pc (f) and cpsr (19)");
	tap_ok(is_error("p10") && is_error("p") && is_error("pfz"), "p: no register 0x10, none named, junk after");
	tap_ok(answers("Pf=00000200", "OK") && fake_regs[GDB_ARM_PC] == 0x20000, "P: sets pc");
	tap_ok(is_error("Pf=0000") && is_error("Pf") && is_error("P19=0000000g"), "P: malformed values refused");
}

static void test_memory(void)
{
	reset();
	tap_ok(answers("m10000,4", "00070e15"), "m: four bytes");
	ask("m10000,ffff");
	tap_ok(reply_len == RSP_PACKET_MAX, "m: a longer read is cut to %u bytes", RSP_PACKET_MAX / 2);
	tap_ok(answers("m1fffe,4", "f2f9"), "m: a read up to the end of memory returns what is there");
	tap_ok(is_error("m0,4") && is_error("m10000") && is_error("m,4") && is_error("m10000,4x") &&
		       is_error("m123456789,4"), "m: unreadable, malformed and too large addresses: errors");
	tap_ok(answers("m10000,0", ""), "m: zero bytes, empty");
	tap_ok(answers("M10010,3:aabbcc", "OK") && fake_mem[0x10] == 0xaa && fake_mem[0x12] == 0xcc,
	       "M: writes");
	tap_ok(is_error("M10010,3:aabb") && is_error("M10010,2:aabbcc") && is_error("M10010,2:aazz") &&
		       is_error("M10010:aa") && is_error("M0,1:aa") && is_error("M10010,fff:aa"),
	       "M: length mismatches, non-hex, unwritable: errors");
}

static void test_breakpoints(void)
{
	static const uint8_t thumb[2] = { 0x01, 0xde }, thumb2[4] = { 0xf0, 0xf7, 0x00, 0xa0 },
			     arm[4] = { 0xf0, 0x01, 0xf0, 0xe7 };
	uint8_t before[8];

	reset();
	memcpy(before, fake_mem + 0x100, 8);
	tap_ok(answers("Z0,10100,2", "OK") && !memcmp(fake_mem + 0x100, thumb, 2) &&
		       fake_mem[0x102] == before[2], "Z0 kind 2: a Thumb breakpoint (0xde01), two bytes");
	tap_ok(answers("z0,10100,2", "OK") && !memcmp(fake_mem + 0x100, before, 8), "z0: the instruction back");
	tap_ok(answers("Z0,10102,3", "OK") && !memcmp(fake_mem + 0x102, thumb2, 4) &&
		       answers("z0,10102,3", "OK") && !memcmp(fake_mem + 0x100, before, 8),
	       "Z0 kind 3: a Thumb-2 breakpoint (0xf7f0 0xa000), and back");
	tap_ok(answers("Z0,10104,4", "OK") && !memcmp(fake_mem + 0x104, arm, 4), "Z0 kind 4: an ARM breakpoint (0xe7f001f0)");
	tap_ok(answers("Z0,10104,4", "OK") && answers("z0,10104,4", "OK") && !memcmp(fake_mem + 0x104, arm, 4) &&
		       answers("z0,10104,4", "OK") && !memcmp(fake_mem + 0x100, before, 8),
	       "Z0 twice at one address: the instruction comes back with the second z0");
	tap_ok(is_error("z0,10104,4") && is_error("Z0,10100,5") && is_error("Z0,0,4") &&
		       is_error("Z0,10100") && is_error("Z0,10100,2;X1,0"),
	       "Z0/z0: absent, bad kind, unwritable, malformed: errors");
	tap_ok(answers("Z0,10100,2", "OK") && is_error("Z0,10100,4") && answers("z0,10100,2", "OK"),
	       "Z0 of another kind at a breakpoint's address: error");
	tap_ok(answers("Z1,10100,2", "") && answers("Z2,10100,4", ""), "Z1, Z2: not supported (empty)");
	for (unsigned i = 0; i < ARM_BREAKPOINTS_MAX; i++) {
		char pkt[32];

		snprintf(pkt, sizeof(pkt), "Z0,%x,2", MEM_BASE + 2 * i);
		ask(pkt);
	}
	tap_ok(is_error("Z0,11000,2") && session.breakpoints.count == ARM_BREAKPOINTS_MAX,
	       "Z0 beyond %u breakpoints: error", ARM_BREAKPOINTS_MAX);
	arm_breakpoint_remove_all(&session.breakpoints, &session.target);
	tap_ok(session.breakpoints.count == 0 && fake_mem[0] == 0 && fake_mem[2] == 14,
	       "all taken out before a detach, every instruction back");
}

static void test_queries(void)
{
	char xml[4096] = "";
	size_t got = 0;
	int pieces = 0;
	char pkt[96];

	reset();
	tap_ok(answers("qSupported:multiprocess+;swbreak+;xmlRegisters=arm", "PacketSize=800;qXfer:features:read+"),
	       "qSupported: PacketSize and qXfer:features:read");
	do {
		snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,64", got);
		ask(pkt);
		memcpy(xml + got, reply + 1, reply_len - 1);
		got += reply_len - 1;
		pieces++;
	} while (reply[0] == 'm' && reply_len == 101 && pieces < 100);
	tap_ok(reply[0] == 'l' && pieces > 5 && strstr(xml, "<feature name=\"org.gnu.gdb.arm.core\">") &&
		       strstr(xml, "<architecture>arm</architecture>") &&
		       strstr(xml, "<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>") &&
		       !strcmp(xml + got - 18, "</feature></target>" + 1),
	       "qXfer target.xml: read in %d pieces of 100 bytes, the last 'l'", pieces);
	snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,64", got + 10);
	tap_ok(answers(pkt, "l"), "qXfer past the end: 'l'");
	tap_ok(is_error("qXfer:features:read:other.xml:0,64") && is_error("qXfer:features:read:target.xml:0"),
	       "qXfer: another annex, no length: errors");
	tap_ok(answers("qC", "QC64") && answers("qfThreadInfo", "m64") && answers("qsThreadInfo", "l"),
	       "qC, qfThreadInfo, qsThreadInfo: the one thread");
	tap_ok(answers("qAttached", "1") && answers("qAttached:64", "1"), "qAttached: 1 (GDB detaches on quit)");
	tap_ok(answers("Hg0", "OK") && answers("Hc-1", "OK") && answers("T64", "OK"), "H and T: OK");
	tap_ok(answers("?", "T05thread:64;"), "?: the exec stop, SIGTRAP");
	tap_ok(answers("s", "") && answers("vCont?", "") && answers("vMustReplyEmpty", "") &&
		       answers("QStartNoAckMode", "") && answers("qTStatus", "") && answers("X10000,0:", ""),
	       "s, vCont?, X and unknown packets: empty (no stepping claimed)");
}

static void test_run_control(void)
{
	reset();
	tap_ok(ask("c") == RSP_RESUME && resume_sig == 0, "c: resume, no signal");
	tap_ok(ask("C0b") == RSP_RESUME && resume_sig == SIGSEGV, "C 0b: resume with SIGSEGV");
	tap_ok(ask("C0a") == RSP_RESUME && resume_sig == SIGBUS && ask("C1e") == RSP_RESUME && resume_sig == SIGUSR1,
	       "C: GDB's numbers (10 SIGBUS, 30 SIGUSR1)");
	tap_ok(ask("c10200") == RSP_RESUME && fake_regs[GDB_ARM_PC] == 0x10200, "c addr: pc moved, resumed");
	tap_ok(ask("C05;10300") == RSP_RESUME && resume_sig == SIGTRAP && fake_regs[GDB_ARM_PC] == 0x10300,
	       "C sig;addr");
	tap_ok(is_error("C8f") && is_error("C") && is_error("C05;") && is_error("cxyz"),
	       "C with an unknown signal, none, a bad address: errors");
	tap_ok(ask("k") == RSP_KILL, "k: kill");
	tap_ok(ask("D") == RSP_DETACH && !strcmp(reply, "OK") && ask("D;64") == RSP_DETACH, "D: detach, OK");
	tap_ok(!strcmp(rsp_session_stopped(&session, (struct stop){ STOP_SIGNAL, SIGUSR1 }), "T1ethread:64;") &&
		       answers("?", "T1ethread:64;"), "stop reply for SIGUSR1: T1e (GDB's 30), '?' repeats it");
	tap_ok(!strcmp(rsp_session_stopped(&session, (struct stop){ STOP_INTERRUPT, 0 }), "T02thread:64;"),
	       "an interrupt: T02");
	tap_ok(!strcmp(rsp_session_stopped(&session, (struct stop){ STOP_EXITED, 3 }), "W03") &&
		       !strcmp(rsp_session_stopped(&session, (struct stop){ STOP_KILLED, SIGKILL }), "X09") &&
		       !strcmp(rsp_session_stopped(&session, (struct stop){ STOP_GROUP, SIGSTOP }), "T11thread:64;"),
	       "exit W03, killed X09, group-stop T11");
}

static void test_signals_and_status(void)
{
	int round_trip = 1;

	for (int sig = 1; sig < 32; sig++)
		if (sig != SIGSTKFLT)
			round_trip &= gdb_signal_to_linux(gdb_signal_from_linux(sig)) == sig;
	tap_ok(round_trip && gdb_signal_from_linux(SIGSTOP) == 17 && gdb_signal_from_linux(SIGCHLD) == 20 &&
		       gdb_signal_from_linux(40) == GDB_SIGNAL_UNKNOWN && gdb_signal_to_linux(0) == 0 &&
		       gdb_signal_to_linux(99) == -1, "signal numbers: Linux and GDB's, both ways");
	tap_ok(stop_from_status(3 << 8).kind == STOP_EXITED && stop_from_status(3 << 8).value == 3 &&
		       stop_from_status(SIGKILL).kind == STOP_KILLED &&
		       stop_from_status(SIGSEGV << 8 | 0x7f).kind == STOP_SIGNAL &&
		       stop_from_status((SIGTRAP | PTRACE_EVENT_EXEC << 8) << 8 | 0x7f).kind == STOP_EXEC &&
		       stop_from_status((SIGTRAP | PTRACE_EVENT_STOP << 8) << 8 | 0x7f).kind == STOP_INTERRUPT &&
		       stop_from_status((SIGSTOP | PTRACE_EVENT_STOP << 8) << 8 | 0x7f).kind == STOP_GROUP &&
		       stop_from_status((SIGTRAP | PTRACE_EVENT_FORK << 8) << 8 | 0x7f).kind == STOP_OTHER,
	       "wait statuses: exit, killed, signal, exec, interrupt, group-stop, other event");
}

/* Random packets (random bytes, sometimes a command letter first), framed,
 * one in four damaged, junk between them, through the framing and every
 * packet that arrives into the session; then random tails after every
 * command letter straight into the session. */
static void test_random(void)
{
	static const char heads[] = "?gGpPmMcCZzHTqvsXkD";
	static char pkt[RSP_PACKET_MAX + 64], framed[2 * sizeof(pkt) + 8];
	struct rsp_rx rx;
	size_t packets = 0, worst = 0;
	int sane = 1;

	srand(13);
	rsp_rx_init(&rx);
	for (long i = 0; i < 100000; i++) {
		size_t len = (size_t)rand() % (rand() % 50 ? 64 : sizeof(pkt)), n;

		for (size_t k = 0; k < len; k++)
			pkt[k] = (char)(k == 0 && rand() % 2 ? heads[rand() % (int)(sizeof(heads) - 1)] : rand());
		n = rsp_frame(pkt, len, framed, sizeof(framed));
		if (n > 0 && rand() % 4 == 0)
			framed[rand() % (int)n] = (char)rand();
		for (size_t k = 0; k < n + (size_t)(rand() % 3); k++) {
			if (rsp_rx_byte(&rx, (uint8_t)(k < n ? framed[k] : rand())) != RSP_RX_PACKET)
				continue;
			reset();
			packets++;
			rsp_session_handle(&session, rx.buf, rx.len, reply, &reply_len, &resume_sig);
			sane &= reply_len <= RSP_PACKET_MAX;
		}
	}
	for (long i = 0; i < 200000; i++) {
		size_t len = 1 + (size_t)rand() % 40;
		const char *alphabet = "0123456789abcdefxyz,:;=-";

		pkt[0] = heads[rand() % (int)(sizeof(heads) - 1)];
		for (size_t k = 1; k < len; k++)
			pkt[k] = alphabet[rand() % 24];
		if (rand() % 2 && len > 5)
			memcpy(pkt + 1, "1000", 4);
		reset();
		rsp_session_handle(&session, pkt, len, reply, &reply_len, &resume_sig);
		sane &= reply_len <= RSP_PACKET_MAX;
		worst = reply_len > worst ? reply_len : worst;
	}
	tap_ok(sane && packets > 50000, "100,000 random framed packets (%zu arrived) and 200,000 random commands: "
	       "every reply within %u bytes (longest %zu)", packets, RSP_PACKET_MAX, worst);
}

int main(void)
{
	test_hex();
	test_framing();
	test_registers();
	test_memory();
	test_breakpoints();
	test_queries();
	test_run_control();
	test_signals_and_status();
	test_random();
	return tap_done();
}
