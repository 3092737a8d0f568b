/*
 * lfs_handles.c - open files and directories, and the entry a rename is
 * moving, are kept on a list so that every commit can keep their (pair, id)
 * right: CREATE/DELETE tags shift ids (SPEC "0x401 LFS_TYPE_CREATE"), a
 * compaction or relocation changes the pair's blocks, a split moves the
 * upper ids to a new pair.
 */
#include "lfs_internal.h"

void lfs_handle_add(lfs_t *lfs, struct lfs_handle *h)
{
	h->next = lfs->handles;
	lfs->handles = h;
}

void lfs_handle_remove(lfs_t *lfs, struct lfs_handle *h)
{
	for (struct lfs_handle **p = &lfs->handles; *p; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			return;
		}
	}
}

static uint16_t lfs_handle_shift(const struct lfs_handle *h, uint16_t id,
				 const struct lfs_mattr *attrs, int n, uint16_t base)
{
	for (int i = 0; i < n && id != LFS_ID_NONE; i++) {
		uint32_t type3 = lfs_tag_type3(attrs[i].tag);
		uint16_t aid = (uint16_t)(lfs_tag_id(attrs[i].tag) - base);
		if (type3 == LFS_T_CREATE && id >= aid) {
			id++;
		} else if (type3 == LFS_T_DELETE) {
			if (id > aid)
				id--;
			else if (id == aid && h->type != LFS_TYPE_DIR)
				id = LFS_ID_NONE;
		}
	}
	return id;
}

void lfs_handles_after_commit(lfs_t *lfs, const lfs_block_t old[2], const lfs_mdir_t *low,
			      const lfs_mdir_t *high, uint16_t split, const struct lfs_mattr *attrs,
			      int n, bool attrs_high)
{
	for (struct lfs_handle *h = lfs->handles; h; h = h->next) {
		if (h->type == LFS_TYPE_DIR) {
			lfs_dir_t *d = (lfs_dir_t *)h;
			if (lfs_pair_same(d->head, old)) {
				d->head[0] = low->pair[0];
				d->head[1] = low->pair[1];
			}
		}
		if (!lfs_pair_same(h->m.pair, old))
			continue;
		uint16_t id = h->id;
		if (high && id != LFS_ID_NONE && id >= split) {
			h->m = *high;
			id = (uint16_t)(id - split);
			if (attrs_high)
				id = lfs_handle_shift(h, id, attrs, n, split);
		} else {
			h->m = *low;
			if (!attrs_high)
				id = lfs_handle_shift(h, id, attrs, n, 0);
		}
		h->id = id;
	}
}
