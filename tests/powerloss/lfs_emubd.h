/*
 * lfs_emubd.h - emulated NOR flash for the littlefs core tests: a RAM image
 * with erase counters, bad blocks, a check that every program hits erased
 * bytes, and a power cut at the N-th program or erase that can leave the
 * interrupted operation half done or garbage.
 */
#ifndef SPHERULE_LFS_EMUBD_H
#define SPHERULE_LFS_EMUBD_H

#include "../../lfs/lfs.h"

/* Error the device returns once power is cut (not a bad-block error). */
#define EMUBD_ERR_POWERLOSS (-108)

enum emubd_cut_mode {
	EMUBD_CUT_CLEAN = 0,    /* the interrupted operation did nothing */
	EMUBD_CUT_HALF = 1,     /* its first half was done */
	EMUBD_CUT_GARBAGE = 2,  /* the region holds random bytes */
};

enum emubd_bad_mode {
	EMUBD_BAD_NONE = 0,
	EMUBD_BAD_FAIL = 1,     /* prog and erase return LFS_ERR_CORRUPT */
	EMUBD_BAD_SILENT = 2,   /* prog stores flipped bits and returns 0 */
};

struct emubd {
	struct lfs_config cfg;
	uint8_t *data;
	uint32_t *erases;       /* per block */
	uint8_t *bad;           /* enum emubd_bad_mode per block */
	long ops;               /* programs + erases so far */
	long cut_at;            /* power fails at this op number (0: never) */
	int cut_mode;
	int powered_off;
	long reprograms;        /* programs over non-erased bytes (must stay 0) */
	uint32_t rng;
};

/* Geometry in cfg-style arguments; caches default to prog/read sizes. */
int emubd_init(struct emubd *bd, lfs_size_t read_size, lfs_size_t prog_size,
	       lfs_size_t block_size, lfs_size_t block_count);
void emubd_free(struct emubd *bd);
/* Power the device back on, without a pending cut. */
void emubd_power_on(struct emubd *bd);
void emubd_cut_after(struct emubd *bd, long ops, int mode);

#endif
