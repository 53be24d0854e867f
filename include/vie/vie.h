/*
 * vie/vie.h - the whole public API of libvie.
 */
#ifndef VIE_VIE_H
#define VIE_VIE_H

#include <vie/status.h>
#include <vie/vmm.h>
#include <vie/decode.h>
#include <vie/paging.h>

#define VIE_VERSION_MAJOR 0
#define VIE_VERSION_MINOR 1
#define VIE_VERSION_PATCH 0

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version as "MAJOR.MINOR.PATCH". */
VIE_API const char *vie_version(void);

#ifdef __cplusplus
}
#endif

#endif /* VIE_VIE_H */
