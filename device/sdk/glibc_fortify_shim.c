/* glibc_fortify_shim.c — the four glibc _FORTIFY_SOURCE entry points that
 * Debian's armhf libmbedcrypto.a (built against glibc) calls, for static
 * musl programs. Each checks the destination bound like glibc does and, on
 * overflow, prints glibc's message and aborts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len);
void *__memset_chk(void *dst, int c, size_t len, size_t dst_len);
int __printf_chk(int flag, const char *fmt, ...);
int __snprintf_chk(char *s, size_t max_len, int flag, size_t s_len, const char *fmt, ...);

__attribute__((noreturn))
static void fortify_fail(void)
{
	static const char msg[] = "*** buffer overflow detected ***: terminated\n";

	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	abort();
}

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len)
{
	if (dst_len < len)
		fortify_fail();
	return memcpy(dst, src, len);
}

void *__memset_chk(void *dst, int c, size_t len, size_t dst_len)
{
	if (dst_len < len)
		fortify_fail();
	return memset(dst, c, len);
}

int __printf_chk(int flag, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)flag;
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int __snprintf_chk(char *s, size_t max_len, int flag, size_t s_len, const char *fmt, ...)
{
	va_list ap;
	int n;

	(void)flag;
	if (s_len < max_len)
		fortify_fail();
	va_start(ap, fmt);
	n = vsnprintf(s, max_len, fmt, ap);
	va_end(ap);
	return n;
}
