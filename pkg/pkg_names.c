/* pkg_names.c - the names of sections and image types used in messages. */
#include "pkg_internal.h"

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
