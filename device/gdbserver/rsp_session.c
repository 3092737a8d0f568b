/* rsp_session.c — the RSP packets gdbserver answers (see rsp_session.h). */
#include "rsp_session.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gdb_signals.h"
#include "rsp_frame.h"
#include "rsp_hex.h"

#define MEM_MAX (RSP_PACKET_MAX / 2)
#define REG_HEX 8 /* one register's digits */

/* The target description: the ARM core registers of GDB's own
 * arm-core.xml, so that GDB needs no FPA registers in 'g'. */
static const char target_xml[] =
	"<?xml version=\"1.0\"?>"
	"<target version=\"1.0\">"
	"<architecture>arm</architecture>"
	"<osabi>GNU/Linux</osabi>"
	"<feature name=\"org.gnu.gdb.arm.core\">"
	"<reg name=\"r0\" bitsize=\"32\"/><reg name=\"r1\" bitsize=\"32\"/>"
	"<reg name=\"r2\" bitsize=\"32\"/><reg name=\"r3\" bitsize=\"32\"/>"
	"<reg name=\"r4\" bitsize=\"32\"/><reg name=\"r5\" bitsize=\"32\"/>"
	"<reg name=\"r6\" bitsize=\"32\"/><reg name=\"r7\" bitsize=\"32\"/>"
	"<reg name=\"r8\" bitsize=\"32\"/><reg name=\"r9\" bitsize=\"32\"/>"
	"<reg name=\"r10\" bitsize=\"32\"/><reg name=\"r11\" bitsize=\"32\"/>"
	"<reg name=\"r12\" bitsize=\"32\"/>"
	"<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>"
	"<reg name=\"lr\" bitsize=\"32\"/>"
	"<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
	"<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>"
	"</feature></target>";

struct packet {
	const char *p;   /* the next byte to parse */
	const char *end;
};

void rsp_session_init(struct rsp_session *s, const struct gdb_target *target, uint32_t tid)
{
	s->target = *target;
	s->tid = tid;
	s->breakpoints.count = 0;
	snprintf(s->stop_reply, sizeof(s->stop_reply), "T05thread:%x;", (unsigned)tid);
}

const char *rsp_session_stopped(struct rsp_session *s, struct stop st)
{
	char *r = s->stop_reply;
	size_t n = sizeof(s->stop_reply);

	switch (st.kind) {
	case STOP_EXITED:
		snprintf(r, n, "W%02x", st.value & 0xff);
		break;
	case STOP_KILLED:
		snprintf(r, n, "X%02x", gdb_signal_from_linux(st.value));
		break;
	case STOP_SIGNAL:
	case STOP_GROUP:
		snprintf(r, n, "T%02xthread:%x;", gdb_signal_from_linux(st.value), (unsigned)s->tid);
		break;
	case STOP_INTERRUPT:
		snprintf(r, n, "T%02xthread:%x;", gdb_signal_from_linux(SIGINT), (unsigned)s->tid);
		break;
	default:
		snprintf(r, n, "T05thread:%x;", (unsigned)s->tid);
		break;
	}
	return r;
}

/* Whether the packet starts with word (and then moves past it). */
static int take(struct packet *k, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(k->end - k->p) < n || memcmp(k->p, word, n) != 0)
		return 0;
	k->p += n;
	return 1;
}

static int at_end(const struct packet *k)
{
	return k->p == k->end;
}

/* hex number, then the separator sep (or the end when sep is 0). */
static int number(struct packet *k, uint32_t *v, char sep)
{
	if (rsp_hex_u32(&k->p, k->end, v) != 0)
		return -EINVAL;
	if (sep == 0)
		return 0;
	if (at_end(k) || *k->p != sep)
		return -EINVAL;
	k->p++;
	return 0;
}

static size_t error_reply(char *reply, int err)
{
	return (size_t)sprintf(reply, "E%02x", (unsigned)(err < 0 ? -err : err) & 0xff);
}

static size_t ok_or_error(char *reply, int err)
{
	return err < 0 ? error_reply(reply, err) : (size_t)sprintf(reply, "OK");
}

static void le32_put(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static uint32_t le32_get(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static size_t read_registers(struct rsp_session *s, char *reply)
{
	uint32_t regs[GDB_ARM_REGS];
	uint8_t b[4];
	char *o = reply;
	int err = s->target.get_regs(s->target.ctx, regs);

	if (err < 0)
		return error_reply(reply, err);
	for (int i = 0; i < GDB_ARM_REGS; i++) {
		le32_put(b, regs[i]);
		o = rsp_hex_encode(b, 4, o);
	}
	return (size_t)(o - reply);
}

static size_t write_registers(struct rsp_session *s, struct packet *k, char *reply)
{
	uint32_t regs[GDB_ARM_REGS];
	uint8_t b[4];

	if (k->end - k->p != GDB_ARM_REGS * REG_HEX)
		return error_reply(reply, -EINVAL);
	for (int i = 0; i < GDB_ARM_REGS; i++) {
		if (rsp_hex_decode(k->p + i * REG_HEX, 4, b) != 0)
			return error_reply(reply, -EINVAL);
		regs[i] = le32_get(b);
	}
	return ok_or_error(reply, s->target.set_regs(s->target.ctx, regs));
}

/* The index in 'g' of register number n of 'p' and 'P', or -1. */
static int register_index(uint32_t n)
{
	if (n < GDB_ARM_PC + 1)
		return (int)n;
	return n == GDB_ARM_CPSR_REGNUM ? GDB_ARM_CPSR : -1;
}

/* p n, or (write) P n=xxxxxxxx. */
static size_t one_register(struct rsp_session *s, struct packet *k, bool write, char *reply)
{
	uint32_t regs[GDB_ARM_REGS], n;
	uint8_t b[4];
	int i, err;

	if (number(k, &n, write ? '=' : 0) != 0 || (i = register_index(n)) < 0)
		return error_reply(reply, -EINVAL);
	if (write && (k->end - k->p != REG_HEX || rsp_hex_decode(k->p, 4, b) != 0))
		return error_reply(reply, -EINVAL);
	if (!write && !at_end(k))
		return error_reply(reply, -EINVAL);
	err = s->target.get_regs(s->target.ctx, regs);
	if (err < 0)
		return error_reply(reply, err);
	if (!write) {
		le32_put(b, regs[i]);
		return (size_t)(rsp_hex_encode(b, 4, reply) - reply);
	}
	regs[i] = le32_get(b);
	return ok_or_error(reply, s->target.set_regs(s->target.ctx, regs));
}

static size_t read_memory(struct rsp_session *s, struct packet *k, char *reply)
{
	static uint8_t buf[MEM_MAX];
	uint32_t addr, len;
	int n;

	if (number(k, &addr, ',') != 0 || number(k, &len, 0) != 0 || !at_end(k))
		return error_reply(reply, -EINVAL);
	if (len > MEM_MAX)
		len = MEM_MAX;
	if (len == 0)
		return 0;
	n = s->target.read_mem(s->target.ctx, addr, buf, len);
	if (n <= 0)
		return error_reply(reply, n < 0 ? n : -EFAULT);
	return (size_t)(rsp_hex_encode(buf, (size_t)n, reply) - reply);
}

static size_t write_memory(struct rsp_session *s, struct packet *k, char *reply)
{
	static uint8_t buf[MEM_MAX];
	uint32_t addr, len;

	if (number(k, &addr, ',') != 0 || number(k, &len, ':') != 0 || len > MEM_MAX ||
	    (size_t)(k->end - k->p) != 2u * len || rsp_hex_decode(k->p, len, buf) != 0)
		return error_reply(reply, -EINVAL);
	if (len == 0)
		return ok_or_error(reply, 0);
	return ok_or_error(reply, s->target.write_mem(s->target.ctx, addr, buf, len));
}

/* Z0,addr,kind and z0,addr,kind; other types are not supported (""). */
static size_t breakpoint(struct rsp_session *s, struct packet *k, bool insert, char *reply)
{
	uint32_t addr, kind;
	int err;

	if (!take(k, "0,"))
		return 0;
	if (number(k, &addr, ',') != 0 || number(k, &kind, 0) != 0 || !at_end(k))
		return error_reply(reply, -EINVAL);
	err = insert ? arm_breakpoint_insert(&s->breakpoints, &s->target, addr, kind)
		     : arm_breakpoint_remove(&s->breakpoints, &s->target, addr, kind);
	return ok_or_error(reply, err);
}

/* c [addr] and C sig[;addr]: the resume signal, pc moved to addr if given.
 * 0, or -EINVAL with the error reply written. */
static int resume(struct rsp_session *s, struct packet *k, bool with_signal, int *sig, char *reply,
		  size_t *reply_len)
{
	uint32_t gsig = 0, addr, regs[GDB_ARM_REGS];
	int err;

	*sig = 0;
	if (with_signal && (number(k, &gsig, 0) != 0 || (*sig = gdb_signal_to_linux((int)gsig)) < 0))
		goto bad;
	if (at_end(k))
		return 0;
	if ((with_signal && !take(k, ";")) || number(k, &addr, 0) != 0 || !at_end(k))
		goto bad;
	err = s->target.get_regs(s->target.ctx, regs);
	if (err == 0) {
		regs[GDB_ARM_PC] = addr;
		err = s->target.set_regs(s->target.ctx, regs);
	}
	if (err == 0)
		return 0;
	*reply_len = error_reply(reply, err);
	return err;
bad:
	*reply_len = error_reply(reply, -EINVAL);
	return -EINVAL;
}

/* qXfer:features:read:target.xml:offset,length */
static size_t read_target_xml(struct packet *k, char *reply)
{
	const size_t total = sizeof(target_xml) - 1;
	uint32_t off, len;
	size_t n;

	if (!take(k, "target.xml:"))
		return error_reply(reply, -ENOENT);
	if (number(k, &off, ',') != 0 || number(k, &len, 0) != 0 || !at_end(k))
		return error_reply(reply, -EINVAL);
	if (off >= total) {
		reply[0] = 'l';
		return 1;
	}
	n = total - off;
	if (n > len)
		n = len;
	if (n > RSP_PACKET_MAX - 1)
		n = RSP_PACKET_MAX - 1;
	reply[0] = off + n < total ? 'm' : 'l';
	memcpy(reply + 1, target_xml + off, n);
	return n + 1;
}

static size_t query(struct rsp_session *s, struct packet *k, char *reply)
{
	if (take(k, "Supported"))
		return (size_t)sprintf(reply, "PacketSize=%x;qXfer:features:read+", RSP_PACKET_MAX);
	if (take(k, "Xfer:features:read:"))
		return read_target_xml(k, reply);
	if (take(k, "fThreadInfo"))
		return (size_t)sprintf(reply, "m%x", (unsigned)s->tid);
	if (take(k, "sThreadInfo"))
		return (size_t)sprintf(reply, "l");
	if (take(k, "Attached"))
		return (size_t)sprintf(reply, "1");
	if (take(k, "C") && at_end(k))
		return (size_t)sprintf(reply, "QC%x", (unsigned)s->tid);
	return 0;
}

enum rsp_action rsp_session_handle(struct rsp_session *s, const char *pkt, size_t len, char *reply,
				   size_t *reply_len, int *resume_sig)
{
	struct packet k = { pkt + 1, pkt + len };
	size_t n = 0;

	*resume_sig = 0;
	*reply_len = 0;
	if (len == 0)
		return RSP_REPLY;
	switch (pkt[0]) {
	case '?': n = (size_t)sprintf(reply, "%s", s->stop_reply); break;
	case 'g': n = at_end(&k) ? read_registers(s, reply) : error_reply(reply, -EINVAL); break;
	case 'G': n = write_registers(s, &k, reply); break;
	case 'p': n = one_register(s, &k, false, reply); break;
	case 'P': n = one_register(s, &k, true, reply); break;
	case 'm': n = read_memory(s, &k, reply); break;
	case 'M': n = write_memory(s, &k, reply); break;
	case 'Z': n = breakpoint(s, &k, true, reply); break;
	case 'z': n = breakpoint(s, &k, false, reply); break;
	case 'H':
	case 'T': n = (size_t)sprintf(reply, "OK"); break;
	case 'q': n = query(s, &k, reply); break;
	case 'c':
	case 'C':
		if (resume(s, &k, pkt[0] == 'C', resume_sig, reply, reply_len) == 0)
			return RSP_RESUME;
		return RSP_REPLY;
	case 'k': return RSP_KILL;
	case 'D':
		*reply_len = (size_t)sprintf(reply, "OK");
		return RSP_DETACH;
	default: break;
	}
	*reply_len = n;
	return RSP_REPLY;
}
