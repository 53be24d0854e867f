/*
 * vie/paging.h - guest paging (placeholder until the paging layer lands).
 */
#ifndef VIE_PAGING_H
#define VIE_PAGING_H
#include <vie/status.h>
#include <vie/vmm.h>
#endif
