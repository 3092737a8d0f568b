/* glibc_fortify_shim.c — the glibc _FORTIFY_SOURCE entry points that
 * Debian's armhf mbedTLS archives (libmbedcrypto.a, libmbedx509.a,
 * libmbedtls.a, built against glibc) call, for static musl programs. Each
 * checks its bound as glibc does and, on a violation, prints glibc's message
 * and aborts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

void *__memcpy_chk(void *dst, const void *src, size_t len, size_t dst_len);
void *__memset_chk(void *dst, int c, size_t len, size_t dst_len);
int __printf_chk(int flag, const char *fmt, ...);
int __snprintf_chk(char *s, size_t max_len, int flag, size_t s_len, const char *fmt, ...);
int __vsnprintf_chk(char *s, size_t max_len, int flag, size_t s_len, const char *fmt, va_list ap);
long __fdelt_chk(long fd);

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

int __vsnprintf_chk(char *s, size_t max_len, int flag, size_t s_len, const char *fmt, va_list ap)
{
	(void)flag;
	if (s_len < max_len)
		fortify_fail();
	return vsnprintf(s, max_len, fmt, ap);
}

int __snprintf_chk(char *s, size_t max_len, int flag, size_t s_len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = __vsnprintf_chk(s, max_len, flag, s_len, fmt, ap);
	va_end(ap);
	return n;
}

/* FD_SET, FD_CLR and FD_ISSET of a fortified build: the word of fd in an
 * fd_set, for a descriptor the set can hold. */
long __fdelt_chk(long fd)
{
	if (fd < 0 || fd >= FD_SETSIZE)
		fortify_fail();
	return fd / (long)(8 * sizeof(long));
}
