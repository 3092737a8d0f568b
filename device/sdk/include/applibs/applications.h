/* applibs/applications.h — the app's own memory use as the OS sees it
 * (Azure Sphere applibs, same declarations: static inline functions). The
 * figures count pages, not the heap's bookkeeping: memory the app frees
 * stays counted until the allocator gives it back. */
#pragma once

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Not for apps: the library side of the inline functions below. */
typedef uint32_t z__Applications_MemoryKind;
enum {
    z__Applications_MemoryKind_Total = 0,
    z__Applications_MemoryKind_UserMode = 1,
    z__Applications_MemoryKind_PeakUserMode = 2,
};
size_t z__Applications_GetMemoryInKB(z__Applications_MemoryKind kind);

/* KiB the app uses in all: its processes' memory and what the kernel
 * holds on their behalf (its memory cgroup). 0 with errno EAGAIN when the
 * figure cannot be had now. */
static inline size_t Applications_GetTotalMemoryUsageInKB(void)
{
    return z__Applications_GetMemoryInKB(z__Applications_MemoryKind_Total);
}

/* KiB of the app's processes' own resident memory. 0 with errno EAGAIN on
 * failure. */
static inline size_t Applications_GetUserModeMemoryUsageInKB(void)
{
    return z__Applications_GetMemoryInKB(z__Applications_MemoryKind_UserMode);
}

/* The highest Applications_GetUserModeMemoryUsageInKB since the app
 * started. 0 with errno EAGAIN on failure. */
static inline size_t Applications_GetPeakUserModeMemoryUsageInKB(void)
{
    return z__Applications_GetMemoryInKB(z__Applications_MemoryKind_PeakUserMode);
}

#ifdef __cplusplus
}
#endif
