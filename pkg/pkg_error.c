/* pkg_error.c - error reporting and the names used in messages. */
#include <stdarg.h>
#include <stdio.h>

#include "pkg_internal.h"

int pkg_fail(struct pkg_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

const char *pkg_section_name(uint16_t id)
{
	switch (id) {
	case PKG_SECTION_IDENTITY: return "IDENTITY";
	case PKG_SECTION_VERSION: return "VERSION";
	case PKG_SECTION_MANIFEST: return "MANIFEST";
	case PKG_SECTION_ABI_DEPENDS: return "ABI_DEPENDS";
	case PKG_SECTION_DEBUG: return "DEBUG";
	case PKG_SECTION_SIGNATURE: return "SIGNATURE";
	default: return "unknown";
	}
}

const char *pkg_image_type_name(uint16_t type)
{
	switch (type) {
	case PKG_IMAGE_APPLICATION: return "application";
	case PKG_IMAGE_OS_ROOTFS: return "os rootfs";
	case PKG_IMAGE_KERNEL: return "kernel";
	default: return "unknown";
	}
}
